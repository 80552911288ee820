// SPDX-License-Identifier: GPL-2.0
/*
 * sdm_envelope.c - the C codec of graph.capnp's Envelope and Object.
 *
 * Layout (checked against capnp by the cross-codec tests):
 *   Envelope: 2 data words (seq, ack), 4 pointers (objects, roots, freed,
 *             freedUnpaired)
 *   Object:   5 data words (senderAddr, receiverAddr, typeId, count:u32,
 *             container:u32, offset:u32, allocSize:u32),
 *             1 pointer (body: List(T) or Text)
 * The allocation order (object table, each body depth-first, roots, freed)
 * is the one the C++ envelope codec uses, so both produce the same bytes.
 */
#include "sdm.h"

#define ENV_DW SDM_ENVELOPE_DATA_WORDS
#define ENV_PC SDM_ENVELOPE_POINTERS
#define ENV_OBJECTS 0
#define ENV_ROOTS 1
#define ENV_FREED 2
#define ENV_FREED_UNPAIRED 3
#define ENV_SEQ 0
#define ENV_ACK 8
/* Unpaired frees one message carries; the rest wait for the next. */
#define ENV_MAX_UNPAIRED 32
#define OBJ_DW 5
#define OBJ_PC 1
#define OBJ_SENDER 0
#define OBJ_RECEIVER 8
#define OBJ_TYPE 16
#define OBJ_COUNT 24
#define OBJ_CONTAINER 28
#define OBJ_OFFSET 32
#define OBJ_ALLOC_SIZE 36
#define OBJ_BODY 0

/*
 * An element of an array of its own type that travels in the same message
 * (&ring->buffer_info[i] brings the whole buffer_info array along): its
 * bytes are the array's, and only the array's record judges them.
 */
static bool sdm_is_element_of(const struct sdm_ctx *ctx, uint32_t container,
			      const struct sdm_type *t)
{
	return container && container <= ctx->nobjs &&
	       ctx->objs[container - 1].type == t;
}

/*
 * The sync record of object @o (sdt.h): its own entry's, or for an object
 * inside another allocation the container entry's at its offset. NULL when
 * the message is not numbered or the object has no entry yet (sent for the
 * first time: the peer has no copy to roll back).
 */
static struct sdt_sync *sdm_sync_of(struct sdm_ctx *ctx, const struct sdm_obj *o,
				    uint32_t container, uint32_t offset)
{
	const struct sdm_type *t = o->type;
	const void *at = o->ptr;
	struct sdt_entry *e;
	uint64_t bytes = (uint64_t)o->count * sdm_sync_bytes(t);

	if (!ctx->tracker || !ctx->msg_seq || !bytes || bytes > 0xffffffffu ||
	    sdm_is_element_of(ctx, container, t))
		return NULL;
	if (container) {
		if (container > ctx->nobjs)
			return NULL;
		at = ctx->objs[container - 1].ptr;
	}
	e = sdt_find_local(ctx->tracker, (uint64_t)(uintptr_t)at);
	if (!e || (!container && e->type_id != t->type_id))
		return NULL;
	return sdt_sync_of(ctx->tracker, e, t->type_id, container ? offset : 0,
			   (uint32_t)bytes);
}

/* The version of an element just encoded, as sync keeps it. */
static void sdm_record_sent(const struct sdm_ctx *ctx, const struct sdm_type *t,
			    const struct cpn_struct_b *built, uint8_t *out)
{
	struct cpn_msg_r m;
	struct cpn_struct_r r;

	if (cpn_b_reader(built, &m, &r))
		memset(out, 0, sdm_sync_bytes(t));
	else
		sdm_sync_copy(ctx, t, &r, out);
}

