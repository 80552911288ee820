#!/usr/bin/env python3
"""kcc: compile one kernel C translation unit for user space.

Reads the TU's entry from a Kbuild compile database (compile_commands.json)
and runs the same compiler with the same headers, defines, -include lines
and warnings, after replacing the kernel's code-generation flags by
user-space ones (see KERNEL_ONLY_* below and docs/ARCHITECTURE.md, kenv).
The object is then post-processed so that it fits the kenv runtime:

  * every per-cpu section (.data..percpu*) is renamed to `kenv_percpu`, the
    one section the runtime copies into each driver thread's per-cpu area
    (the kernel reads per-cpu data at %gs:<symbol>, and the runtime sets the
    GS base so that <symbol> lands inside that copy);
  * kernel functions whose names collide with libc functions of different
    semantics (the printf family understands %pM, %pI4... in the kernel)
    are renamed to kenv_<name> (list: libc-renames.txt).

Modes:
  kcc.py --compdb DB --file SRC -o OBJ        compile SRC's own entry
  kcc.py --compdb DB --like any --source S -o OBJ --modname M
                                               compile a non-Kbuild source
                                               (kenv's own kernel-side C)
                                               with the flags of any entry
"""

import argparse
import json
import os
import shlex
import subprocess
import sys

# Flags that make sense only inside the kernel image; dropped.
KERNEL_ONLY_EXACT = {
    "-mcmodel=kernel",             # user code lives in the low 2 GB, not -2 GB
    "-pg", "-mrecord-mcount", "-mfentry", "-DCC_USING_FENTRY",  # ftrace
    "-mindirect-branch-register", "-mindirect-branch-cs-prefix",  # retpolines
    "-mskip-rax-setup",            # varargs ABI: %al must be set in user space
    "-mpreferred-stack-boundary=3",  # user ABI needs 16-byte stack alignment
    "-fno-allow-store-data-races", "-fconserve-stack",
    "-fno-asynchronous-unwind-tables",  # keep .eh_frame for backtraces
    "-fno-stack-clash-protection",
}
KERNEL_ONLY_PREFIXES = (
    "-mindirect-branch=", "-mfunction-return=", "-mharden-sls=",
    "-fstack-protector", "-mstack-protector-guard",  # canary is %gs:40
    "-ftrivial-auto-var-init=", "-fpatchable-function-entry=",
    "-fsanitize=", "-fsanitize-coverage=",  # kernel KASAN/KCSAN/KCOV flavours
    "-Wp,-MMD,", "-Wp,-MD,",       # replaced by our own depfile
)
USER_SPACE_FLAGS = ["-fno-stack-protector", "-fasynchronous-unwind-tables",
                    "-fno-omit-frame-pointer"]
# The kernel relies on x86's unaligned loads (HAVE_EFFICIENT_UNALIGNED_ACCESS:
# ether_addr_equal() reads a u32 at offset 2); the kernel's own UBSAN leaves
# alignment checks off by default (UBSAN_ALIGNMENT=n), and so does kenv.
SANITIZE_FLAGS = ["-fsanitize=address,undefined", "-fno-sanitize=alignment",
                  "-fno-sanitize-recover=undefined"]

HERE = os.path.dirname(os.path.abspath(__file__))
PERCPU_SECTION = "kenv_percpu"


class KccError(Exception):
    pass


def entry_arguments(entry):
    if "arguments" in entry:
        return list(entry["arguments"])
    return shlex.split(entry["command"])


def find_entry(db, path):
    """The TU's own entry; for a rewritten copy of a TU elsewhere (a split
    driver's half), the one entry whose file has the same name."""
    want = os.path.realpath(path)
    for entry in db:
        src = os.path.join(entry["directory"], entry["file"])
        if os.path.realpath(src) == want:
            return entry
    same = [e for e in db if os.path.basename(e["file"]) == os.path.basename(path)]
    if len(same) == 1:
        return same[0]
    names = ", ".join(os.path.basename(e["file"]) for e in db)
    raise KccError(f"{path}: no entry in the compile database (it has: {names})")


