// SPDX-License-Identifier: GPL-2.0
/*
 * sdm_call.c - a crossing's request and reply as graph.capnp's Call (see
 * sdm_call.h and docs/CROSSING.md section 2).
 */
#include "sdm_call.h"

#define CALL_DW 2
#define CALL_PC 4
#define CALL_FN_ID 0		/* bytes */
#define CALL_IS_REPLY 32	/* bits */
#define CALL_RET 8		/* bytes */
#define CALL_ARGS 0
#define CALL_ENVELOPE 1
#define CALL_BUFFERS 2
#define CALL_VARIABLES 3
/* Freed addresses one message carries; the rest wait for the next. */
#define CALL_MAX_FREED 32
/* Object arguments and the returned object. */
#define CALL_MAX_ROOTS (SDM_CALL_MAX_ARGS + 1 + SDM_SHARED_MAX_POINTERS)

struct sdm_frame {
	uint64_t args[SDM_CALL_MAX_ARGS];
	uint64_t ret;
	struct sdm_root roots[CALL_MAX_ROOTS];
	uint32_t nroots;
	/* Sending: the buffers this message carries (NULL: none). */
	const void *buf[SDM_CALL_MAX_ARGS];
	uint32_t buf_len[SDM_CALL_MAX_ARGS];
	/* Receiving: their bytes, in argument order, and how many are used. */
	const uint8_t *bytes;
	uint32_t bytes_len;
	uint32_t bytes_used;
};

static bool sdm_arg_is_buffer(const struct sdm_arg *a)
{
	return a->kind == SDM_ARG_BUFFER_IN || a->kind == SDM_ARG_BUFFER_OUT ||
	       a->kind == SDM_ARG_BUFFER_INOUT;
}

/* Whether a buffer's bytes travel in the request (in) or the reply (out). */
static bool sdm_buffer_travels(const struct sdm_arg *a, bool reply)
{
	if (a->kind == SDM_ARG_BUFFER_INOUT)
		return true;
	return a->kind == (reply ? SDM_ARG_BUFFER_OUT : SDM_ARG_BUFFER_IN);
}

static bool sdm_arg_is_root(const struct sdm_arg *a)
{
	return a->kind == SDM_ARG_OBJECT || a->kind == SDM_ARG_STRING;
}

static const struct sdm_type *sdm_arg_type(const struct sdm_arg *a)
{
	return a->kind == SDM_ARG_STRING ? &sdm_string_type : a->type;
}

static uint64_t sdm_scalar_mask(const struct sdm_arg *a)
{
	return a->size >= 8 ? ~0ull : (1ull << (a->size * 8)) - 1;
}

/* The C value of a scalar argument from its wire bits, sign-extended. */
static uint64_t sdm_scalar_in(const struct sdm_arg *a, uint64_t v)
{
	uint64_t mask = sdm_scalar_mask(a);

	if (a->size == 0)
		return 0;
	v &= mask;
	if (a->is_signed && a->size < 8 && (v >> (a->size * 8 - 1)))
		v |= ~mask;
	return v;
}

static uint64_t sdm_load_scalar(uint64_t addr, uint8_t size)
{
	uint64_t v = 0;

	memcpy(&v, (const void *)(uintptr_t)addr, size > 8 ? 8 : size);
	return v;
}

static void sdm_store_scalar(uint64_t addr, uint8_t size, uint64_t v)
{
	memcpy((void *)(uintptr_t)addr, &v, size > 8 ? 8 : size);
}

/* Sets the direction of the next message from the side that handles it. */
static void sdm_call_begin(struct sdm_ctx *ctx, bool sending)
{
	sdm_ctx_reset(ctx);
	/* The user half frees and reallocates DMA buffers (rings on down/up). */
	if (ctx->side == SDM_SIDE_KERNEL && ctx->tracker)
		sdt_refresh_regions(ctx->tracker);
	if (ctx->side == SDM_SIDE_KERNEL)
		ctx->direction = sending ? SDM_TO_USER : SDM_TO_KERNEL;
	else if (ctx->side == SDM_SIDE_USER)
		ctx->direction = sending ? SDM_TO_KERNEL : SDM_TO_USER;
}

