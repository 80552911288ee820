#!/usr/bin/env python3
"""gen_walkers: per-type walkers of a marshal description (format 2) for the
round-trip test (rt.h says how they are used).

  gen_walkers.py <driver.marshal.json> <out dir>

writes, from the description alone (never from the codec it checks):

  rt_ids.h       an index per described type (its place in the description)
  rt_real.c      kernel C over the driver's own structs: fill (random values
                 of each field's kind) and dump (every field, as the wire
                 sees it); built with kenv's recipe against the real headers
  rt_mirror.cpp  C++ over the mirror structs of `sdm-schema --mirror`: dump

Each field kind has one fragment per world (FRAGMENTS); a kind the test does
not know is an error naming the field, so a new kind cannot go unchecked.
"""

import json
import os
import string
import sys

SCALARS = {"bool", "i8", "u8", "i16", "u16", "i32", "u32", "i64", "u64"}
DIR_BITS = {"both": "RT_BOTH", "to-user": "RT_TO_USER", "to-kernel": "RT_TO_KERNEL"}
# Fill order: values first, so that a pointer's length is known when it is set.
POINTER_KINDS = {"ref", "string", "bytes", "opaque", "region", "fnptr", "global",
                 "work", "delayed_work"}
WORK_FUNC = {"work": ".func", "delayed_work": ".work.func"}


def T(text):
    return string.Template(text)