static void sdm_encode_body(struct sdm_ctx *ctx, const struct sdm_obj *o,
			    const struct cpn_struct_b *ob, uint32_t container,
			    uint32_t offset)
{
	const struct sdm_type *t = o->type;
	struct cpn_list_b body;
	struct cpn_struct_b e;
	struct sdt_sync *sync;
	uint8_t *sent = NULL;
	uint32_t j;

	if (t == &sdm_string_type) {
		cpn_b_set_text(ob, OBJ_BODY, o->ptr, o->count - 1);
		return;
	}
	if (t == &sdm_bytes_type) {
		cpn_b_set_data(ob, OBJ_BODY, o->ptr, o->count);
		return;
	}
	if (cpn_b_init_struct_list(ob, OBJ_BODY, o->count, t->data_words,
				   t->ptr_count, &body))
		return;
	sync = sdm_sync_of(ctx, o, container, offset);
	if (sync)
		sent = sdt_sync_sending(sync, ctx->msg_seq);
	for (j = 0; j < o->count && !ctx->error; j++) {
		if (cpn_lb_struct(&body, j, &e))
			return;
		t->encode(ctx, (const uint8_t *)o->ptr + (size_t)j * t->size, &e);
		if (sent)
			sdm_record_sent(ctx, t, &e, sent + (size_t)j * sdm_sync_bytes(t));
	}
	if (sent)
		sdt_sync_sent(sync, sent);
}

/* What this side freed that the peer never named back, by our address. */
static void sdm_encode_unpaired_frees(struct sdm_ctx *ctx,
				      const struct cpn_struct_b *env)
{
	uint64_t mine[ENV_MAX_UNPAIRED];
	struct cpn_list_b l;
	uint32_t n, i;

	if (!ctx->tracker || ctx->error)
		return;
	n = sdt_take_unpaired_freed(ctx->tracker, mine, ENV_MAX_UNPAIRED);
	if (!n || cpn_b_init_list(env, ENV_FREED_UNPAIRED, CPN_ELEM_EIGHT, n, &l))
		return;
	for (i = 0; i < n; i++)
		cpn_lb_set(&l, i, mine[i]);
}

int sdm_encode_envelope(struct sdm_ctx *ctx, const struct cpn_struct_b *env,
			const struct sdm_root *roots, uint32_t nroots,
			const uint64_t *freed, uint32_t nfreed)
{
	struct cpn_list_b objs, l;
	struct cpn_struct_b ob;
	uint32_t *root_idx, i;

	root_idx = sdm_alloc(ctx, (size_t)nroots * 4 + 4, "roots");
	if (!root_idx || sdm_collect(ctx, roots, nroots, root_idx))
		return ctx->error;
	sdm_number_message(ctx);
	cpn_b_set_u64(env, ENV_SEQ, ctx->msg_seq);
	cpn_b_set_u64(env, ENV_ACK, ctx->msg_ack);
	cpn_b_init_struct_list(env, ENV_OBJECTS, ctx->nobjs, OBJ_DW, OBJ_PC,
			       &objs);
	/* Before any body: an interior object's container may come later. */
	sdm_note_fresh(ctx);
	for (i = 0; i < ctx->nobjs && !ctx->error && !env->m->error; i++) {
		uint32_t container, offset, alloc_size;
		uint64_t sender, receiver;

		sdm_object_addrs(ctx, i, &sender, &receiver);
		sdm_object_placement(ctx, i, &container, &offset, &alloc_size);
		cpn_lb_struct(&objs, i, &ob);
		cpn_b_set_u64(&ob, OBJ_SENDER, sender);
		cpn_b_set_u64(&ob, OBJ_RECEIVER, receiver);
		cpn_b_set_u64(&ob, OBJ_TYPE, ctx->objs[i].type->type_id);
		cpn_b_set_u32(&ob, OBJ_COUNT, ctx->objs[i].count);
		cpn_b_set_u32(&ob, OBJ_CONTAINER, container);
		cpn_b_set_u32(&ob, OBJ_OFFSET, offset);
		cpn_b_set_u32(&ob, OBJ_ALLOC_SIZE, alloc_size);
		ctx->fresh = sdm_fresh_here(ctx, &ctx->objs[i]);
		sdm_encode_body(ctx, &ctx->objs[i], &ob, container, offset);
		ctx->fresh = false;
	}
	cpn_b_init_list(env, ENV_ROOTS, CPN_ELEM_FOUR, nroots, &l);
	for (i = 0; i < nroots; i++)
		cpn_lb_set(&l, i, root_idx[i]);
	if (nfreed) {
		cpn_b_init_list(env, ENV_FREED, CPN_ELEM_EIGHT, nfreed, &l);
		for (i = 0; i < nfreed; i++)
			cpn_lb_set(&l, i, freed[i]);
	}
	sdm_encode_unpaired_frees(ctx, env);
	return ctx->error;
}