static int sdm_check_fn(struct sdm_ctx *ctx, const struct sdm_fn *fn)
{
	uint32_t i;

	if (fn->nargs > SDM_CALL_MAX_ARGS)
		return sdm_fail(ctx, -EINVAL, fn->name);
	for (i = 0; i < fn->nargs; i++) {
		const struct sdm_arg *a = &fn->args[i];

		if (a->kind == SDM_ARG_OBJECT && !a->type)
			return sdm_fail(ctx, -EINVAL, fn->name);
		if (sdm_arg_is_buffer(a) && (a->len_slot < fn->nargs ||
					     a->len_slot >= SDM_CALL_MAX_ARGS))
			return sdm_fail(ctx, -EINVAL, fn->name);
	}
	if (fn->ret.kind == SDM_ARG_OBJECT && !fn->ret.type)
		return sdm_fail(ctx, -EINVAL, fn->name);
	return 0;
}

/*
 * An opaque pointer that points into an object both halves track (request_irq's
 * dev_id, netif_napi_add's &adapter->napi) crosses as the same place in the
 * receiver's copy; anything else passes through as it is.
 */
static uint64_t sdm_opaque_out(struct sdm_ctx *ctx, uint64_t v)
{
	struct sdt_entry *e;

	if (!v || !ctx->tracker)
		return v;
	e = sdt_find_containing(ctx->tracker, v, 1);
	if (!e || e->state != SDT_LIVE || !e->remote)
		return v;
	return e->remote + (v - e->local);
}

/* Wire word of a pointer or scalar value that is not a root. */
static uint64_t sdm_value_out(struct sdm_ctx *ctx, const struct sdm_arg *a,
			      uint64_t v, const char *where)
{
	const void *p = (const void *)(uintptr_t)v;

	switch (a->kind) {
	case SDM_ARG_SCALAR:
		return v & sdm_scalar_mask(a);
	case SDM_ARG_REGION:
		return sdm_region_out(ctx, p, where);
	case SDM_ARG_FUNCTION:
		return sdm_function_out(ctx, p, where);
	case SDM_ARG_GLOBAL:
		return sdm_global_out(ctx, p, where);
	case SDM_ARG_OPAQUE:
		return sdm_opaque_out(ctx, v);
	default:
		sdm_fail(ctx, -EINVAL, where);
		return 0;
	}
}

static uint64_t sdm_value_in(struct sdm_ctx *ctx, const struct sdm_arg *a,
			     uint64_t wire, const char *where)
{
	switch (a->kind) {
	case SDM_ARG_SCALAR:
		return sdm_scalar_in(a, wire);
	case SDM_ARG_REGION:
		return (uintptr_t)sdm_region_in(ctx, wire, where);
	case SDM_ARG_FUNCTION:
		return (uintptr_t)sdm_function_in(ctx, wire, where);
	case SDM_ARG_GLOBAL:
		return (uintptr_t)sdm_global_in(ctx, wire, where);
	case SDM_ARG_OPAQUE:
		return wire;
	default:
		sdm_fail(ctx, -EINVAL, where);
		return 0;
	}
}

/* The wire word of a buffer argument at the side that sends it. */
static uint64_t sdm_buffer_out(struct sdm_ctx *ctx, const struct sdm_arg *a,
			       const uint64_t *argv, uint32_t i,
			       struct sdm_frame *f, bool reply)
{
	uint64_t len = argv[a->len_slot];

	if (!argv[i])
		return 0;
	if (len > SDM_CALL_MAX_BUFFER) {
		sdm_fail(ctx, -EMSGSIZE, "call.buffers (length)");
		return 0;
	}
	if (sdm_buffer_travels(a, reply)) {
		f->buf[i] = (const void *)(uintptr_t)argv[i];
		f->buf_len[i] = (uint32_t)len;
	}
	return len + 1;
}

/* The next @len bytes of the message's buffers. */
static const uint8_t *sdm_take_bytes(struct sdm_ctx *ctx, struct sdm_frame *f,
				     uint64_t len)
{
	const uint8_t *p;

	if (len > f->bytes_len - f->bytes_used) {
		sdm_fail(ctx, -EPROTO, "call.buffers (short)");
		return NULL;
	}
	p = f->bytes + f->bytes_used;
	f->bytes_used += (uint32_t)len;
	return p;
}