# kind -> (fill over the real struct, dump over the real struct, dump over the mirror)
FRAGMENTS = {
    "scalar": (
        T("\to->${m} = (${ctype})g->ops->scalar(g);\n"),
        T("\td->ops->scalar(d, \"${n}\", -1, ${dir}, RT_W_${s}(o->${m}));\n"),
        T("  d->ops->scalar(d, \"${n}\", -1, ${dir}, RT_W_${s}(o->${c}));\n")),
    "length": (
        T("\to->${m} = (${ctype})g->ops->length(g);\n"),
        T("\td->ops->scalar(d, \"${n}\", -1, ${dir}, RT_W_${s}(o->${m}));\n"),
        T("  d->ops->scalar(d, \"${n}\", -1, ${dir}, RT_W_${s}(o->${c}));\n")),
    "bool": (
        T("\to->${m} = g->ops->scalar(g) & 1;\n"),
        T("\td->ops->scalar(d, \"${n}\", -1, ${dir}, RT_W_bool(${boolbyte}));\n"),
        T("  d->ops->scalar(d, \"${n}\", -1, ${dir}, RT_W_bool(o->${c}));\n")),
    "array": (
        T("\tfor (i = 0; i < ${alen}; i++)\n\t\to->${m}[i] = (${ctype})g->ops->scalar(g);\n"),
        T("\td->ops->list(d, \"${n}\", ${dir}, ${alen});\n"
          "\tfor (i = 0; i < ${alen}; i++)\n"
          "\t\td->ops->scalar(d, \"${n}\", (int)i, ${dir}, RT_W_${s}(o->${m}[i]));\n"),
        T("  d->ops->list(d, \"${n}\", ${dir}, o->n_${c});\n"
          "  for (uint32_t i = 0; i < o->n_${c}; i++)\n"
          "    d->ops->scalar(d, \"${n}\", (int)i, ${dir}, RT_W_${s}(o->${c}[i]));\n")),
    "struct_array": (
        T("\tfor (i = 0; i < ${alen}; i++)\n\t\tfill_${sub}(g, &o->${m}[i]);\n"),
        T("\td->ops->list(d, \"${n}\", ${dir}, ${alen});\n"
          "\tfor (i = 0; i < ${alen}; i++) {\n"
          "\t\td->ops->enter(d, \"${n}\", (int)i, ${dir});\n"
          "\t\tdump_${sub}(d, &o->${m}[i]);\n\t\td->ops->leave(d);\n\t}\n"),
        T("  d->ops->list(d, \"${n}\", ${dir}, o->n_${c});\n"
          "  for (uint32_t i = 0; i < o->n_${c}; i++) {\n"
          "    d->ops->enter(d, \"${n}\", (int)i, ${dir});\n"
          "    dump_${sub}(d, &o->${c}[i]);\n    d->ops->leave(d);\n  }\n")),
    "struct": (
        T("\tfill_${sub}(g, &o->${m});\n${embedded}"),
        T("\td->ops->enter(d, \"${n}\", -1, ${dir});\n"
          "\tdump_${sub}(d, &o->${m});\n\td->ops->leave(d);\n"),
        T("  d->ops->enter(d, \"${n}\", -1, ${dir});\n"
          "  dump_${sub}(d, &o->${c});\n  d->ops->leave(d);\n")),
    "ref": (
        T("\to->${m} = g->ops->ref(g, ${tid}, ${rcount});\n"),
        T("\td->ops->ref(d, \"${n}\", ${dir}, o->${m}, ${tid}, ${rcount});\n"),
        T("  d->ops->ref(d, \"${n}\", ${dir}, o->${c}, ${tid}, ${mcount});\n")),
    "computed_ref": (
        T("\tg->ops->adopt(g, ${tid}, (void *)(${cexpr}));\n"),
        T("\td->ops->ref(d, \"${n}\", ${dir}, (const void *)(${cexpr}), ${tid}, 1);\n"),
        T("  d->ops->ref(d, \"${n}\", ${dir}, o->${c}, ${tid}, 1);\n")),
    "string": (
        T("\to->${m} = g->ops->string(g);\n"),
        T("\td->ops->string(d, \"${n}\", ${dir}, o->${m});\n"),
        T("  d->ops->string(d, \"${n}\", ${dir}, o->${c});\n")),
    "bytes": (
        T("\to->${m} = g->ops->bytes(g, o->${lm});\n"),
        T("\td->ops->bytes(d, \"${n}\", ${dir}, o->${m}, o->${lm});\n"),
        T("  d->ops->bytes(d, \"${n}\", ${dir}, o->${c}, o->${lc});\n")),
    "opaque": (
        T("\to->${m} = (void *)(uintptr_t)g->ops->scalar(g);\n"),
        T("\td->ops->scalar(d, \"${n}\", -1, ${dir}, (uint64_t)(uintptr_t)o->${m});\n"),
        T("  d->ops->scalar(d, \"${n}\", -1, ${dir}, (uint64_t)(uintptr_t)o->${c});\n")),
    "region": (
        T("\to->${m} = g->ops->region(g);\n"),
        T("\td->ops->region(d, \"${n}\", ${dir}, (const void *)(uintptr_t)o->${m});\n"),
        T("  d->ops->region(d, \"${n}\", ${dir}, o->${c});\n")),
    "fnptr": (
        T("\to->${m} = (__typeof__(o->${m}))(uintptr_t)g->ops->symbol(g, RT_FUNCTION);\n"),
        T("\td->ops->symbol(d, \"${n}\", ${dir}, (const void *)(uintptr_t)o->${m}, RT_FUNCTION);\n"),
        T("  d->ops->symbol(d, \"${n}\", ${dir}, o->${c}, RT_FUNCTION);\n")),
    "global": (
        T("\to->${m} = g->ops->symbol(g, RT_GLOBAL);\n"),
        T("\td->ops->symbol(d, \"${n}\", ${dir}, o->${m}, RT_GLOBAL);\n"),
        T("  d->ops->symbol(d, \"${n}\", ${dir}, o->${c}, RT_GLOBAL);\n")),
    # A kernel list (chain) is filled empty and not compared: the mirror
    # holds its wire as plain indices, and the in-place codec's own test
    # (marshal_inplace_tests, InPlaceChain.*) checks entries, order and
    # relinking. Empty, the encoder walks a valid list.
    "chain": (
        T("\tINIT_LIST_HEAD(&o->${m});\n"),
        T(""),
        T("")),
    "work": (
        T("\to->${m}${wf} = (work_func_t)(uintptr_t)g->ops->symbol(g, RT_WORK);\n"),
        T("\td->ops->symbol(d, \"${n}\", ${dir}, (const void *)(uintptr_t)o->${m}${wf}, RT_FUNCTION);\n"),
        T("  d->ops->symbol(d, \"${n}\", ${dir}, o->${c}, RT_FUNCTION);\n")),
}

