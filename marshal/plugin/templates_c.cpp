// C templates: the kernel-side codec and the mirror structs both codecs share.
#include "templates.h"

#include "generators.h"

namespace sdmarshal::gen {
namespace {

constexpr const char *kScalarAccessors = R"(static inline ${rtype} ${S}_get_${f}(const struct cpn_struct_r *r)
{
	return (${rtype})(cpn_r_u${bits}(r, ${off}) ^ ${dflt});
}

static inline void ${S}_set_${f}(const struct cpn_struct_b *b, ${rtype} v)
{
	cpn_b_set_u${bits}(b, ${off}, (uint${bits}_t)((uint${bits}_t)v ^ ${dflt}));
}

)";

constexpr const char *kScalarEncode = "\t${S}_set_${f}(b, o->${m});\n";
// A data field the peer did not change is not applied (sdm_ctx.shadow, the
// base sdt_sync gives): scalars, and function and global pointers, whose
// wire value (a table index) means the same in every message. ${ifchanged}
// is that test, or nothing for a one-way field (its sender's to set).
constexpr const char *kScalarDecode =
    "${ifchanged}\to->${m} = ${S}_get_${f}(r);\n";

const CFieldTemplates kVoid = {"", "", "", "", ""};

const CFieldTemplates kBool = {
    "\tbool ${f};\n",
    R"(static inline bool ${S}_get_${f}(const struct cpn_struct_r *r)
{
	return cpn_r_bit(r, ${off}) ^ ${dflt};
}

static inline void ${S}_set_${f}(const struct cpn_struct_b *b, bool v)
{
	cpn_b_set_bit(b, ${off}, v ^ ${dflt});
}

)",
    kScalarEncode, kScalarDecode, ""};

const CFieldTemplates kScalar = {"\t${ctype} ${f};\n", kScalarAccessors, kScalarEncode,
                                 kScalarDecode, ""};

// A flags word: the bits the peer changed, each side keeping its own.
const CFieldTemplates kFlags = {"\t${ctype} ${f};\n", kScalarAccessors, kScalarEncode,
                                R"(	{
		${ctype} changed = (${ctype})sdm_changed_bits(ctx, r, ${bitoff}, ${bits});

		o->${m} = (o->${m} & ~changed) | (${S}_get_${f}(r) & changed);
	}
)",
                                ""};

const CFieldTemplates kText = {
    "\tchar *${f};\n",
    R"(static inline int ${S}_get_${f}(const struct cpn_struct_r *r, const char **text, uint32_t *len)
{
	return cpn_r_text(r, ${ptr}, text, len);
}

static inline int ${S}_set_${f}(const struct cpn_struct_b *b, const char *text, uint32_t len)
{
	return cpn_b_set_text(b, ${ptr}, text, len);
}

)",
    R"(	if (o->${m})
		${S}_set_${f}(b, o->${m}, (uint32_t)strlen(o->${m}));
)",
    R"(	{
		const char *t;
		uint32_t n;

		${S}_get_${f}(r, &t, &n);
		o->${m} = t ? sdm_copy_text(ctx, t, n, "${where}") : NULL;
	}
)",
    ""};

const CFieldTemplates kData = {
    "\tstruct sdm_bytes ${f};\n",
    R"(static inline int ${S}_get_${f}(const struct cpn_struct_r *r, const uint8_t **data, uint32_t *len)
{
	return cpn_r_data(r, ${ptr}, data, len);
}

static inline int ${S}_set_${f}(const struct cpn_struct_b *b, const void *data, uint32_t len)
{
	return cpn_b_set_data(b, ${ptr}, data, len);
}

)",
    R"(	if (o->${m}.ptr)
		${S}_set_${f}(b, o->${m}.ptr, o->${m}.len);
)",
    R"(	{
		const uint8_t *d;
		uint32_t n;

		${S}_get_${f}(r, &d, &n);
		o->${m}.ptr = d ? sdm_copy_bytes(ctx, d, n, "${where}") : NULL;
		o->${m}.len = o->${m}.ptr ? n : 0;
	}
)",
    ""};

