// SPDX-License-Identifier: GPL-2.0
/*
 * sdm_envelope.c - the C codec of graph.capnp's Envelope and Object.
 *
 * Layout (checked against capnp by the cross-codec tests):
 *   Envelope: 0 data words, 3 pointers (objects, roots, freed)
 *   Object:   4 data words (senderAddr, receiverAddr, typeId, count:u32),
 *             1 pointer (body: List(T) or Text)
 * The allocation order (object table, each body depth-first, roots, freed)
 * is the one the C++ envelope codec uses, so both produce the same bytes.
 */
#include "sdm.h"

#define ENV_DW 0
#define ENV_PC 3
#define ENV_OBJECTS 0
#define ENV_ROOTS 1
#define ENV_FREED 2
#define OBJ_DW 4
#define OBJ_PC 1
#define OBJ_SENDER 0
#define OBJ_RECEIVER 8
#define OBJ_TYPE 16
#define OBJ_COUNT 24
#define OBJ_BODY 0

static void sdm_encode_body(struct sdm_ctx *ctx, const struct sdm_obj *o,
			    const struct cpn_struct_b *ob)
{
	const struct sdm_type *t = o->type;
	struct cpn_list_b body;
	struct cpn_struct_b e;
	uint32_t j;

	if (t == &sdm_string_type) {
		cpn_b_set_text(ob, OBJ_BODY, o->ptr, o->count - 1);
		return;
	}
	if (cpn_b_init_struct_list(ob, OBJ_BODY, o->count, t->data_words,
				   t->ptr_count, &body))
		return;
	for (j = 0; j < o->count && !ctx->error; j++) {
		if (cpn_lb_struct(&body, j, &e))
			return;
		t->encode(ctx, (const uint8_t *)o->ptr + (size_t)j * t->size, &e);
	}
}

size_t sdm_encode(struct sdm_ctx *ctx, void *buf, size_t len,
		  const struct sdm_root *roots, uint32_t nroots,
		  const uint64_t *freed, uint32_t nfreed)
{
	struct cpn_struct_b env, ob;
	struct cpn_list_b objs, l;
	struct cpn_msg_b b;
	uint32_t *root_idx, i;
	size_t n;

	root_idx = sdm_alloc(ctx, (size_t)nroots * 4 + 4, "roots");
	if (!root_idx || sdm_collect(ctx, roots, nroots, root_idx))
		return 0;
	cpn_b_init(&b, buf, len);
	cpn_b_root(&b, ENV_DW, ENV_PC, &env);
	cpn_b_init_struct_list(&env, ENV_OBJECTS, ctx->nobjs, OBJ_DW, OBJ_PC,
			       &objs);
	for (i = 0; i < ctx->nobjs && !ctx->error && !b.error; i++) {
		uint64_t sender, receiver;

		sdm_object_addrs(ctx, i, &sender, &receiver);
		cpn_lb_struct(&objs, i, &ob);
		cpn_b_set_u64(&ob, OBJ_SENDER, sender);
		cpn_b_set_u64(&ob, OBJ_RECEIVER, receiver);
		cpn_b_set_u64(&ob, OBJ_TYPE, ctx->objs[i].type->type_id);
		cpn_b_set_u32(&ob, OBJ_COUNT, ctx->objs[i].count);
		sdm_encode_body(ctx, &ctx->objs[i], &ob);
	}
	cpn_b_init_list(&env, ENV_ROOTS, CPN_ELEM_FOUR, nroots, &l);
	for (i = 0; i < nroots; i++)
		cpn_lb_set(&l, i, root_idx[i]);
	if (nfreed) {
		cpn_b_init_list(&env, ENV_FREED, CPN_ELEM_EIGHT, nfreed, &l);
		for (i = 0; i < nfreed; i++)
			cpn_lb_set(&l, i, freed[i]);
	}
	if (b.error)
		sdm_fail(ctx, b.error == CPN_E_NOSPACE ? -EMSGSIZE : -EINVAL,
			 cpn_strerror(b.error));
	if (ctx->error)
		return 0;
	n = cpn_b_finish(&b);
	return n;
}

static int sdm_decode_objects(struct sdm_ctx *ctx, const struct cpn_list_r *objs)
{
	struct cpn_struct_r ob;
	uint32_t i;

	if (objs->count > ctx->max_objs)
		return sdm_fail(ctx, -E2BIG, "envelope.objects");
	for (i = 0; i < objs->count && !ctx->error; i++) {
		const struct sdm_type *t;

		if (cpn_lr_struct(objs, i, &ob))
			return ctx->error;
		t = sdm_find_type(ctx, cpn_r_u64(&ob, OBJ_TYPE));
		if (!t)
			return sdm_fail(ctx, -EPROTO, "object.typeId (unknown type)");
		sdm_receive_object(ctx, cpn_r_u64(&ob, OBJ_SENDER),
				   cpn_r_u64(&ob, OBJ_RECEIVER), t,
				   cpn_r_u32(&ob, OBJ_COUNT));
	}
	return ctx->error;
}