REAL_FILE = T("""/* Generated by gen_walkers.py from ${source}: do not edit. */
#include "${driver}_sdm.h"
#include "rt.h"
#include "rt_ids.h"

${prototypes}
${functions}
static const struct rt_type types[] = {
${table}};

const struct rt_world rt_real = {"${driver}", types, RT_NTYPES, ${driver}_sdm_types};
""")

REAL_FUNCTIONS = T("""static void fill_${t}(struct rt_fill *g, void *obj)
{
	${ctype} *o = obj;
	uint32_t i = 0;

	(void)g; (void)o; (void)i;
${fill}}

static void dump_${t}(struct rt_dump *d, const void *obj)
{
	const ${ctype} *o = obj;
	uint32_t i = 0;

	(void)d; (void)o; (void)i;
${dump}}

""")

REAL_ROW = T("\t{\"${t}\", &${driver}_sdm_type_${tag}, sizeof(${ctype}), ${alloc}, ${interior},"
             " fill_${t}, dump_${t}},\n")

MIRROR_FILE = T("""// Generated by gen_walkers.py from ${source}: do not edit.
#include "${driver}_sdm_cxx.h"
#include "rt.h"
#include "rt_ids.h"

namespace {

${prototypes}
${functions}
const rt_type types[] = {
${table}};

}  // namespace

extern "C" const rt_world rt_mirror = {"${driver}", types, RT_NTYPES, ${driver}_types};
const sdm::CxxType *const *rt_mirror_cxx_types = ${driver}_cxx_types;
""")

MIRROR_FUNCTION = T("""void dump_${t}(rt_dump *d, const void *obj) {
  const ${mtype} *o = static_cast<const ${mtype} *>(obj);
  (void)d;
  (void)o;
${dump}}

""")

MIRROR_ROW = T("    {\"${t}\", &${mtype}_type, sizeof(${mtype}), 0, ${interior}, nullptr, dump_${t}},\n")


class DescriptionError(Exception):
    pass


def capnp_type_name(name):
    out, upper = "", True
    for c in name:
        if c == "_":
            upper = True
            continue
        out += c.upper() if upper else c
        upper = False
    return out


def mirror_member(name):
    """The mirror's C member: the schema's camelCase name back to snake_case
    (sdm-schema, then capnpc-sdmarshal's toSnakeCase)."""
    camel = capnp_type_name(name)
    camel = camel[:1].lower() + camel[1:]
    out = ""
    for c in camel:
        out += ("_" if out else "") + c.lower() if c.isupper() else c
    return out


def tag_of(ctype):
    for keyword in ("struct ", "union "):
        if ctype.startswith(keyword):
            ctype = ctype[len(keyword):]
    return "".join(c if c.isalnum() else "_" for c in ctype)