const CFieldTemplates kStruct = {
    "\tstruct ${sub} ${f};\n",
    R"(static inline int ${S}_get_${f}(const struct cpn_struct_r *r, struct cpn_struct_r *out)
{
	return cpn_r_struct(r, ${ptr}, out);
}

static inline int ${S}_init_${f}(const struct cpn_struct_b *b, struct cpn_struct_b *out)
{
	return cpn_b_init_struct(b, ${ptr}, ${sub}_DATA_WORDS, ${sub}_POINTERS, out);
}

)",
    R"(	{
		struct cpn_struct_b sub;

		if (!${S}_init_${f}(b, &sub))
			${sub}_encode(ctx, &o->${m}, &sub);
	}
)",
    R"(	{
		struct cpn_struct_r sub;
		struct sdm_sync_frame outer;

		${S}_get_${f}(r, &sub);
		outer = sdm_sync_enter(ctx, ${S}_SYNC_AT_${f}, ${sub}_DATA_WORDS * 8);
		${sub}_decode(ctx, &sub, &o->${m});
		sdm_sync_leave(ctx, &outer);
	}
)",
    "\t${sub}_visit(ctx, &o->${m});\n"};

const CFieldTemplates kPrimList = {
    "\t${ectype} *${f};\n\tuint32_t n_${f};\n",
    R"(static inline int ${S}_get_${f}(const struct cpn_struct_r *r, struct cpn_list_r *out)
{
	return cpn_r_list(r, ${ptr}, ${es}, out);
}

static inline int ${S}_init_${f}(const struct cpn_struct_b *b, uint32_t count, struct cpn_list_b *out)
{
	return cpn_b_init_list(b, ${ptr}, ${es}, count, out);
}

)",
    R"(	if (o->${m}) {
		struct cpn_list_b l;
		uint32_t i;

		if (!${S}_init_${f}(b, o->n_${f}, &l))
			for (i = 0; i < o->n_${f}; i++)
				cpn_lb_set(&l, i, ${elemout});
	}
)",
    R"(	{
		struct cpn_list_r l;
		uint32_t i;

		o->${m} = NULL;
		o->n_${f} = 0;
		if (!${S}_get_${f}(r, &l) && l.base) {
			o->${m} = sdm_alloc(ctx, (size_t)l.count * sizeof(*o->${m}), "${where}");
			if (o->${m}) {
				o->n_${f} = l.count;
				for (i = 0; i < l.count; i++)
					o->${m}[i] = ${elemin};
			}
		}
	}
)",
    ""};

const CFieldTemplates kStructList = {
    "\tstruct ${sub} *${f};\n\tuint32_t n_${f};\n",
    R"(static inline int ${S}_get_${f}(const struct cpn_struct_r *r, struct cpn_list_r *out)
{
	return cpn_r_list(r, ${ptr}, CPN_ELEM_COMPOSITE, out);
}

static inline int ${S}_init_${f}(const struct cpn_struct_b *b, uint32_t count, struct cpn_list_b *out)
{
	return cpn_b_init_struct_list(b, ${ptr}, count, ${sub}_DATA_WORDS, ${sub}_POINTERS, out);
}

)",
    R"(	if (o->${m}) {
		struct cpn_list_b l;
		struct cpn_struct_b e;
		uint32_t i;

		if (!${S}_init_${f}(b, o->n_${f}, &l))
			for (i = 0; i < o->n_${f} && !ctx->error; i++)
				if (!cpn_lb_struct(&l, i, &e))
					${sub}_encode(ctx, &o->${m}[i], &e);
	}
)",
    R"(	{
		struct cpn_list_r l;
		struct cpn_struct_r e;
		uint32_t i;
		const uint8_t *shadow = ctx->shadow;

		o->${m} = NULL;
		o->n_${f} = 0;
		ctx->shadow = NULL;	/* the elements' data is their own */
		if (!${S}_get_${f}(r, &l) && l.base) {
			o->${m} = sdm_alloc(ctx, (size_t)l.count * sizeof(*o->${m}), "${where}");
			if (o->${m}) {
				o->n_${f} = l.count;
				for (i = 0; i < l.count && !ctx->error; i++)
					if (!cpn_lr_struct(&l, i, &e))
						${sub}_decode(ctx, &e, &o->${m}[i]);
			}
		}
		ctx->shadow = shadow;
	}
)",
    R"(	if (o->${m}) {
		uint32_t i;

		for (i = 0; i < o->n_${f}; i++)
			${sub}_visit(ctx, &o->${m}[i]);
	}
)"};

