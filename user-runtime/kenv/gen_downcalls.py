#!/usr/bin/env python3
"""gen_downcalls: generate kenv's downcall stubs from downcalls.txt.

Prototypes are not written by hand: the listed headers are compiled (with
the kcc.py recipe) under gcc's -aux-info, which prints every declaration it
saw; each listed function's prototype is taken from there. The generated C
is then compiled against the same headers, so a stub can never disagree
with the kernel's declaration.

Each parameter type's class (pointer, integer, aggregate) is measured the
same way: a probe object holds one array per type whose size is
__builtin_classify_type() of that type, read back with nm -S.

Errors (a name the headers do not declare as an external function, a
variadic function, a struct returned by value) name the table's file:line.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


class GenError(Exception):
    pass


class Entry:
    def __init__(self, name, line):
        self.name = name
        self.line = line
        self.ret = None
        self.params = []  # C types


def read_table(path):
    headers, entries, seen = [], [], {}
    with open(path) as f:
        for n, raw in enumerate(f, 1):
            text = raw.split("#")[0].strip()
            if not text:
                continue
            if text.startswith("header "):
                headers.append(text.split(None, 1)[1])
                continue
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", text):
                raise GenError(f"{path}:{n}: not a function name: {text!r}")
            if text in seen:
                raise GenError(f"{path}:{n}: {text} already listed at line {seen[text]}")
            seen[text] = n
            entries.append(Entry(text, n))
    return headers, entries


def aux_info(headers, kcc_args):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "downcall_headers.c")
        aux = os.path.join(tmp, "aux.txt")
        with open(src, "w") as f:
            for h in headers:
                f.write(f"#include <{h}>\n")
        cmd = [sys.executable, os.path.join(HERE, "kcc.py")] + kcc_args + [
            "--like", "any", "--source", src, "--modname", "kenv",
            "-o", os.path.join(tmp, "h.o"), "--extra=-aux-info", f"--extra={aux}"]
        r = subprocess.run(cmd)
        if r.returncode:
            raise GenError("compiling the downcall headers failed (see above)")
        with open(aux) as f:
            return f.read().splitlines()


def split_params(text):
    parts, depth, cur = [], 0, ""
    for c in text:
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        if c == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += c
    if cur.strip():
        parts.append(cur.strip())
    return parts


def resolve(entries, lines, table):
    decls = {}
    for line in lines:
        m = re.match(r"/\* (.*?):(\d+):(\w+) \*/ (.*);$", line)
        if not m or not m.group(4).startswith("extern "):
            continue
        decl = m.group(4)[len("extern "):]
        fm = re.match(r"(.*?)\b([A-Za-z_]\w*) \((.*)\)$", decl)
        if fm:
            decls.setdefault(fm.group(2), (fm.group(1).strip(), fm.group(3)))
    for e in entries:
        if e.name not in decls:
            raise GenError(f"{table}:{e.line}: {e.name} is not declared as an "
                           "external function by the listed headers")
        ret, params = decls[e.name]
        e.ret = ret
        e.params = [] if params.strip() == "void" else split_params(params)
        for p in e.params:
            if p == "...":
                raise GenError(f"{table}:{e.line}: {e.name} is variadic; a "
                               "downcall needs a fixed argument list")


# __builtin_classify_type() results (gcc's enum type_class).
POINTER_CLASS = 5
AGGREGATE_CLASSES = (12, 13)  # record, union


def classify(entries, headers, kcc_args, table):
    """Type class of every parameter and return type, measured by gcc."""
    types = sorted({t for e in entries for t in e.params} |
                   {e.ret for e in entries if e.ret != "void"})
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "probe.c")
        obj = os.path.join(tmp, "probe.o")
        with open(src, "w") as f:
            for h in headers:
                f.write(f"#include <{h}>\n")
            for i, t in enumerate(types):
                f.write(f"char kenv_probe_{i}[__builtin_classify_type("
                        f"*(__typeof__({t}) *)0) + 1];\n")
        cmd = [sys.executable, os.path.join(HERE, "kcc.py")] + kcc_args + [
            "--like", "any", "--source", src, "--modname", "kenv", "-o", obj]
        if subprocess.run(cmd).returncode:
            raise GenError("compiling the type probe failed (see above)")
        out = subprocess.run(["nm", "-S", obj], check=True, capture_output=True,
                             text=True).stdout
    classes = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) == 4 and f[3].startswith("kenv_probe_"):
            classes[types[int(f[3][len("kenv_probe_"):])]] = int(f[1], 16) - 1
    for e in entries:
        if e.ret != "void" and classes[e.ret] in AGGREGATE_CLASSES:
            raise GenError(f"{table}:{e.line}: {e.name} returns '{e.ret}' by "
                           "value; a downcall returns at most 64 bits")
    return classes


def param_decl(ctype, name):
    if "(*)" in ctype:
        return ctype.replace("(*)", f"(*{name})", 1)
    if ctype.endswith("]"):
        i = ctype.index("[")
        return f"{ctype[:i]} {name}{ctype[i:]}"
    return f"{ctype} {name}"


def c_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


PREAMBLE = """\
/* Generated by user-runtime/kenv/gen_downcalls.py from downcalls.txt. */
{includes}
#include <kenv/downcall.h>