class Generator:
    def __init__(self, desc, source):
        self.desc = desc
        self.source = source
        self.driver = desc["driver"]
        self.types = {t["name"]: t for t in desc["types"]}
        self.index = {t["name"]: i for i, t in enumerate(desc["types"])}
        for t in desc["types"]:
            if "ctype" not in t:
                raise DescriptionError(f"{t['name']}: no ctype (the test needs format 2, in place)")

    def tid(self, name):
        return f"RT_T_{name}"

    def kind(self, t, f):
        kind = f["type"]
        if kind in SCALARS:
            if any(g.get("length") == f["name"] for g in t["fields"]):
                return "length"
            return "bool" if kind == "bool" else "scalar"
        if kind == "array":
            return "array" if f["elem"] in SCALARS else "struct_array"
        if kind == "ref" and "cexpr" in f:
            return "computed_ref"
        if kind == "delayed_work":
            return "work"
        if kind == "local" or kind in FRAGMENTS:
            return kind
        raise DescriptionError(f"{t['name']}.{f['name']}: field type '{kind}' is not covered by the test")

    def sibling(self, t, name):
        for f in t["fields"]:
            if f["name"] == name:
                return f
        raise DescriptionError(f"{t['name']}: no field '{name}'")

    def vars(self, t, f, kind):
        m = f.get("cfield", f["name"])
        v = {"n": f["name"], "m": m, "c": mirror_member(f["name"]),
             "dir": DIR_BITS[f.get("dir", "both")], "s": f.get("elem", f["type"]),
             "alen": f"(sizeof(o->{m}) / sizeof(o->{m}[0]))",
             "wf": WORK_FUNC.get(f["type"], ""), "cexpr": f.get("cexpr", ""),
             "embedded": ""}
        # A bool's byte, not the bool: memory a decoder left alone holds 0xff
        # there, which is no valid _Bool (UBSan says so).
        v["boolbyte"] = f"o->{m}" if f.get("bitfield") else f"*(const uint8_t *)&o->{m}"
        v["ctype"] = "bool" if v["s"] == "bool" else ("int" if v["s"][0] == "i" else "uint") + \
            v["s"][1:] + "_t"
        target = f.get("target", f.get("elem"))
        if target in self.types:
            v["sub"], v["tid"] = target, self.tid(target)
            if kind == "struct" and self.types[target].get("interior"):
                v["embedded"] = f"\tg->ops->embedded(g, {self.tid(target)}, &o->{m});\n"
        length = f.get("length")
        if length:
            sib = self.sibling(t, length)
            v["lm"], v["lc"] = sib.get("cfield", sib["name"]), mirror_member(sib["name"])
        v["rcount"] = f"o->{v['lm']}" if length else "1"
        v["mcount"] = f"o->{v['lc']}" if length else "1"
        return v

    def walk(self, t, world):
        fields = [(f, self.kind(t, f)) for f in t["fields"]]
        fields = [(f, k) for f, k in fields if k != "local"]
        if world == 0:
            fields.sort(key=lambda fk: fk[0]["type"] in POINTER_KINDS)
        return "".join(FRAGMENTS[k][world].substitute(self.vars(t, f, k)) for f, k in fields)

    def ids(self):
        rows = "".join(f"\t{self.tid(t['name'])} = {i},\n" for i, t in enumerate(self.desc["types"]))
        return (f"/* Generated by gen_walkers.py from {self.source}: do not edit. */\n"
                f"#ifndef RT_IDS_H\n#define RT_IDS_H\nenum {{\n{rows}\tRT_NTYPES = "
                f"{len(self.desc['types'])}\n}};\n#endif\n")

    def real(self):
        protos, funcs, table = "", "", ""
        for t in self.desc["types"]:
            v = {"t": t["name"], "ctype": t["ctype"], "driver": self.driver,
                 "tag": tag_of(t["ctype"]), "alloc": t.get("alloc_size", "0"),
                 "interior": int(bool(t.get("interior")))}
            protos += (f"static void fill_{t['name']}(struct rt_fill *g, void *obj);\n"
                       f"static void dump_{t['name']}(struct rt_dump *d, const void *obj);\n")
            funcs += REAL_FUNCTIONS.substitute(v, fill=self.walk(t, 0), dump=self.walk(t, 1))
            table += REAL_ROW.substitute(v)
        return REAL_FILE.substitute(source=self.source, driver=self.driver, prototypes=protos,
                                    functions=funcs, table=table)

    def mirror(self):
        protos, funcs, table = "", "", ""
        for t in self.desc["types"]:
            v = {"t": t["name"], "mtype": f"{self.driver}_{capnp_type_name(t['name'])}",
                 "interior": int(bool(t.get("interior")))}
            protos += f"void dump_{t['name']}(rt_dump *d, const void *obj);\n"
            funcs += MIRROR_FUNCTION.substitute(v, dump=self.walk(t, 2))
            table += MIRROR_ROW.substitute(v)
        return MIRROR_FILE.substitute(source=self.source, driver=self.driver, prototypes=protos,
                                      functions=funcs, table=table)


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    source, out = argv[1], argv[2]
    try:
        with open(source) as f:
            desc = json.load(f)
        if desc.get("version") != 2:
            raise DescriptionError("description format version 2 expected")
        gen = Generator(desc, os.path.basename(source))
        os.makedirs(out, exist_ok=True)
        write(os.path.join(out, "rt_ids.h"), gen.ids())
        write(os.path.join(out, "rt_real.c"), gen.real())
        write(os.path.join(out, "rt_mirror.cpp"), gen.mirror())
    except (OSError, ValueError, KeyError, DescriptionError) as e:
        sys.stderr.write(f"gen_walkers: {source}: error: {e}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