constexpr const char *kRefMirror = "\tstruct ${sub} *${f};\n";
constexpr const char *kRefEncode = "\t${S}_set_${f}(b, ${crefout});\n";
constexpr const char *kRefVisit = "\t${crefout};\n";

const CFieldTemplates kRef = {
    kRefMirror, kScalarAccessors, kRefEncode,
    "\to->${m} = sdm_ref_in(ctx, ${S}_get_${f}(r), &${subtype}, ${ccount}, \"${where}\");\n",
    kRefVisit};

// A two-way reference the peer did not change (it still names the object
// the base names) is not applied either: the local one may be newer.
const CFieldTemplates kSyncedRef = {
    kRefMirror, kScalarAccessors, kRefEncode,
    R"(	{
		void *in = sdm_ref_in(ctx, ${S}_get_${f}(r), &${subtype}, ${ccount}, "${where}");

		if (!sdm_ref_unchanged(ctx, ${bitoff}, in))
			o->${m} = in;
	}
)",
    kRefVisit};

const CFieldTemplates kString = {
    "\tchar *${f};\n", kScalarAccessors,
    "\t${S}_set_${f}(b, sdm_ref_out(ctx, o->${m}, &sdm_string_type, 0, \"${where}\"));\n",
    "\to->${m} = sdm_ref_in(ctx, ${S}_get_${f}(r), &sdm_string_type, 0, \"${where}\");\n",
    "\tsdm_ref_out(ctx, o->${m}, &sdm_string_type, 0, \"${where}\");\n"};

// A byte array of the sibling length field's size (NULL when it is 0).
const CFieldTemplates kBytes = {
    "\tuint8_t *${f};\n", kScalarAccessors,
    "\t${S}_set_${f}(b, ${bytesout});\n",
    "\to->${m} = sdm_ref_in(ctx, ${S}_get_${f}(r), &sdm_bytes_type, ${ccount}, \"${where}\");\n",
    "\t${bytesout};\n"};

// In place: a referent at a C expression of the object (netdev_priv(o)).
const CFieldTemplates kComputedRef = {
    "", kScalarAccessors,
    "\t${S}_set_${f}(b, sdm_ref_out(ctx, ${cexpr}, &${subtype}, 1, \"${where}\"));\n",
    R"(	if (sdm_ref_in(ctx, ${S}_get_${f}(r), &${subtype}, 1, "${where}") != (void *)(${cexpr}))
		sdm_fail(ctx, -EPROTO, "${where}");
)",
    "\tsdm_ref_out(ctx, ${cexpr}, &${subtype}, 1, \"${where}\");\n"};

// In place: a work item each half owns; its handler crosses.
const CFieldTemplates kWork = {
    "", kScalarAccessors,
    "\t${S}_set_${f}(b, sdm_function_field_out(ctx, (const void *)o->${m}${wfunc}, \"${where}\"));\n",
    R"(	{
		void *fn = sdm_function_field_in(ctx, ${S}_get_${f}(r), (const void *)o->${m}${wfunc},
						 "${where}");

		if (fn && fn != SDM_FOREIGN_POINTER && (void *)o->${m}${wfunc} != fn)
			${winit}(&o->${m}, (work_func_t)fn);
	}
)",
    ""};

const CFieldTemplates kFunction = {
    "\tvoid *${f};\n", kScalarAccessors,
    "\t${S}_set_${f}(b, sdm_function_field_out(ctx, (const void *)o->${m}, \"${where}\"));\n",
    "${ifchanged}\to->${m} = sdm_function_field_in(ctx, ${S}_get_${f}(r), (const void *)o->${m}, \"${where}\");\n",
    ""};