/* The callee's own buffer for a buffer argument of the request. */
static uint64_t sdm_buffer_in(struct sdm_ctx *ctx, const struct sdm_arg *a,
			      struct sdm_frame *f, uint64_t wire,
			      uint64_t *argv)
{
	const uint8_t *src;
	uint64_t len;
	uint8_t *p;

	argv[a->len_slot] = 0;
	if (!wire)
		return 0;
	len = wire - 1;
	if (len > SDM_CALL_MAX_BUFFER) {
		sdm_fail(ctx, -EPROTO, "call.buffers (length)");
		return 0;
	}
	p = sdm_alloc(ctx, len ? len : 1, "call.buffers");
	if (!p)
		return 0;
	if (sdm_buffer_travels(a, false)) {
		src = sdm_take_bytes(ctx, f, len);
		if (!src)
			return 0;
		memcpy(p, src, len);
	}
	argv[a->len_slot] = len;
	return (uintptr_t)p;
}

/* The caller's buffer gets what the callee wrote into its own. */
static void sdm_buffer_back(struct sdm_ctx *ctx, const struct sdm_arg *a,
			    struct sdm_frame *f, uint64_t wire,
			    const uint64_t *argv, uint32_t i)
{
	uint64_t len = argv[a->len_slot];
	const uint8_t *src;

	if (!argv[i] || !sdm_buffer_travels(a, true))
		return;
	if (wire != len + 1) {
		sdm_fail(ctx, -EPROTO, "call.buffers (length)");
		return;
	}
	src = sdm_take_bytes(ctx, f, len);
	if (src)
		memcpy((void *)(uintptr_t)argv[i], src, len);
}

/* Every byte a message carries belongs to one of its buffers. */
static int sdm_buffers_done(struct sdm_ctx *ctx, const struct sdm_frame *f)
{
	if (!ctx->error && f->bytes_used != f->bytes_len)
		sdm_fail(ctx, -EPROTO, "call.buffers (trailing bytes)");
	return ctx->error;
}

static uint64_t sdm_add_root(struct sdm_frame *f, const struct sdm_arg *a,
			     uint64_t ptr)
{
	struct sdm_root *r = &f->roots[f->nroots];

	r->ptr = (void *)(uintptr_t)ptr;
	r->type = sdm_arg_type(a);
	r->count = 0;
	return f->nroots++;
}

/* The local object of the root at position @wire, checked against @a. */
static uint64_t sdm_root_in(struct sdm_ctx *ctx, const struct sdm_frame *f,
			    const struct sdm_arg *a, uint64_t wire,
			    const char *where)
{
	const struct sdm_root *r;

	if (wire >= f->nroots) {
		sdm_fail(ctx, -EPROTO, where);
		return 0;
	}
	r = &f->roots[wire];
	if (r->ptr && r->type != sdm_arg_type(a)) {
		sdm_fail(ctx, -EPROTO, where);
		return 0;
	}
	return (uintptr_t)r->ptr;
}

/*
 * The buffers' bytes, copied into the message before anything else may use
 * the arena a callee's out-buffers live in.
 */
static void sdm_write_buffers(const struct sdm_fn *fn, const struct sdm_frame *f,
			      const struct cpn_struct_b *call)
{
	struct cpn_list_b l;
	uint32_t total = 0, i;
	uint8_t *out;

	for (i = 0; i < fn->nargs; i++)
		if (f->buf[i])
			total += f->buf_len[i];
	if (!total || cpn_b_init_list(call, CALL_BUFFERS, CPN_ELEM_BYTE, total,
				      &l))
		return;
	out = cpn_lb_bytes(&l);
	for (i = 0; out && i < fn->nargs; i++)
		if (f->buf[i]) {
			memcpy(out, f->buf[i], f->buf_len[i]);
			out += f->buf_len[i];
		}
}

/* Word @w of @v: its bytes from 8 * @w, zero-padded past the end. */
static uint64_t sdm_shared_load(const struct sdm_shared_var *v, uint32_t w)
{
	uint32_t off = w * 8, n = v->size - off < 8 ? v->size - off : 8;
	uint64_t word = 0;

	memcpy(&word, (const uint8_t *)v->addr + off, n);
	return word;
}

/* Stores the bytes of @value that @mask selects into word @w of @v. */
static void sdm_shared_store(const struct sdm_shared_var *v, uint32_t w,
			     uint64_t value, uint64_t mask)
{
	uint32_t off = w * 8, n = v->size - off < 8 ? v->size - off : 8;
	uint64_t word = sdm_shared_load(v, w);

	word = (word & ~mask) | (value & mask);
	memcpy((uint8_t *)v->addr + off, &word, n);
}