static void sdm_decode_body(struct sdm_ctx *ctx, const struct sdm_obj *o,
			    const struct cpn_struct_r *ob)
{
	const struct sdm_type *t = o->type;
	struct cpn_list_r body;
	struct cpn_struct_r e;
	const char *text;
	uint32_t j, n;

	if (t == &sdm_string_type) {
		if (cpn_r_text(ob, OBJ_BODY, &text, &n))
			return;
		if (!text || n + 1 != o->count) {
			sdm_fail(ctx, -EPROTO, "string object length");
			return;
		}
		memcpy(o->ptr, text, (size_t)n + 1);
		return;
	}
	if (cpn_r_list(ob, OBJ_BODY, CPN_ELEM_COMPOSITE, &body))
		return;
	if (body.count != o->count) {
		sdm_fail(ctx, -EPROTO, t->name);
		return;
	}
	for (j = 0; j < o->count && !ctx->error; j++) {
		if (cpn_lr_struct(&body, j, &e))
			return;
		t->decode(ctx, &e, (uint8_t *)o->ptr + (size_t)j * t->size);
	}
}

int sdm_decode(struct sdm_ctx *ctx, const void *buf, size_t len,
	       struct sdm_root *roots, uint32_t max_roots, uint32_t *nroots)
{
	struct cpn_struct_r env, ob;
	struct cpn_list_r objs, l;
	struct cpn_msg_r m;
	uint32_t i;

	*nroots = 0;
	cpn_msg_init(&m, buf, len, 0);
	cpn_msg_root(&m, &env);
	cpn_r_list(&env, ENV_OBJECTS, CPN_ELEM_COMPOSITE, &objs);
	if (!m.error && !sdm_decode_objects(ctx, &objs)) {
		for (i = 0; i < ctx->nobjs && !ctx->error && !m.error; i++) {
			cpn_lr_struct(&objs, i, &ob);
			sdm_decode_body(ctx, &ctx->objs[i], &ob);
		}
	}
	cpn_r_list(&env, ENV_ROOTS, CPN_ELEM_FOUR, &l);
	if (l.count > max_roots)
		sdm_fail(ctx, -E2BIG, "envelope.roots");
	for (i = 0; i < l.count && !ctx->error && !m.error; i++) {
		uint32_t idx = (uint32_t)cpn_lr_get(&l, i);

		if (idx > ctx->nobjs) {
			sdm_fail(ctx, -EPROTO, "envelope.roots");
			break;
		}
		roots[i].ptr = idx ? ctx->objs[idx - 1].ptr : NULL;
		roots[i].type = idx ? ctx->objs[idx - 1].type : NULL;
		roots[i].count = idx ? ctx->objs[idx - 1].count : 0;
		*nroots = i + 1;
	}
	cpn_r_list(&env, ENV_FREED, CPN_ELEM_EIGHT, &l);
	for (i = 0; i < l.count && !ctx->error && !m.error; i++)
		sdm_apply_freed(ctx, cpn_lr_get(&l, i));
	if (m.error)
		sdm_fail(ctx, -EBADMSG, cpn_strerror(m.error));
	return ctx->error;
}

size_t sdm_encode_struct(struct sdm_ctx *ctx, const struct sdm_type *t,
			 const void *obj, void *buf, size_t len)
{
	struct cpn_struct_b root;
	struct cpn_msg_b b;

	cpn_b_init(&b, buf, len);
	if (!cpn_b_root(&b, t->data_words, t->ptr_count, &root))
		t->encode(ctx, obj, &root);
	if (b.error)
		sdm_fail(ctx, b.error == CPN_E_NOSPACE ? -EMSGSIZE : -EINVAL,
			 cpn_strerror(b.error));
	return ctx->error ? 0 : cpn_b_finish(&b);
}

int sdm_decode_struct(struct sdm_ctx *ctx, const struct sdm_type *t,
		      const void *buf, size_t len, void *obj)
{
	struct cpn_struct_r root;
	struct cpn_msg_r m;

	memset(obj, 0, t->size);
	cpn_msg_init(&m, buf, len, 0);
	if (!cpn_msg_root(&m, &root))
		t->decode(ctx, &root, obj);
	if (m.error)
		sdm_fail(ctx, -EBADMSG, cpn_strerror(m.error));
	return ctx->error;
}