size_t sdm_finish(struct sdm_ctx *ctx, struct cpn_msg_b *b)
{
	if (b->error)
		sdm_fail(ctx, b->error == CPN_E_NOSPACE ? -EMSGSIZE : -EINVAL,
			 cpn_strerror(b->error));
	if (ctx->error)
		return 0;
	return cpn_b_finish(b);
}

size_t sdm_encode(struct sdm_ctx *ctx, void *buf, size_t len,
		  const struct sdm_root *roots, uint32_t nroots,
		  const uint64_t *freed, uint32_t nfreed)
{
	struct cpn_struct_b env;
	struct cpn_msg_b b;

	cpn_b_init(&b, buf, len);
	/* The object table is collected before the root is allocated. */
	if (!ctx->error && !cpn_b_root(&b, ENV_DW, ENV_PC, &env))
		sdm_encode_envelope(ctx, &env, roots, nroots, freed, nfreed);
	return sdm_finish(ctx, &b);
}

/* Elements the body really holds (strings: bytes with the NUL), or 0. */
static uint32_t sdm_body_count(const struct sdm_type *t,
			       const struct cpn_struct_r *ob)
{
	struct cpn_list_r body;
	const uint8_t *data;
	const char *text;
	uint32_t n;

	if (t == &sdm_string_type)
		return cpn_r_text(ob, OBJ_BODY, &text, &n) || !text ? 0 : n + 1;
	if (t == &sdm_bytes_type)
		return cpn_r_data(ob, OBJ_BODY, &data, &n) || !data ? 0 : n;
	if (cpn_r_list(ob, OBJ_BODY, CPN_ELEM_COMPOSITE, &body))
		return 0;
	return body.count;
}

static int sdm_decode_objects(struct sdm_ctx *ctx, const struct cpn_list_r *objs)
{
	struct cpn_struct_r ob;
	uint32_t i, count;

	if (objs->count > ctx->max_objs)
		return sdm_fail(ctx, -E2BIG, "envelope.objects");
	for (i = 0; i < objs->count && !ctx->error; i++) {
		const struct sdm_type *t;

		if (cpn_lr_struct(objs, i, &ob))
			return ctx->error;
		t = sdm_find_type(ctx, cpn_r_u64(&ob, OBJ_TYPE));
		if (!t)
			return sdm_fail(ctx, -EPROTO, "object.typeId (unknown type)");
		/* Checked before anything is allocated for the object. */
		count = cpn_r_u32(&ob, OBJ_COUNT);
		if (sdm_body_count(t, &ob) != count)
			return sdm_fail(ctx, -EPROTO, "object.count (body differs)");
		sdm_receive_placed(ctx, cpn_r_u64(&ob, OBJ_SENDER),
				   cpn_r_u64(&ob, OBJ_RECEIVER), t, count,
				   cpn_r_u32(&ob, OBJ_CONTAINER),
				   cpn_r_u32(&ob, OBJ_OFFSET),
				   cpn_r_u32(&ob, OBJ_ALLOC_SIZE));
	}
	return sdm_resolve_interiors(ctx);
}

