#!/usr/bin/env python3
"""ksymcov: symbol coverage of kernel objects built for user space.

Lists every symbol the objects use but do not define, and classifies it:

  downcall  named in downcalls.txt: a generated stub forwards it to the kernel
  local     defined by kenv (its kernel side or host side), or a libc function
            with the kernel's semantics (libc-shared.txt)
  sanitizer __asan_*/__ubsan_* entry points of a -fsanitize build
  host      named with --host-symbol: a plain-C function of the program
            hosting the objects (runtime glue, test harness), not a kernel one
  missing   neither: the build fails, naming the symbol and the functions
            (or data objects) that reference it

Nothing is silently stubbed. The tool also fails when kenv itself defines a
symbol twice (for instance a local implementation of a declared downcall).

Usage: ksymcov.py --local LIB_OR_OBJ... --downcalls downcalls.txt
                  --libc-shared libc-shared.txt [--report FILE] OBJ...
"""

import argparse
import collections
import os
import subprocess
import sys

DEFINED_TYPES = set("TDBRVWGSCi")  # global (upper case) or weak definitions


SANITIZER_PREFIXES = ("__asan_", "__ubsan_", "__sanitizer_")


class CovError(Exception):
    pass


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:
        raise CovError(f"{' '.join(cmd)}: {r.stderr.strip()}")
    return r.stdout


def read_names(path):
    names = set()
    with open(path) as f:
        for line in f:
            text = line.split("#")[0].strip()
            if text and not text.startswith("header "):
                names.add(text)
    return names


def nm_symbols(path):
    """(defined globals, strong undefined, weak undefined) of one file."""
    defined, undefined, weak = {}, set(), set()
    for line in run(["nm", "-A", path]).splitlines():
        head, _, rest = line.rpartition(": ")
        if not rest:
            head, _, rest = line.partition(":")
        fields = rest.split()
        if len(fields) == 2 and fields[0] in ("U", "w", "v"):
            (undefined if fields[0] == "U" else weak).add(fields[1])
        elif len(fields) == 3 and fields[1] in DEFINED_TYPES:
            defined.setdefault(fields[2], []).append(os.path.basename(head))
    return defined, undefined, weak


def weak_definitions(path):
    """Names of the weak definitions (nm types V, W) of one file."""
    names = set()
    for line in run(["nm", "-A", path]).splitlines():
        fields = line.rpartition(": ")[2].split()
        if len(fields) == 3 and fields[1] in ("V", "W"):
            names.add(fields[2])
    return names


def referencing_symbols(obj):
    """symbol name -> set of 'object:function' that reference it."""
    sections = {}
    for line in run(["readelf", "-SW", obj]).splitlines():
        line = line.replace("[ ", "[")
        f = line.split()
        if len(f) > 2 and f[0].startswith("[") and f[0].endswith("]"):
            sections[f[0][1:-1]] = f[1]
    symbols = collections.defaultdict(list)  # section name -> [(start, end, name)]
    for line in run(["readelf", "-sW", obj]).splitlines():
        f = line.split()
        if len(f) == 8 and f[3] in ("FUNC", "OBJECT") and f[6].isdigit():
            start, size = int(f[1], 16), int(f[2])
            symbols[sections.get(f[6], "")].append((start, start + max(size, 1), f[7]))
    refs = collections.defaultdict(set)
    target = None
    base = os.path.basename(obj)
    for line in run(["readelf", "-rW", obj]).splitlines():
        if line.startswith("Relocation section"):
            name = line.split("'")[1]
            target = name[len(".rela"):] if name.startswith(".rela") else None
            continue
        f = line.split()
        if target is None or len(f) < 5 or not all(c in "0123456789abcdef" for c in f[0]):
            continue
        sym = f[4]
        offset = int(f[0], 16)
        where = next((n for s, e, n in symbols.get(target, []) if s <= offset < e),
                     target)
        refs[sym].add(f"{base}:{where}")
    return refs


def classify(objects, locals_, downcalls, shared, host=frozenset()):
    obj_defined, obj_undefined, obj_weak = {}, set(), set()
    for o in objects:
        d, u, w = nm_symbols(o)
        obj_defined.update(d)
        obj_undefined |= u
        obj_weak |= w
    lib_defined = collections.defaultdict(list)
    lib_weak = set()
    for lib in locals_:
        d, _, _ = nm_symbols(lib)
        for name, where in d.items():
            lib_defined[name].extend(where)
        lib_weak |= weak_definitions(lib)
    problems = []
    for name, where in sorted(lib_defined.items()):
        # Weak definitions may repeat (C++ comdats such as
        # DW.ref.__gxx_personality_v0 in each host object): the linker keeps one.
        if len(where) > 1 and name not in lib_weak:
            problems.append(f"kenv defines {name} more than once ({', '.join(where)})")
    result = {}
    for name in sorted((obj_undefined | obj_weak) - set(obj_defined)):
        if name in downcalls:
            result[name] = "downcall"
        elif name in lib_defined or name in shared:
            result[name] = "local"
        elif name.startswith(SANITIZER_PREFIXES):
            result[name] = "sanitizer"
        elif name in host:
            result[name] = "host"
        elif name in obj_weak:
            result[name] = "weak"
        else:
            result[name] = "missing"
    return result, problems


def main(argv):
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("objects", nargs="+")
    p.add_argument("--local", action="append", default=[],
                   help="archive or object whose definitions are local (repeatable)")
    p.add_argument("--downcalls", required=True)
    p.add_argument("--libc-shared", required=True)
    p.add_argument("--host-symbol", action="append", default=[],
                   help="a non-kernel function the host program defines (repeatable)")
    p.add_argument("--report", help="write the classification here")
    p.add_argument("--stamp", help="touch this file on success")
    opt = p.parse_args(argv)
    try:
        result, problems = classify(opt.objects, opt.local,
                                    read_names(opt.downcalls),
                                    read_names(opt.libc_shared),
                                    frozenset(opt.host_symbol))
        counts = collections.Counter(result.values())
        lines = [f"{cls:9} {name}" for name, cls in result.items()]
        summary = (f"{len(opt.objects)} objects: {counts['local']} local, "
                   f"{counts['downcall']} downcall, {counts['host']} host, "
                   f"{counts['sanitizer']} sanitizer, {counts['weak']} weak, "
                   f"{counts['missing']} missing")
        if opt.report:
            with open(opt.report, "w") as f:
                f.write(summary + "\n" + "\n".join(lines) + "\n")
        missing = [n for n, c in result.items() if c == "missing"]
        if missing:
            refs = collections.defaultdict(set)
            for o in opt.objects:
                for sym, where in referencing_symbols(o).items():
                    refs[sym] |= where
            for name in missing:
                who = ", ".join(sorted(refs.get(name, {"?"})))
                problems.append(f"missing kernel symbol {name} (neither kenv-local "
                                f"nor a declared downcall), referenced by {who}")
        for msg in problems:
            print(f"ksymcov: error: {msg}", file=sys.stderr)
        print(f"ksymcov: {summary}")
        if problems:
            return 1
        if opt.stamp:
            with open(opt.stamp, "w") as f:
                f.write(summary + "\n")
    except (CovError, OSError) as e:
        print(f"ksymcov: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