/* Integers: widened, sign-extended when the type is signed. */
#define KENV_VISIT_INT(i, t, x) do {					\\
	struct kenv_downcall_arg a_ = { t,				\\
		((__typeof__(x))-1 < (__typeof__(x))0) ?		\\
			KENV_ARG_SIGNED : KENV_ARG_UNSIGNED,		\\
		sizeof(x), (unsigned long long)(long long)(x) };	\\
	visit(sink, i, &a_);						\\
} while (0)

#define KENV_VISIT_PTR(i, t, x) do {					\\
	struct kenv_downcall_arg a_ = { t, KENV_ARG_POINTER, sizeof(x),	\\
		(unsigned long long)(unsigned long)(x) };		\\
	visit(sink, i, &a_);						\\
} while (0)

/* Structs by value: the address of their bytes in the frame. */
#define KENV_VISIT_AGG(i, t, x) do {					\\
	struct kenv_downcall_arg a_ = { t, KENV_ARG_AGGREGATE, sizeof(x),	\\
		(unsigned long long)(unsigned long)&(x) };		\\
	visit(sink, i, &a_);						\\
} while (0)
"""


def visit_macro(cls):
    if cls == POINTER_CLASS:
        return "KENV_VISIT_PTR"
    if cls in AGGREGATE_CLASSES:
        return "KENV_VISIT_AGG"
    return "KENV_VISIT_INT"


def stub(e, fid, classes):
    n = e.name
    names = [f"a{i}" for i in range(len(e.params))]
    out = []
    frame = f"struct kenv_frame_{n}"
    members = "".join(f"\t{param_decl(t, a)};\n" for t, a in zip(e.params, names))
    out.append(f"{frame} {{\n{members or chr(9) + 'char none;' + chr(10)}}};\n")
    out.append(f"static void kenv_marshal_{n}(const void *frame, kenv_arg_visitor visit,\n"
               f"\t\t\t\tvoid *sink)\n{{\n")
    if e.params:
        out.append(f"\tconst {frame} *f = frame;\n\n")
        for i, (t, a) in enumerate(zip(e.params, names)):
            out.append(f"\t{visit_macro(classes[t])}({i}, {c_string(t)}, f->{a});\n")
    else:
        out.append("\t(void)frame;\n\t(void)visit;\n\t(void)sink;\n")
    out.append("}\n\n")
    out.append(f"static const struct kenv_downcall_fn kenv_fn_{n} = {{\n"
               f"\t{fid}, {c_string(n)}, {c_string(e.ret)}, {len(e.params)}\n}};\n\n")
    params = ", ".join(param_decl(t, a) for t, a in zip(e.params, names)) or "void"
    out.append(f"{e.ret} {n}({params})\n{{\n")
    init = ", ".join(names) if names else "0"
    out.append(f"\t{frame} f = {{ {init} }};\n\n")
    call = f"kenv_downcall(&kenv_fn_{n}, &f, kenv_marshal_{n})"
    if e.ret == "void":
        out.append(f"\t{call};\n")
    else:
        out.append(f"\treturn ({e.ret})(unsigned long){call};\n")
    out.append("}\n\n")
    return "".join(out)


def generate(headers, entries, classes):
    includes = "".join(f"#include <{h}>\n" for h in headers)
    parts = [PREAMBLE.replace("{includes}", includes)]
    for fid, e in enumerate(entries):
        parts.append(stub(e, fid, classes))
    parts.append("const struct kenv_downcall_fn *const kenv_downcall_table[] = {\n")
    parts.extend(f"\t&kenv_fn_{e.name},\n" for e in entries)
    parts.append("};\n\n")
    parts.append(f"const unsigned int kenv_downcall_count = {len(entries)};\n")
    return "".join(parts)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--table", default=os.path.join(HERE, "downcalls.txt"))
    p.add_argument("--compdb", required=True, help="compile database for kcc.py")
    p.add_argument("-o", "--output", required=True)
    opt = p.parse_args(argv)
    try:
        headers, entries = read_table(opt.table)
        lines = aux_info(headers, ["--compdb", opt.compdb])
        resolve(entries, lines, opt.table)
        classes = classify(entries, headers, ["--compdb", opt.compdb], opt.table)
        text = generate(headers, entries, classes)
    except (GenError, OSError) as e:
        print(f"gen_downcalls: error: {e}", file=sys.stderr)
        return 1
    tmp = opt.output + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, opt.output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