static uint64_t *sdm_shared_peer(const struct sdm_shared_var *v)
{
	return v->state;
}

static uint64_t *sdm_shared_sent(const struct sdm_shared_var *v, unsigned int slot)
{
	return v->state + (1 + slot) * SDM_SHARED_WORDS(v->size);
}

static uint64_t *sdm_shared_changed(const struct sdm_shared_var *v, unsigned int slot)
{
	return v->state + (1 + SDT_SYNC_SENT + slot) * SDM_SHARED_WORDS(v->size);
}

/* What word @w of @v's received value is compared with (sdt_sync_base's rule). */
static uint64_t sdm_shared_base(const struct sdm_shared_var *v, int base, uint32_t w)
{
	uint64_t peer = sdm_shared_peer(v)[w], changed;

	if (base == SDT_BASE_PEER)
		return peer;
	changed = sdm_shared_changed(v, base)[w];
	return (sdm_shared_sent(v, base)[w] & changed) | (peer & ~changed);
}

/* The bytes of a word in which @diff has a bit set. */
static uint64_t sdm_byte_mask(uint64_t diff)
{
	uint64_t mask = 0;
	unsigned int i;

	for (i = 0; i < 8; i++)
		if (diff & (0xffull << (8 * i)))
			mask |= 0xffull << (8 * i);
	return mask;
}

static uint32_t sdm_shared_words(const struct sdm_shared *sh)
{
	uint32_t i, n = 0;

	for (i = 0; i < sh->nvars; i++)
		n += SDM_SHARED_WORDS(sh->vars[i].size);
	return n;
}

/*
 * The roots of the pointer variables, after the call's own: each object
 * travels with the message. Returns the first one's index.
 */
static uint32_t sdm_add_variable_roots(struct sdm_ctx *ctx, struct sdm_frame *f)
{
	struct sdm_shared *sh = ctx->symbols ? ctx->symbols->shared : NULL;
	uint32_t i, first = f->nroots;
	struct sdm_root *r;

	for (i = 0; sh && i < sh->nvars; i++) {
		if (!sh->vars[i].type)
			continue;
		if (f->nroots == CALL_MAX_ROOTS) {
			sdm_fail(ctx, -E2BIG, "call.variables (pointers)");
			break;
		}
		r = &f->roots[f->nroots++];
		r->ptr = *(void **)sh->vars[i].addr;
		r->type = sh->vars[i].type;
		r->count = 0;
	}
	return first;
}

static void sdm_write_variables(const struct sdm_ctx *ctx,
				const struct cpn_struct_b *call, uint32_t root)
{
	struct sdm_shared *sh = ctx->symbols ? ctx->symbols->shared : NULL;
	const struct sdm_shared_var *v;
	uint32_t i, w, k = 0;
	struct cpn_list_b l;
	unsigned int slot;
	uint64_t value;

	if (!sh || !sh->nvars ||
	    cpn_b_init_list(call, CALL_VARIABLES, CPN_ELEM_EIGHT, sdm_shared_words(sh), &l))
		return;
	slot = ctx->msg_seq ? sdt_versions_sending(&sh->v, ctx->msg_seq) : SDT_SYNC_SENT;
	for (i = 0; i < sh->nvars; i++) {
		v = &sh->vars[i];
		for (w = 0; w < SDM_SHARED_WORDS(v->size); w++) {
			value = sdm_shared_load(v, w);
			/* A pointer's wire value is its root; its versions our address. */
			cpn_lb_set(&l, k++, v->type ? root++ : value);
			if (slot == SDT_SYNC_SENT)
				continue;
			sdm_shared_sent(v, slot)[w] = value;
			sdm_shared_changed(v, slot)[w] = !sh->v.peer_seq ? ~0ull :
				v->type ? (value != sdm_shared_peer(v)[w] ? ~0ull : 0) :
				value ^ sdm_shared_peer(v)[w];
		}
	}
}

/* A pointer variable's value at this side: its root's object here. */
static uint64_t sdm_variable_root_in(struct sdm_ctx *ctx, const struct sdm_frame *f,
				     const struct sdm_shared_var *v, uint64_t wire)
{
	const struct sdm_root *r;

	if (wire >= f->nroots) {
		sdm_fail(ctx, -EPROTO, "call.variables (root)");
		return 0;
	}
	r = &f->roots[wire];
	if (r->ptr && r->type != v->type) {
		sdm_fail(ctx, -EPROTO, "call.variables (root type)");
		return 0;
	}
	return (uintptr_t)r->ptr;
}

