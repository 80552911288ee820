// SPDX-License-Identifier: GPL-2.0
/*
 * sdm.c - per-message context, object table and tracker glue shared by the
 * C and C++ envelope codecs (see sdm.h).
 */
#include "sdm.h"

const struct sdm_type sdm_string_type = {
	.type_id = SDT_TYPE_STRING,
	.name = "string",
	.size = 1,
};

static uint32_t sdm_index_size(uint32_t max_objs)
{
	uint32_t n = 16;

	while (n < 2 * (uint64_t)max_objs)
		n <<= 1;
	return n;
}

size_t sdm_ctx_mem_bytes(uint32_t max_objs, size_t arena_bytes)
{
	return (size_t)max_objs * sizeof(struct sdm_obj) +
	       (size_t)sdm_index_size(max_objs) * sizeof(uint32_t) +
	       ((arena_bytes + 7) & ~(size_t)7);
}

int sdm_ctx_init(struct sdm_ctx *ctx, void *mem, size_t mem_bytes,
		 uint32_t max_objs, struct sdt_tracker *tracker,
		 const struct sdm_type *const *types, uint32_t ntypes)
{
	size_t fixed = sdm_ctx_mem_bytes(max_objs, 0);

	memset(ctx, 0, sizeof(*ctx));
	if (max_objs == 0 || max_objs > (1u << 24) || mem_bytes < fixed ||
	    ((uintptr_t)mem & 7))
		return -EINVAL;
	ctx->objs = mem;
	ctx->obj_index = (uint32_t *)(ctx->objs + max_objs);
	ctx->index_mask = sdm_index_size(max_objs) - 1;
	ctx->arena = (uint8_t *)(ctx->obj_index + ctx->index_mask + 1);
	ctx->arena_size = mem_bytes - fixed;
	ctx->max_objs = max_objs;
	ctx->tracker = tracker;
	ctx->types = types;
	ctx->ntypes = ntypes;
	memset(ctx->obj_index, 0, (ctx->index_mask + 1) * sizeof(uint32_t));
	return 0;
}

void sdm_ctx_reset(struct sdm_ctx *ctx)
{
	/* The index is only written by sdm_ref_out, which also counts nobjs. */
	if (ctx->nobjs)
		memset(ctx->obj_index, 0, (ctx->index_mask + 1) * sizeof(uint32_t));
	ctx->nobjs = 0;
	ctx->arena_used = 0;
	ctx->error = 0;
	ctx->error_where = NULL;
}

int sdm_fail(struct sdm_ctx *ctx, int err, const char *where)
{
	if (!ctx->error) {
		ctx->error = err;
		ctx->error_where = where;
	}
	return ctx->error;
}

void *sdm_alloc(struct sdm_ctx *ctx, size_t bytes, const char *where)
{
	size_t need = (bytes + 7) & ~(size_t)7;
	void *p;

	if (ctx->error)
		return NULL;
	if (bytes > ctx->arena_size || need > ctx->arena_size - ctx->arena_used) {
		sdm_fail(ctx, -ENOMEM, where);
		return NULL;
	}
	p = ctx->arena + ctx->arena_used;
	memset(p, 0, need);
	ctx->arena_used += need;
	return p;
}

char *sdm_copy_text(struct sdm_ctx *ctx, const char *text, uint32_t len,
		    const char *where)
{
	char *p = sdm_alloc(ctx, (size_t)len + 1, where);

	if (p)
		memcpy(p, text, len);
	return p;
}

uint8_t *sdm_copy_bytes(struct sdm_ctx *ctx, const uint8_t *src, uint32_t len,
			const char *where)
{
	/* A present but empty blob still needs a non-NULL pointer. */
	uint8_t *p = sdm_alloc(ctx, len ? len : 1, where);

	if (p && len)
		memcpy(p, src, len);
	return p;
}

static uint32_t sdm_hash(const void *p, const struct sdm_type *type)
{
	uint64_t k = (uint64_t)(uintptr_t)p ^ type->type_id;

	return (uint32_t)((k * 0x9e3779b97f4a7c15ull) >> 32);
}

uint32_t sdm_ref_out(struct sdm_ctx *ctx, const void *p,
		     const struct sdm_type *type, uint32_t count,
		     const char *where)
{
	uint32_t i, n;

	if (!p || ctx->error)
		return 0;
	if (count == 0)
		count = type == &sdm_string_type ? (uint32_t)strlen(p) + 1 : 1;
	i = sdm_hash(p, type) & ctx->index_mask;
	for (n = 0; n <= ctx->index_mask; n++, i = (i + 1) & ctx->index_mask) {
		uint32_t v = ctx->obj_index[i];
		struct sdm_obj *o;

		if (v == 0)
			break;
		o = &ctx->objs[v - 1];
		if (o->ptr == p && o->type == type) {
			if (count > o->count)
				o->count = count;
			return v;
		}
	}
	if (ctx->nobjs >= ctx->max_objs) {
		sdm_fail(ctx, -E2BIG, where);
		return 0;
	}
	ctx->objs[ctx->nobjs].ptr = (void *)(uintptr_t)p;
	ctx->objs[ctx->nobjs].type = type;
	ctx->objs[ctx->nobjs].count = count;
	ctx->obj_index[i] = ++ctx->nobjs;
	return ctx->nobjs;
}