static void sdm_decode_body(struct sdm_ctx *ctx, const struct sdm_obj *o,
			    const struct cpn_struct_r *ob)
{
	const struct sdm_type *t = o->type;
	struct cpn_list_r body;
	struct cpn_struct_r e;
	struct sdt_sync *sync;
	const uint8_t *base = NULL;
	bool stale = false;
	const char *text;
	uint32_t j, n;

	if (t == &sdm_string_type) {
		if (cpn_r_text(ob, OBJ_BODY, &text, &n))
			return;
		if (!text || n + 1 != o->count) {
			sdm_fail(ctx, -EPROTO, "string object length");
			return;
		}
		/* Unchanged text is not written: it may be read-only (.rodata). */
		if (memcmp(o->ptr, text, (size_t)n + 1))
			memcpy(o->ptr, text, (size_t)n + 1);
		return;
	}
	if (t == &sdm_bytes_type) {
		const uint8_t *data;

		if (cpn_r_data(ob, OBJ_BODY, &data, &n))
			return;
		if (!data || n != o->count) {
			sdm_fail(ctx, -EPROTO, "bytes object length");
			return;
		}
		memcpy(o->ptr, data, n);
		return;
	}
	if (cpn_r_list(ob, OBJ_BODY, CPN_ELEM_COMPOSITE, &body))
		return;
	if (body.count != o->count) {
		sdm_fail(ctx, -EPROTO, t->name);
		return;
	}
	/* Its bytes are applied with the array's. */
	if (sdm_is_element_of(ctx, o->container, t))
		return;
	sync = sdm_sync_of(ctx, o, o->container, o->offset);
	if (sync)
		base = sdt_sync_base(sync, ctx->msg_seq, ctx->msg_ack, &stale);
	/* A newer message of the peer's already brought this object. */
	if (stale)
		return;
	ctx->fresh = sdm_fresh_here(ctx, o);
	for (j = 0; j < o->count && !ctx->error; j++) {
		size_t sbytes = sdm_sync_bytes(t);

		if (cpn_lr_struct(&body, j, &e))
			return;
		ctx->shadow = base ? base + j * sbytes : NULL;
		ctx->shadow_bytes = (uint32_t)t->data_words * 8;
		t->decode(ctx, &e, (uint8_t *)o->ptr + (size_t)j * t->size);
		ctx->shadow = NULL;
		/* The peer's copy as it sent it: the base of its next change. */
		if (sync)
			sdm_sync_copy(ctx, t, &e, sync->data + j * sbytes);
	}
	ctx->fresh = false;
	if (sync && !ctx->error)
		sdt_sync_received(sync, ctx->msg_seq, ctx->msg_ack, sync->data);
}

int sdm_decode_envelope(struct sdm_ctx *ctx, const struct cpn_struct_r *env,
			struct sdm_root *roots, uint32_t max_roots,
			uint32_t *nroots)
{
	struct cpn_msg_r *m = env->m;
	struct cpn_list_r objs, l;
	struct cpn_struct_r ob;
	uint32_t i;

	*nroots = 0;
	ctx->msg_seq = cpn_r_u64(env, ENV_SEQ);
	ctx->msg_ack = cpn_r_u64(env, ENV_ACK);
	/*
	 * Frees first: the sender may have reused a freed address for a new
	 * object of this message (a ring's buffer_info reallocated by
	 * ethtool -G), which must not land on the old copy.
	 */
	cpn_r_list(env, ENV_FREED, CPN_ELEM_EIGHT, &l);
	for (i = 0; i < l.count && !ctx->error && !m->error; i++)
		sdm_apply_freed(ctx, cpn_lr_get(&l, i));
	cpn_r_list(env, ENV_FREED_UNPAIRED, CPN_ELEM_EIGHT, &l);
	for (i = 0; i < l.count && ctx->tracker && !m->error; i++)
		sdt_peer_freed_unpaired(ctx->tracker, cpn_lr_get(&l, i));
	cpn_r_list(env, ENV_OBJECTS, CPN_ELEM_COMPOSITE, &objs);
	if (!m->error && !sdm_decode_objects(ctx, &objs)) {
		for (i = 0; i < ctx->nobjs && !ctx->error && !m->error; i++) {
			cpn_lr_struct(&objs, i, &ob);
			sdm_decode_body(ctx, &ctx->objs[i], &ob);
		}
	}
	cpn_r_list(env, ENV_ROOTS, CPN_ELEM_FOUR, &l);
	if (l.count > max_roots)
		sdm_fail(ctx, -E2BIG, "envelope.roots");
	for (i = 0; i < l.count && !ctx->error && !m->error; i++) {
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
	if (m->error)
		sdm_fail(ctx, -EBADMSG, cpn_strerror(m->error));
	sdm_message_applied(ctx);
	return ctx->error;
}

int sdm_decode(struct sdm_ctx *ctx, const void *buf, size_t len,
	       struct sdm_root *roots, uint32_t max_roots, uint32_t *nroots)
{
	struct cpn_struct_r env;
	struct cpn_msg_r m;

	*nroots = 0;
	cpn_msg_init(&m, buf, len, 0);
	cpn_msg_root(&m, &env);
	if (m.error)
		return sdm_fail(ctx, -EBADMSG, cpn_strerror(m.error));
	return sdm_decode_envelope(ctx, &env, roots, max_roots, nroots);
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