/* Applies word @w of @v where the peer changed it from @base. */
static void sdm_apply_variable(const struct sdm_shared_var *v, int base,
			       uint32_t w, uint64_t value)
{
	uint64_t diff;

	if (base == SDT_BASE_NONE) {
		sdm_shared_store(v, w, value, ~0ull);
		return;
	}
	diff = value ^ sdm_shared_base(v, base, w);
	if (diff)
		sdm_shared_store(v, w, value, v->aggregate ? sdm_byte_mask(diff) : ~0ull);
}

/*
 * The peer's values: those it changed are applied; a peer message older
 * than the last one applied changes nothing.
 */
static void sdm_read_variables(struct sdm_ctx *ctx,
			       const struct cpn_struct_r *call,
			       const struct sdm_frame *f)
{
	struct sdm_shared *sh = ctx->symbols ? ctx->symbols->shared : NULL;
	const struct sdm_shared_var *v;
	uint32_t i, w, k = 0;
	struct cpn_list_r l;
	bool stale = false;
	uint64_t value;
	int base;

	if (!sh || !sh->nvars ||
	    cpn_r_list(call, CALL_VARIABLES, CPN_ELEM_EIGHT, &l) || !l.base)
		return;
	if (l.count != sdm_shared_words(sh)) {
		sdm_fail(ctx, -EPROTO, "call.variables (count)");
		return;
	}
	base = sdt_versions_base(&sh->v, ctx->msg_seq, ctx->msg_ack, &stale);
	if (stale)
		return;
	for (i = 0; i < sh->nvars; i++) {
		v = &sh->vars[i];
		for (w = 0; w < SDM_SHARED_WORDS(v->size); w++) {
			value = cpn_lr_get(&l, k++);
			if (v->type)
				value = sdm_variable_root_in(ctx, f, v, value);
			if (ctx->error)
				return;
			sdm_apply_variable(v, base, w, value);
			sdm_shared_peer(v)[w] = value;
		}
	}
	sdt_versions_received(&sh->v, ctx->msg_seq, ctx->msg_ack);
}

static size_t sdm_call_write(struct sdm_ctx *ctx, const struct sdm_fn *fn,
			     bool reply, struct sdm_frame *f, void *buf,
			     size_t cap)
{
	uint32_t nfreed = 0, i, variable_roots;
	uint64_t freed[CALL_MAX_FREED];
	struct cpn_struct_b call, env;
	struct cpn_msg_b b;
	struct cpn_list_b l;

	cpn_b_init(&b, buf, cap);
	if (ctx->error || cpn_b_root(&b, CALL_DW, CALL_PC, &call))
		return sdm_finish(ctx, &b);
	cpn_b_set_u32(&call, CALL_FN_ID, fn->id);
	cpn_b_set_bit(&call, CALL_IS_REPLY, reply);
	cpn_b_set_u64(&call, CALL_RET, f->ret);
	if (!cpn_b_init_list(&call, CALL_ARGS, CPN_ELEM_EIGHT, fn->nargs, &l))
		for (i = 0; i < fn->nargs; i++)
			cpn_lb_set(&l, i, f->args[i]);
	sdm_write_buffers(fn, f, &call);
	if (ctx->tracker)
		nfreed = sdt_take_freed(ctx->tracker, freed, CALL_MAX_FREED);
	variable_roots = sdm_add_variable_roots(ctx, f);
	if (!cpn_b_init_struct(&call, CALL_ENVELOPE, SDM_ENVELOPE_DATA_WORDS,
			       SDM_ENVELOPE_POINTERS, &env))
		sdm_encode_envelope(ctx, &env, f->roots, f->nroots, freed,
				    nfreed);
	/* After the envelope: the values are recorded under its number. */
	sdm_write_variables(ctx, &call, variable_roots);
	return sdm_finish(ctx, &b);
}

static int sdm_call_read(struct sdm_ctx *ctx, const struct sdm_fn *fn,
			 bool reply, const void *buf, size_t len,
			 struct sdm_frame *f)
{
	struct cpn_struct_r call, env;
	struct cpn_list_r l;
	struct cpn_msg_r m;
	uint32_t i;