def user_space_arguments(args, source, output, depfile, sanitize, modname,
                         extra):
    """The entry's command line, rewritten for a user-space object."""
    out = [args[0]]
    i = 1
    while i < len(args):
        a = args[i]
        if a == "-o" or a == "-c":
            i += 2 if a == "-o" else 1
            continue
        if a.endswith((".c", ".S")) and not a.startswith("-"):
            i += 1
            continue
        if a in KERNEL_ONLY_EXACT or a.startswith(KERNEL_ONLY_PREFIXES):
            i += 1
            continue
        if modname and a.startswith(("-DKBUILD_BASENAME=", "-DKBUILD_MODNAME=",
                                     "-D__KBUILD_MODNAME=")):
            i += 1
            continue
        out.append(a)
        i += 1
    if modname:
        base = os.path.splitext(os.path.basename(source))[0]
        out += [f'-DKBUILD_BASENAME="{base}"', f'-DKBUILD_MODNAME="{modname}"',
                f"-D__KBUILD_MODNAME=kmod_{modname}"]
    out += USER_SPACE_FLAGS
    if sanitize:
        # ASan's redzones inflate frames past the kernel's 2 KB warning limit.
        out = [a for a in out if not a.startswith("-Wframe-larger-than=")]
        out += SANITIZE_FLAGS
    out += extra
    if depfile:
        out += ["-MD", "-MF", depfile]
    out += ["-c", "-o", output, source]
    return out


def read_list(path):
    with open(path) as f:
        return [ln.split("#")[0].strip() for ln in f
                if ln.split("#")[0].strip()]


def absolutize_depfile(depfile, directory):
    """Kbuild's -I./include paths are relative to the headers directory the
    compiler ran in; ninja reads them relative to the build tree."""
    with open(depfile) as f:
        text = f.read().replace("\\\n", " ")
    target, _, deps = text.partition(": ")
    out = []
    for dep in deps.split():
        out.append(dep if os.path.isabs(dep) else
                   os.path.normpath(os.path.join(directory, dep)))
    with open(depfile, "w") as f:
        f.write(target + ": " + " \\\n ".join(out) + "\n")


def postprocess(objcopy, output):
    """Per-cpu sections into kenv_percpu; libc-colliding names renamed."""
    sections = subprocess.run(["readelf", "-SW", output], check=True,
                              capture_output=True, text=True).stdout
    cmd = [objcopy]
    for line in sections.splitlines():
        fields = line.replace("[ ", "[").split()
        if len(fields) > 1 and fields[1].startswith(".data..percpu"):
            cmd.append(f"--rename-section={fields[1]}={PERCPU_SECTION}")
    for name in read_list(os.path.join(HERE, "libc-renames.txt")):
        cmd.append(f"--redefine-sym={name}=kenv_{name}")
    cmd.append(output)
    subprocess.run(cmd, check=True)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--compdb", required=True)
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--file", help="a TU of the compile database")
    g.add_argument("--like", help="'any' or a TU whose flags --source borrows")
    p.add_argument("--source", help="with --like: the file to compile")
    p.add_argument("--modname", help="with --like: KBUILD_MODNAME to use")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--depfile")
    p.add_argument("--sanitize", action="store_true",
                   help="add -fsanitize=address,undefined")
    p.add_argument("--extra", action="append", default=[],
                   help="one more compiler flag (repeatable)")
    p.add_argument("--objcopy", default="objcopy")
    p.add_argument("--print", action="store_true",
                   help="print the compiler command instead of running it")
    opt = p.parse_args(argv)
    try:
        with open(opt.compdb) as f:
            db = json.load(f)
        if not db:
            raise KccError(f"{opt.compdb}: empty compile database")
        if opt.file:
            entry = find_entry(db, opt.file)
            source = os.path.realpath(opt.file)
            modname = None
        else:
            if not opt.source or not opt.modname:
                raise KccError("--like needs --source and --modname")
            entry = db[0] if opt.like == "any" else find_entry(db, opt.like)
            source = os.path.realpath(opt.source)
            modname = opt.modname
        output = os.path.abspath(opt.output)
        depfile = os.path.abspath(opt.depfile) if opt.depfile else None
        cmd = user_space_arguments(entry_arguments(entry), source, output,
                                   depfile, opt.sanitize, modname, opt.extra)
        if opt.print:
            print(shlex.join(cmd))
            return 0
        os.makedirs(os.path.dirname(output), exist_ok=True)
        r = subprocess.run(cmd, cwd=entry["directory"])
        if r.returncode != 0:
            raise KccError(f"{source}: compiler failed (exit {r.returncode}); "
                           f"command: {shlex.join(cmd)}")
        postprocess(opt.objcopy, output)
        if depfile:
            absolutize_depfile(depfile, entry["directory"])
    except (KccError, OSError, json.JSONDecodeError,
            subprocess.CalledProcessError) as e:
        print(f"kcc: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