const CFieldTemplates kGlobal = {
    "\tvoid *${f};\n", kScalarAccessors,
    "\t${S}_set_${f}(b, sdm_global_field_out(ctx, o->${m}, \"${where}\"));\n",
    "${ifchanged}\to->${m} = sdm_global_field_in(ctx, ${S}_get_${f}(r), o->${m}, \"${where}\");\n", ""};

// In place: a C array member, sent whole; a list of another length is refused.
const CFieldTemplates kInlinePrimList = {
    "", kPrimList.accessors,
    R"(	{
		struct cpn_list_b l;
		uint32_t i;

		if (!${S}_init_${f}(b, ${alen}, &l))
			for (i = 0; i < ${alen}; i++)
				cpn_lb_set(&l, i, ${elemout});
	}
)",
    R"(	{
		struct cpn_list_r l;
		uint32_t i;

		if (!${S}_get_${f}(r, &l) && l.base) {
			if (l.count != ${alen})
				sdm_fail(ctx, -EPROTO, "${where}");
			else
				for (i = 0; i < l.count; i++)
					o->${m}[i] = ${elemin};
		}
	}
)",
    ""};

const CFieldTemplates kInlineStructList = {
    "", kStructList.accessors,
    R"(	{
		struct cpn_list_b l;
		struct cpn_struct_b e;
		uint32_t i;

		if (!${S}_init_${f}(b, ${alen}, &l))
			for (i = 0; i < ${alen} && !ctx->error; i++)
				if (!cpn_lb_struct(&l, i, &e))
					${sub}_encode(ctx, &o->${m}[i], &e);
	}
)",
    R"(	{
		struct cpn_list_r l;
		struct cpn_struct_r e;
		uint32_t i;
		struct sdm_sync_frame outer;

		if (!${S}_get_${f}(r, &l) && l.base) {
			if (l.count != ${alen})
				sdm_fail(ctx, -EPROTO, "${where}");
			else
				for (i = 0; i < l.count && !ctx->error; i++) {
					if (cpn_lr_struct(&l, i, &e))
						continue;
					outer = sdm_sync_enter(ctx, ${S}_SYNC_AT_${f} + i * ${sub}_SYNC_BYTES,
							       ${sub}_DATA_WORDS * 8);
					${sub}_decode(ctx, &e, &o->${m}[i]);
					sdm_sync_leave(ctx, &outer);
				}
		}
	}
)",
    R"(	{
		uint32_t i;

		for (i = 0; i < ${alen}; i++)
			${sub}_visit(ctx, &o->${m}[i]);
	}
)"};

const CFieldTemplates kOpaque = {
    "\tvoid *${f};\n", kScalarAccessors,
    "\t${S}_set_${f}(b, (uint64_t)(uintptr_t)o->${m});\n",
    "${ifchanged}\to->${m} = (void *)(uintptr_t)${S}_get_${f}(r);\n",
    ""};

// Always applied, never judged by sync: the same (region, offset) may name
// another buffer (a ring reallocated into a freed buffer's region index),
// and no data path moves a region pointer on its own.
const CFieldTemplates kRegion = {
    "\tvoid *${f};\n", kScalarAccessors,
    "\t${S}_set_${f}(b, sdm_region_out(ctx, o->${m}, \"${where}\"));\n",
    "\to->${m} = sdm_region_in(ctx, ${S}_get_${f}(r), \"${where}\");\n",
    ""};