	if (sdm_check_fn(ctx, fn))
		return ctx->error;
	cpn_msg_init(&m, buf, len, 0);
	cpn_msg_root(&m, &call);
	cpn_r_list(&call, CALL_ARGS, CPN_ELEM_EIGHT, &l);
	if (m.error)
		return sdm_fail(ctx, -EBADMSG, cpn_strerror(m.error));
	if (cpn_r_u32(&call, CALL_FN_ID) != fn->id)
		return sdm_fail(ctx, -EPROTO, "call.fnId");
	if (cpn_r_bit(&call, CALL_IS_REPLY) != reply)
		return sdm_fail(ctx, -EPROTO, "call.isReply");
	if (l.count != fn->nargs)
		return sdm_fail(ctx, -EPROTO, "call.args (count)");
	for (i = 0; i < fn->nargs; i++)
		f->args[i] = cpn_lr_get(&l, i);
	f->ret = cpn_r_u64(&call, CALL_RET);
	f->bytes = NULL;
	f->bytes_len = 0;
	f->bytes_used = 0;
	cpn_r_data(&call, CALL_BUFFERS, &f->bytes, &f->bytes_len);
	cpn_r_struct(&call, CALL_ENVELOPE, &env);
	if (!m.error)
		sdm_decode_envelope(ctx, &env, f->roots, CALL_MAX_ROOTS,
				    &f->nroots);
	if (!m.error && !ctx->error)
		sdm_read_variables(ctx, &call, f);
	if (m.error)
		sdm_fail(ctx, -EBADMSG, cpn_strerror(m.error));
	return ctx->error;
}

/**
 * sdm_call_request_encode() - the caller's side of a crossing: the request.
 * @ctx: the caller's context
 * @fn: the crossing's descriptor
 * @argv: the arguments, each widened to 64 bits
 * @buf: channel buffer
 * @cap: its size in bytes
 *
 * Return: the payload's length, or 0 with ctx->error set.
 */
size_t sdm_call_request_encode(struct sdm_ctx *ctx, const struct sdm_fn *fn,
			       const uint64_t *argv, void *buf, size_t cap)
{
	struct sdm_frame f;
	uint32_t i;

	sdm_call_begin(ctx, true);
	if (sdm_check_fn(ctx, fn))
		return 0;
	f.nroots = 0;
	f.ret = 0;
	memset(f.buf, 0, sizeof(f.buf));
	for (i = 0; i < fn->nargs; i++) {
		const struct sdm_arg *a = &fn->args[i];

		if (sdm_arg_is_root(a))
			f.args[i] = sdm_add_root(&f, a, argv[i]);
		else if (a->kind == SDM_ARG_OUT_SCALAR)
			f.args[i] = argv[i] != 0;
		else if (sdm_arg_is_buffer(a))
			f.args[i] = sdm_buffer_out(ctx, a, argv, i, &f, false);
		else
			f.args[i] = sdm_value_out(ctx, a, argv[i], "call.args");
	}
	return sdm_call_write(ctx, fn, false, &f, buf, cap);
}

/**
 * sdm_call_request_decode() - the callee's side: the arguments to call with.
 * @ctx: the callee's context
 * @fn: the crossing's descriptor
 * @buf: the payload
 * @len: its length
 * @argv: receives the callee's arguments (objects at this side's addresses,
 *	  out-scalars pointing at zeroed slots in @ctx's arena)
 *
 * Return: 0 or a negative errno (ctx->error_where names the part).
 */
int sdm_call_request_decode(struct sdm_ctx *ctx, const struct sdm_fn *fn,
			    const void *buf, size_t len, uint64_t *argv)
{
	struct sdm_frame f;
	uint32_t i;

	sdm_call_begin(ctx, false);
	if (sdm_call_read(ctx, fn, false, buf, len, &f))
		return ctx->error;
	for (i = 0; i < fn->nargs && !ctx->error; i++) {
		const struct sdm_arg *a = &fn->args[i];

		if (sdm_arg_is_root(a)) {
			argv[i] = sdm_root_in(ctx, &f, a, f.args[i],
					      "call.args (root)");
		} else if (a->kind == SDM_ARG_OUT_SCALAR) {
			if (f.args[i] > 1)
				return sdm_fail(ctx, -EPROTO, "call.args (out)");
			argv[i] = f.args[i] ? (uintptr_t)sdm_alloc(ctx, 8,
					"call.args (out)") : 0;
		} else if (sdm_arg_is_buffer(a)) {
			argv[i] = sdm_buffer_in(ctx, a, &f, f.args[i], argv);
		} else {
			argv[i] = sdm_value_in(ctx, a, f.args[i], "call.args");
		}
	}
	return sdm_buffers_done(ctx, &f);
}