void *sdm_ref_in(struct sdm_ctx *ctx, uint32_t idx,
		 const struct sdm_type *type, uint32_t min_count,
		 const char *where)
{
	const struct sdm_obj *o;

	if (idx == 0 || ctx->error)
		return NULL;
	if (idx > ctx->nobjs) {
		sdm_fail(ctx, -EPROTO, where);
		return NULL;
	}
	o = &ctx->objs[idx - 1];
	if (o->type != type || o->count < min_count) {
		sdm_fail(ctx, -EPROTO, where);
		return NULL;
	}
	return o->ptr;
}

uint64_t sdm_region_out(struct sdm_ctx *ctx, const void *p, const char *where)
{
	uint64_t wire = 0;

	if (p && (!ctx->tracker || sdt_region_out(ctx->tracker, p, &wire)))
		sdm_fail(ctx, -EFAULT, where);
	return wire;
}

void *sdm_region_in(struct sdm_ctx *ctx, uint64_t wire, const char *where)
{
	void *p = NULL;

	if (wire && (!ctx->tracker || sdt_region_in(ctx->tracker, wire, &p)))
		sdm_fail(ctx, -EFAULT, where);
	return p;
}

int sdm_collect(struct sdm_ctx *ctx, const struct sdm_root *roots,
		uint32_t nroots, uint32_t *root_idx)
{
	uint32_t i, j;

	for (i = 0; i < nroots; i++)
		root_idx[i] = sdm_ref_out(ctx, roots[i].ptr, roots[i].type,
					  roots[i].count, "roots");
	/* The table grows while it is walked: a breadth-first closure. */
	for (i = 0; i < ctx->nobjs && !ctx->error; i++) {
		const struct sdm_obj *o = &ctx->objs[i];

		if (!o->type->visit)
			continue;
		for (j = 0; j < o->count; j++)
			o->type->visit(ctx, (const uint8_t *)o->ptr +
					    (size_t)j * o->type->size);
	}
	return ctx->error;
}

void sdm_object_addrs(struct sdm_ctx *ctx, uint32_t i, uint64_t *sender,
		      uint64_t *receiver)
{
	const struct sdm_obj *o = &ctx->objs[i];
	struct sdt_entry *e;

	*sender = (uint64_t)(uintptr_t)o->ptr;
	*receiver = 0;
	if (!ctx->tracker)
		return;
	e = sdt_find_local(ctx->tracker, *sender);
	if (e) {
		*receiver = e->remote;
		return;
	}
	if (sdt_bind(ctx->tracker, *sender, 0, o->type->type_id, o->type->size,
		     o->count))
		sdm_fail(ctx, -ENOSPC, o->type->name);
}

const struct sdm_type *sdm_find_type(struct sdm_ctx *ctx, uint64_t type_id)
{
	uint32_t i;

	if (type_id == SDT_TYPE_STRING)
		return &sdm_string_type;
	for (i = 0; i < ctx->ntypes; i++)
		if (ctx->types[i]->type_id == type_id)
			return ctx->types[i];
	return NULL;
}

int sdm_receive_object(struct sdm_ctx *ctx, uint64_t sender,
		       uint64_t receiver, const struct sdm_type *type,
		       uint32_t count)
{
	void *local = NULL;
	int err;

	if (ctx->nobjs >= ctx->max_objs)
		return sdm_fail(ctx, -E2BIG, "envelope.objects");
	if (count == 0 || sender == 0)
		return sdm_fail(ctx, -EPROTO, type->name);
	if (ctx->tracker) {
		err = sdt_receive(ctx->tracker, sender, receiver, type->type_id,
				  type->size, count, &local);
		if (err)
			return sdm_fail(ctx, err, type->name);
	} else {
		if (receiver)
			return sdm_fail(ctx, -ESTALE, type->name);
		local = sdm_alloc(ctx, (size_t)type->size * count, type->name);
		if (!local)
			return ctx->error;
	}
	ctx->objs[ctx->nobjs].ptr = local;
	ctx->objs[ctx->nobjs].type = type;
	ctx->objs[ctx->nobjs].count = count;
	ctx->nobjs++;
	return 0;
}

int sdm_apply_freed(struct sdm_ctx *ctx, uint64_t local)
{
	int err;

	if (!ctx->tracker)
		return sdm_fail(ctx, -ESTALE, "envelope.freed");
	err = sdt_peer_freed(ctx->tracker, local);
	return err ? sdm_fail(ctx, err, "envelope.freed") : 0;
}