// In place: a kernel list's entries in order, to the user half only (the
// visit too: the user half never sends the kernel's entries back). The
// receiver relinks its copies; entries that left the list stay in the
// tracker, unlinked, until their address is reused.
const CFieldTemplates kChain = {
    "", kPrimList.accessors,
    R"(	{
		struct cpn_list_b l;
		const struct list_head *pos;
		uint32_t i = 0, n = 0;

		list_for_each(pos, &o->${m})
			n++;
		if (!${S}_init_${f}(b, n, &l))
			list_for_each(pos, &o->${m}) {
				if (i == n)
					break;
				cpn_lb_set(&l, i++, sdm_ref_out(ctx, list_entry(pos, ${etype}, ${link}),
								&${subtype}, 1, "${where}"));
			}
	}
)",
    R"(	{
		struct cpn_list_r l;
		uint32_t i;

		if (!${S}_get_${f}(r, &l)) {
			INIT_LIST_HEAD(&o->${m});
			for (i = 0; l.base && i < l.count && !ctx->error; i++) {
				${etype} *e = sdm_ref_in(ctx, (uint32_t)cpn_lr_get(&l, i), &${subtype}, 1,
							 "${where}");

				if (e)
					list_add_tail(&e->${link}, &o->${m});
			}
		}
	}
)",
    R"(	if (ctx->direction == SDM_TO_USER) {
		const struct list_head *pos;

		list_for_each(pos, &o->${m})
			sdm_ref_out(ctx, list_entry(pos, ${etype}, ${link}), &${subtype}, 1, "${where}");
	}
)"};

}  // namespace

const CFieldTemplates &cTemplates(FieldKind kind) {
  switch (kind) {
    case FieldKind::Void: return kVoid;
    case FieldKind::Bool: return kBool;
    case FieldKind::Int:
    case FieldKind::Float:
    case FieldKind::Enum: return kScalar;
    case FieldKind::Text: return kText;
    case FieldKind::Data: return kData;
    case FieldKind::Struct: return kStruct;
    case FieldKind::PrimList: return kPrimList;
    case FieldKind::StructList: return kStructList;
    case FieldKind::Ref: return kRef;
    case FieldKind::String: return kString;
    case FieldKind::Opaque: return kOpaque;
    case FieldKind::Region: return kRegion;
    case FieldKind::Function: return kFunction;
    case FieldKind::Global: return kGlobal;
    case FieldKind::Bytes: return kBytes;
    case FieldKind::Work:
    case FieldKind::DelayedWork: return kWork;
    case FieldKind::Chain: return kChain;
  }
  return kVoid;
}

const CFieldTemplates &cTemplates(const FieldPlan &f) {
  if (!f.cexpr.empty()) return kComputedRef;
  if (f.flags && !f.direction) return kFlags;  // one way: its sender's, whole
  if (f.inlineArray)
    return f.kind == FieldKind::StructList ? kInlineStructList : kInlinePrimList;
  if (syncedRef(f)) return kSyncedRef;
  return cTemplates(f.kind);
}

namespace ctmpl {

const char *const kHeader = R"(/* SPDX-License-Identifier: GPL-2.0 */
/* Generated by capnpc-sdmarshal from ${schema}: do not edit. */
#ifndef ${guard}
#define ${guard}

${includes}#include "sdm.h"

#ifdef __cplusplus
extern "C" {
#endif

${constants}${forwards}
${mirrors}${accessors}${declarations}
extern const struct sdm_type *const ${typesvar}[];
${ntypesdecl}
#ifdef __cplusplus
}
#endif

#endif
)";

const char *const kStructConstants = R"(#define ${S}_TYPE_ID ${id}ull
#define ${S}_DATA_WORDS ${dw}
#define ${S}_POINTERS ${pc}
)";

// Sync's copy of an element (sdm_type.sync_bytes): the data section, then
// each struct nested by value at its ${S}_SYNC_AT_ offset.
const char *const kSyncAt = "#define ${S}_SYNC_AT_${f} (${at})\n";
const char *const kSyncBytes = "#define ${S}_SYNC_BYTES (${at})\n";

const char *const kSyncCopy = R"(void ${S}_sync_copy(const struct sdm_ctx *ctx, const struct cpn_struct_r *r,
		uint8_t *out)
{
	(void)ctx;
	memset(out, 0, ${S}_SYNC_BYTES);
	sdm_sync_data(r, out, ${S}_DATA_WORDS * 8);
${refs}${nested}}

)";

// A two-way reference's slot: the object it names, not the message index.
const char *const kSyncRef = "\tsdm_sync_ref(ctx, out + ${off});\n";