/**
 * sdm_call_reply_encode() - the callee's side: the reply after the call.
 * @ctx: the callee's context (the one that decoded the request)
 * @fn: the crossing's descriptor
 * @argv: the arguments the callee was called with
 * @ret: its return value, widened
 * @buf: channel buffer
 * @cap: its size in bytes
 *
 * Return: the payload's length, or 0 with ctx->error set.
 */
size_t sdm_call_reply_encode(struct sdm_ctx *ctx, const struct sdm_fn *fn,
			     const uint64_t *argv, uint64_t ret, void *buf,
			     size_t cap)
{
	struct sdm_frame f;
	uint32_t i;

	if (fn->nargs > SDM_CALL_MAX_ARGS) {
		sdm_fail(ctx, -EINVAL, fn->name);
		return 0;
	}
	/* Out-scalars live in the request's arena: read before the reset. */
	for (i = 0; i < fn->nargs; i++)
		if (fn->args[i].kind == SDM_ARG_OUT_SCALAR)
			f.args[i] = argv[i] ? sdm_load_scalar(argv[i],
					fn->args[i].size) : 0;
	sdm_call_begin(ctx, true);
	if (sdm_check_fn(ctx, fn))
		return 0;
	f.nroots = 0;
	memset(f.buf, 0, sizeof(f.buf));
	for (i = 0; i < fn->nargs; i++) {
		const struct sdm_arg *a = &fn->args[i];

		if (a->kind == SDM_ARG_OBJECT)
			f.args[i] = sdm_add_root(&f, a, argv[i]);
		else if (sdm_arg_is_buffer(a))
			f.args[i] = sdm_buffer_out(ctx, a, argv, i, &f, true);
		else if (a->kind != SDM_ARG_OUT_SCALAR)
			f.args[i] = 0;	/* the caller still has it */
	}
	if (sdm_arg_is_root(&fn->ret))
		f.ret = sdm_add_root(&f, &fn->ret, ret);
	else
		f.ret = sdm_value_out(ctx, &fn->ret, ret, "call.ret");
	return sdm_call_write(ctx, fn, true, &f, buf, cap);
}

/**
 * sdm_call_reply_decode() - the caller's side: apply the reply.
 * @ctx: the caller's context
 * @fn: the crossing's descriptor
 * @buf: the payload
 * @len: its length
 * @argv: the arguments of the call (objects are updated in place, out-scalars
 *	  written through)
 * @ret: receives the return value at this side (objects: local address)
 *
 * Return: 0 or a negative errno (ctx->error_where names the part).
 */
int sdm_call_reply_decode(struct sdm_ctx *ctx, const struct sdm_fn *fn,
			  const void *buf, size_t len, const uint64_t *argv,
			  uint64_t *ret)
{
	struct sdm_frame f;
	uint32_t i;

	*ret = 0;
	sdm_call_begin(ctx, false);
	if (sdm_call_read(ctx, fn, true, buf, len, &f))
		return ctx->error;
	for (i = 0; i < fn->nargs && !ctx->error; i++) {
		const struct sdm_arg *a = &fn->args[i];

		/* The callee's objects must come back onto the caller's own. */
		if (a->kind == SDM_ARG_OBJECT &&
		    sdm_root_in(ctx, &f, a, f.args[i], "call.args (root)") !=
			    argv[i])
			return sdm_fail(ctx, -EPROTO, "call.args (root)");
		if (a->kind == SDM_ARG_OUT_SCALAR && argv[i])
			sdm_store_scalar(argv[i], a->size, f.args[i]);
		if (sdm_arg_is_buffer(a))
			sdm_buffer_back(ctx, a, &f, f.args[i], argv, i);
	}
	if (sdm_buffers_done(ctx, &f))
		return ctx->error;
	if (sdm_arg_is_root(&fn->ret))
		*ret = sdm_root_in(ctx, &f, &fn->ret, f.ret, "call.ret");
	else
		*ret = sdm_value_in(ctx, &fn->ret, f.ret, "call.ret");
	return ctx->error;
}