const char *const kSyncNested = R"(	{
		struct cpn_struct_r sub;

		${S}_get_${f}(r, &sub);
		${sub}_sync_copy(ctx, &sub, out + ${S}_SYNC_AT_${f});
	}
)";

const char *const kSyncInlineList = R"(	{
		struct cpn_list_r l;
		struct cpn_struct_r e;
		uint32_t i;

		if (${S}_get_${f}(r, &l))
			l.count = 0;
		for (i = 0; i < l.count && i < ${calen}; i++)
			if (!cpn_lr_struct(&l, i, &e))
				${sub}_sync_copy(ctx, &e, out + ${S}_SYNC_AT_${f} + i * ${sub}_SYNC_BYTES);
	}
)";

// Only the member the discriminant selects: the others' pointers are not
// structs.
const char *const kSyncUnionMember = "\tif (${S}_which(r) == ${disc})\n${body}";

const char *const kMirror = R"(/* ${Sname}: ${dw} data words, ${pc} pointers */
struct ${S} {
${members}};

)";

const char *const kUnionAccessors = R"(${which_enum}
static inline uint16_t ${S}_which(const struct cpn_struct_r *r)
{
	return cpn_r_u16(r, ${discoff});
}

static inline void ${S}_set_which(const struct cpn_struct_b *b, uint16_t which)
{
	cpn_b_set_u16(b, ${discoff}, which);
}

)";

const char *const kDeclarations = R"(extern const struct sdm_type ${Stype};
void ${S}_encode(struct sdm_ctx *ctx, const void *obj, const struct cpn_struct_b *b);
void ${S}_decode(struct sdm_ctx *ctx, const struct cpn_struct_r *r, void *obj);
void ${S}_visit(struct sdm_ctx *ctx, const void *obj);
void ${S}_sync_copy(const struct sdm_ctx *ctx, const struct cpn_struct_r *r, uint8_t *out);

)";

const char *const kSource = R"(// SPDX-License-Identifier: GPL-2.0
/* Generated by capnpc-sdmarshal from ${schema}: do not edit. */
#include "${header}"

${checks}${functions}const struct sdm_type *const ${typesvar}[] = {
${typelist}	NULL,
};
${ntypesdef})";

const char *const kFunctions = R"(void ${S}_encode(struct sdm_ctx *ctx, const void *obj, const struct cpn_struct_b *b)
{
	const ${T} *o = obj;

	(void)ctx;
	(void)o;
${encode}}

void ${S}_decode(struct sdm_ctx *ctx, const struct cpn_struct_r *r, void *obj)
{
	${T} *o = obj;

	(void)ctx;
	(void)r;
	(void)o;
${decode}}

void ${S}_visit(struct sdm_ctx *ctx, const void *obj)
{
	const ${T} *o = obj;

	(void)ctx;
	(void)o;
${visit}}

${synccopy}const struct sdm_type ${Stype} = {
	.type_id = ${S}_TYPE_ID,
	.name = "${Sname}",
	.size = sizeof(${T}),
	.data_words = ${S}_DATA_WORDS,
	.ptr_count = ${S}_POINTERS,
	.visit = ${S}_visit,
	.encode = ${S}_encode,
	.decode = ${S}_decode,
	.sync_bytes = ${S}_SYNC_BYTES,
	.sync_copy = ${S}_sync_copy,
${extra}};

)";

const char *const kSwitch = R"(	${prologue}switch (o->which) {
${cases}	default:
${default}		break;
	}
)";

const char *const kCase = R"(	case ${disc}:
${body}		break;
)";

// In place: the description's width and signedness of a member, checked by
// the compiler of each half against the real struct.
const char *const kSizeCheck =
    "_Static_assert(sizeof(((${T} *)0)->${m}) == ${bytes}, \"${T}.${m}: the description (${where}) says ${bytes} byte(s)\");\n";
const char *const kSignCheck =
    "_Static_assert(((__typeof__(((${T} *)0)->${m}))-1 > 0) == ${unsigned}, \"${T}.${m}: the description (${where}) says ${signedness}\");\n";

}  // namespace ctmpl
}  // namespace sdmarshal::gen
