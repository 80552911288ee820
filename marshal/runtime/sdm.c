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

const struct sdm_type sdm_bytes_type = {
	.type_id = SDT_TYPE_BYTES,
	.name = "bytes",
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
	ctx->max_object_bytes = SDM_DEFAULT_MAX_OBJECT_BYTES;
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

/* Table index of (@p, @type), raising its count to @count; 0 if absent. */
static uint32_t sdm_table_find(struct sdm_ctx *ctx, const void *p,
			       const struct sdm_type *type, uint32_t count,
			       uint32_t *slot)
{
	uint32_t i = sdm_hash(p, type) & ctx->index_mask, n;

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
	*slot = i;
	return 0;
}

/* Bytes of the sender's allocation starting at object @o. */
static uint64_t sdm_obj_extent(struct sdm_ctx *ctx, const struct sdm_obj *o)
{
	uint64_t n = (uint64_t)o->type->size * o->count;
	struct sdt_entry *e;

	if (o->type->alloc_size > n)
		n = o->type->alloc_size;
	if (ctx->tracker) {
		e = sdt_find_local(ctx->tracker, (uint64_t)(uintptr_t)o->ptr);
		if (e && e->extent > n)
			n = e->extent;
	}
	return n;
}

/*
 * The table index of the allocation holding [@p, @p + @bytes) if @p is not
 * an object of its own: from this message's table, else from the tracker
 * (the container joins the message).
 */
static uint32_t sdm_container_of(struct sdm_ctx *ctx, const void *p,
				 const struct sdm_type *type, uint64_t bytes,
				 uint32_t *offset, const char *where)
{
	uint64_t a = (uint64_t)(uintptr_t)p;
	const struct sdm_type *ct;
	struct sdt_entry *e;
	uint32_t j;

	if (ctx->tracker) {
		e = sdt_find_local(ctx->tracker, a);
		if (e && e->type_id == type->type_id)
			return 0;	/* an allocation of its own */
	}
	for (j = 0; j < ctx->nobjs; j++) {
		const struct sdm_obj *o = &ctx->objs[j];
		uint64_t base = (uint64_t)(uintptr_t)o->ptr, ext;

		if (o->container || o->type == &sdm_string_type ||
		    o->type == &sdm_bytes_type || a < base ||
		    (a == base && o->type == type))
			continue;
		ext = sdm_obj_extent(ctx, o);
		if (a - base < ext && bytes <= ext - (a - base) &&
		    a - base <= 0xffffffffu) {
			*offset = (uint32_t)(a - base);
			return j + 1;
		}
	}
	if (!ctx->tracker)
		return 0;
	e = sdt_find_containing(ctx->tracker, a, bytes);
	if (!e || (e->local == a && e->type_id == type->type_id))
		return 0;
	ct = sdm_find_type(ctx, e->type_id);
	if (!ct || a - e->local > 0xffffffffu) {
		sdm_fail(ctx, -EPROTO, where);
		return 0;
	}
	*offset = (uint32_t)(a - e->local);
	return sdm_ref_out(ctx, (const void *)(uintptr_t)e->local, ct, e->count,
			   where);
}

uint32_t sdm_ref_out(struct sdm_ctx *ctx, const void *p,
		     const struct sdm_type *type, uint32_t count,
		     const char *where)
{
	uint32_t v, slot, container = 0, offset = 0;
	struct sdm_obj *o;

	if (!p || ctx->error)
		return 0;
	if (count == 0)
		count = type == &sdm_string_type ? (uint32_t)strlen(p) + 1 : 1;
	v = sdm_table_find(ctx, p, type, count, &slot);
	if (v)
		return v;
	/*
	 * Strings and byte arrays are often members of another object
	 * (net_device.name is its first member): they travel as a place in
	 * that object, so the receiver points into its own copy of it.
	 */
	if ((type->flags & SDM_TYPE_INTERIOR) || type == &sdm_string_type ||
	    type == &sdm_bytes_type) {
		container = sdm_container_of(ctx, p, type,
					     (uint64_t)type->size * count,
					     &offset, where);
		if (ctx->error)
			return 0;
		if (container)	/* the table changed: find the slot again */
			sdm_table_find(ctx, p, type, count, &slot);
	}
	if (ctx->nobjs >= ctx->max_objs) {
		sdm_fail(ctx, -E2BIG, where);
		return 0;
	}
	o = &ctx->objs[ctx->nobjs];
	memset(o, 0, sizeof(*o));
	o->ptr = (void *)(uintptr_t)p;
	o->type = type;
	o->count = count;
	o->container = container;
	o->offset = offset;
	ctx->obj_index[slot] = ++ctx->nobjs;
	return ctx->nobjs;
}

uint32_t sdm_interior_out(struct sdm_ctx *ctx, const void *p,
			  const struct sdm_type *type, const char *where)
{
	uint32_t v = sdm_ref_out(ctx, p, type, 1, where);

	if (v && !ctx->objs[v - 1].container) {
		sdm_fail(ctx, -EFAULT, where);
		return 0;
	}
	return v;
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

/*
 * An interior object met before the allocation holding it joined the
 * message (a bind's first argument is the private area of a net_device
 * the kernel allocated and the user half has never seen): once the closure
 * is complete, it becomes a place in that allocation, so the receiver's
 * copy sits where the container's computed fields (netdev_priv) point.
 */
static void sdm_place_late_interiors(struct sdm_ctx *ctx)
{
	uint32_t i, j;

	for (i = 0; i < ctx->nobjs; i++) {
		struct sdm_obj *o = &ctx->objs[i];
		uint64_t a = (uint64_t)(uintptr_t)o->ptr;
		uint64_t bytes = (uint64_t)o->type->size * o->count;
		struct sdt_entry *e;

		if (o->container || !(o->type->flags & SDM_TYPE_INTERIOR))
			continue;
		if (ctx->tracker) {
			e = sdt_find_local(ctx->tracker, a);
			if (e && e->type_id == o->type->type_id)
				continue;	/* an allocation of its own */
		}
		for (j = 0; j < ctx->nobjs; j++) {
			const struct sdm_obj *c = &ctx->objs[j];
			uint64_t base = (uint64_t)(uintptr_t)c->ptr, ext;

			if (j == i || c->container || c->type == &sdm_string_type ||
			    c->type == &sdm_bytes_type || a < base ||
			    (a == base && c->type == o->type))
				continue;
			ext = sdm_obj_extent(ctx, c);
			if (a - base < ext && bytes <= ext - (a - base) &&
			    a - base <= 0xffffffffu) {
				o->container = j + 1;
				o->offset = (uint32_t)(a - base);
				break;
			}
		}
	}
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
	if (!ctx->error)
		sdm_place_late_interiors(ctx);
	return ctx->error;
}

void sdm_object_addrs(struct sdm_ctx *ctx, uint32_t i, uint64_t *sender,
		      uint64_t *receiver)
{
	const struct sdm_obj *o = &ctx->objs[i];
	struct sdt_entry *e;

	*sender = (uint64_t)(uintptr_t)o->ptr;
	*receiver = 0;
	/* Interior objects are tracked through their container only. */
	if (!ctx->tracker || o->container)
		return;
	e = sdt_find_local(ctx->tracker, *sender);
	if (e && e->type_id != o->type->type_id) {
		/*
		 * Another object at the address, never freed through us (the
		 * stack frame of an earlier call): the peer drops its copy of
		 * the old one with the next message and meets this one as new.
		 */
		e->owned = false;	/* the memory is the new object's */
		sdt_free_local(ctx->tracker, e->local);
		e = NULL;
	}
	if (e) {
		*receiver = e->remote;
		return;
	}
	if (sdt_bind(ctx->tracker, *sender, 0, o->type->type_id, o->type->size,
		     o->count))
		sdm_fail(ctx, -ENOSPC, o->type->name);
	else if (o->type->alloc_size)
		sdt_set_extent(ctx->tracker, *sender, o->type->alloc_size);
}

void sdm_note_fresh(struct sdm_ctx *ctx)
{
	uint64_t sender, receiver;
	uint32_t i;

	/* sdm_object_addrs binds what it meets first: calling it again is the same. */
	for (i = 0; i < ctx->nobjs && !ctx->error; i++) {
		sdm_object_addrs(ctx, i, &sender, &receiver);
		ctx->objs[i].fresh = !receiver;
	}
}

bool sdm_fresh_here(const struct sdm_ctx *ctx, const struct sdm_obj *o)
{
	if (o->container)
		return o->container <= ctx->nobjs && ctx->objs[o->container - 1].fresh;
	return o->fresh;
}

void sdm_object_placement(struct sdm_ctx *ctx, uint32_t i, uint32_t *container,
			  uint32_t *offset, uint32_t *alloc_size)
{
	const struct sdm_obj *o = &ctx->objs[i];
	uint64_t ext;

	*container = o->container;
	*offset = o->offset;
	*alloc_size = 0;
	if (o->container)
		return;
	ext = sdm_obj_extent(ctx, o);
	*alloc_size = ext > 0xffffffffu ? 0xffffffffu : (uint32_t)ext;
}

const struct sdm_type *sdm_find_type(struct sdm_ctx *ctx, uint64_t type_id)
{
	uint32_t i;

	if (type_id == SDT_TYPE_STRING)
		return &sdm_string_type;
	if (type_id == SDT_TYPE_BYTES)
		return &sdm_bytes_type;
	for (i = 0; i < ctx->ntypes; i++)
		if (ctx->types[i]->type_id == type_id)
			return ctx->types[i];
	return NULL;
}

int sdm_receive_object(struct sdm_ctx *ctx, uint64_t sender,
		       uint64_t receiver, const struct sdm_type *type,
		       uint32_t count)
{
	return sdm_receive_placed(ctx, sender, receiver, type, count, 0, 0, 0);
}

int sdm_receive_placed(struct sdm_ctx *ctx, uint64_t sender, uint64_t receiver,
		       const struct sdm_type *type, uint32_t count,
		       uint32_t container, uint32_t offset,
		       uint32_t alloc_size)
{
	uint64_t bytes = (uint64_t)type->size * count, extent = bytes;
	struct sdm_obj *o;
	void *local = NULL;
	bool fresh = !receiver;
	int err;

	if (ctx->nobjs >= ctx->max_objs)
		return sdm_fail(ctx, -E2BIG, "envelope.objects");
	if (count == 0 || sender == 0)
		return sdm_fail(ctx, -EPROTO, type->name);
	if (type->alloc_size > extent)
		extent = type->alloc_size;
	if (alloc_size > extent)
		extent = alloc_size;
	/* The peer chooses count and size: bound what it can make us allocate. */
	if (extent > ctx->max_object_bytes)
		return sdm_fail(ctx, -EMSGSIZE, type->name);
	if (container) {
		if (receiver)	/* interior objects are never tracked alone */
			return sdm_fail(ctx, -EPROTO, "object.container");
	} else if (ctx->tracker) {
		const struct sdt_entry *known = receiver ? NULL :
			sdt_find_remote(ctx->tracker, sender);

		/* A copy of it made here before: not new, whatever the sender knows. */
		fresh = !receiver && !(known && known->state == SDT_LIVE);
		err = sdt_receive_extent(ctx->tracker, sender, receiver,
					 type->type_id, type->size, count,
					 (uint32_t)extent, &local);
		if (err)
			return sdm_fail(ctx, err, type->name);
		extent = sdt_find_local(ctx->tracker,
					(uint64_t)(uintptr_t)local)->extent;
	} else {
		if (receiver)
			return sdm_fail(ctx, -ESTALE, type->name);
		local = sdm_alloc(ctx, (size_t)extent, type->name);
		if (!local)
			return ctx->error;
	}
	o = &ctx->objs[ctx->nobjs++];
	o->ptr = local;
	o->type = type;
	o->count = count;
	o->container = container;
	o->offset = offset;
	o->extent = container ? 0 : (uint32_t)extent;
	o->fresh = fresh;
	return 0;
}

int sdm_resolve_interiors(struct sdm_ctx *ctx)
{
	uint32_t i;

	for (i = 0; i < ctx->nobjs && !ctx->error; i++) {
		struct sdm_obj *o = &ctx->objs[i];
		const struct sdm_obj *c;
		uint64_t bytes = (uint64_t)o->type->size * o->count;

		if (!o->container)
			continue;
		if (o->container > ctx->nobjs)
			return sdm_fail(ctx, -EPROTO, "object.container");
		c = &ctx->objs[o->container - 1];
		if (c->container || c->type == &sdm_string_type ||
		    c->type == &sdm_bytes_type)
			return sdm_fail(ctx, -EPROTO, "object.container");
		if (o->offset > c->extent || bytes > c->extent - o->offset)
			return sdm_fail(ctx, -EPROTO, "object.offset");
		o->ptr = (uint8_t *)c->ptr + o->offset;
	}
	return ctx->error;
}

int sdm_apply_freed(struct sdm_ctx *ctx, uint64_t local)
{
	int err;

	if (!ctx->tracker)
		return sdm_fail(ctx, -ESTALE, "envelope.freed");
	err = sdt_peer_freed(ctx->tracker, local);
	return err ? sdm_fail(ctx, err, "envelope.freed") : 0;
}

static uint32_t sdm_symbol_out(struct sdm_ctx *ctx, const void *p,
			       const void *const *table, uint32_t n,
			       const char *where)
{
	uint32_t i;

	if (!p || ctx->error)
		return 0;
	for (i = 0; table && i < n; i++)
		if (table[i] == p)
			return i + 1;
	sdm_fail(ctx, -EFAULT, where);
	return 0;
}

static void *sdm_symbol_in(struct sdm_ctx *ctx, uint64_t idx,
			   const void *const *table, uint32_t n,
			   const char *where)
{
	if (idx == 0 || ctx->error)
		return NULL;
	if (!table || idx > n) {
		sdm_fail(ctx, -EPROTO, where);
		return NULL;
	}
	return (void *)(uintptr_t)table[idx - 1];
}

static uint32_t sdm_symbol_field_out(struct sdm_ctx *ctx, const void *p,
				     const void *const *table, uint32_t n,
				     const char *where)
{
	uint32_t i;

	if (!p || ctx->error)
		return 0;
	for (i = 0; table && i < n; i++)
		if (table[i] == p)
			return i + 1;
	if (ctx->side == SDM_SIDE_KERNEL || p == SDM_FOREIGN_POINTER)
		return SDM_SYMBOL_FOREIGN;
	sdm_fail(ctx, -EFAULT, where);
	return 0;
}

static void *sdm_symbol_field_in(struct sdm_ctx *ctx, uint64_t idx,
				 const void *const *table, uint32_t n,
				 const void *cur, const char *where)
{
	if (idx != SDM_SYMBOL_FOREIGN)
		return sdm_symbol_in(ctx, idx, table, n, where);
	if (ctx->side == SDM_SIDE_KERNEL)
		return (void *)(uintptr_t)cur;
	return SDM_FOREIGN_POINTER;
}

uint32_t sdm_function_field_out(struct sdm_ctx *ctx, const void *fn, const char *where)
{
	const struct sdm_symbols *s = ctx->symbols;

	return sdm_symbol_field_out(ctx, fn, s ? s->functions : NULL,
				    s ? s->nfunctions : 0, where);
}

void *sdm_function_field_in(struct sdm_ctx *ctx, uint64_t idx, const void *cur,
			    const char *where)
{
	const struct sdm_symbols *s = ctx->symbols;

	return sdm_symbol_field_in(ctx, idx, s ? s->functions : NULL,
				   s ? s->nfunctions : 0, cur, where);
}

uint32_t sdm_global_field_out(struct sdm_ctx *ctx, const void *p, const char *where)
{
	const struct sdm_symbols *s = ctx->symbols;

	return sdm_symbol_field_out(ctx, p, s ? s->globals : NULL,
				    s ? s->nglobals : 0, where);
}

void *sdm_global_field_in(struct sdm_ctx *ctx, uint64_t idx, const void *cur,
			  const char *where)
{
	const struct sdm_symbols *s = ctx->symbols;

	return sdm_symbol_field_in(ctx, idx, s ? s->globals : NULL,
				   s ? s->nglobals : 0, cur, where);
}

void sdm_number_message(struct sdm_ctx *ctx)
{
	ctx->msg_seq = ctx->tracker ? sdt_next_seq(ctx->tracker) : 0;
	ctx->msg_ack = ctx->tracker ? sdt_ack(ctx->tracker) : 0;
}

void sdm_message_applied(struct sdm_ctx *ctx)
{
	if (ctx->tracker)
		sdt_applied(ctx->tracker, ctx->msg_seq);
}

void sdm_sync_data(const struct cpn_struct_r *r, uint8_t *out, uint32_t bytes)
{
	memset(out, 0, bytes);
	if (r->data)
		memcpy(out, r->data, r->data_bytes < bytes ? r->data_bytes : bytes);
}

uint32_t sdm_sync_bytes(const struct sdm_type *t)
{
	return t->sync_bytes ? t->sync_bytes : (uint32_t)t->data_words * 8;
}

void sdm_sync_copy(const struct sdm_ctx *ctx, const struct sdm_type *t,
		   const struct cpn_struct_r *r, uint8_t *out)
{
	if (t->sync_copy)
		t->sync_copy(ctx, r, out);
	else
		sdm_sync_data(r, out, (uint32_t)t->data_words * 8);
}

/* A local object's print: 0 for NULL, never 0 for another pointer. */
static uint32_t sdm_ref_print(const void *p)
{
	uint64_t a = (uint64_t)(uintptr_t)p;
	uint32_t v = (uint32_t)(a ^ (a >> 32));

	return p && !v ? 1 : v;
}

void sdm_sync_ref(const struct sdm_ctx *ctx, uint8_t *slot)
{
	uint32_t idx, v;

	memcpy(&idx, slot, sizeof(idx));
	if (!idx)
		return;
	/* An index this message does not have matches no local object. */
	v = idx <= ctx->nobjs ? sdm_ref_print(ctx->objs[idx - 1].ptr) : 0xffffffffu;
	memcpy(slot, &v, sizeof(v));
}

bool sdm_ref_unchanged(const struct sdm_ctx *ctx, uint32_t bit_off,
		       const void *local)
{
	uint32_t v;

	if (!ctx->shadow || ctx->error ||
	    (uint64_t)bit_off + 32 > (uint64_t)ctx->shadow_bytes * 8)
		return false;
	memcpy(&v, ctx->shadow + bit_off / 8, sizeof(v));
	return v == sdm_ref_print(local);
}

bool sdm_unchanged(const struct sdm_ctx *ctx, const struct cpn_struct_r *r,
		   uint32_t bit_off, uint32_t bits)
{
	uint32_t i;

	if (!ctx->shadow || !r->data ||
	    (uint64_t)bit_off + bits > (uint64_t)ctx->shadow_bytes * 8 ||
	    (uint64_t)bit_off + bits > (uint64_t)r->data_bytes * 8)
		return false;
	if (bits < 8) {
		uint8_t mask = (uint8_t)(((1u << bits) - 1) << (bit_off % 8));

		return !((r->data[bit_off / 8] ^ ctx->shadow[bit_off / 8]) & mask);
	}
	for (i = 0; i < bits / 8; i++)
		if (r->data[bit_off / 8 + i] != ctx->shadow[bit_off / 8 + i])
			return false;
	return true;
}

uint64_t sdm_changed_bits(const struct sdm_ctx *ctx, const struct cpn_struct_r *r,
			  uint32_t bit_off, uint32_t bits)
{
	uint64_t changed = 0;
	uint32_t i;

	if (!ctx->shadow || !r->data || bits < 8 || bits > 64 || bit_off % 8 ||
	    (uint64_t)bit_off + bits > (uint64_t)ctx->shadow_bytes * 8 ||
	    (uint64_t)bit_off + bits > (uint64_t)r->data_bytes * 8)
		return ~0ull;
	for (i = 0; i < bits / 8; i++)	/* capnp data is little-endian */
		changed |= (uint64_t)(r->data[bit_off / 8 + i] ^
				      ctx->shadow[bit_off / 8 + i]) << (8 * i);
	return changed;
}

uint32_t sdm_function_out(struct sdm_ctx *ctx, const void *fn, const char *where)
{
	const struct sdm_symbols *s = ctx->symbols;

	return sdm_symbol_out(ctx, fn, s ? s->functions : NULL,
			      s ? s->nfunctions : 0, where);
}

void *sdm_function_in(struct sdm_ctx *ctx, uint64_t idx, const char *where)
{
	const struct sdm_symbols *s = ctx->symbols;

	return sdm_symbol_in(ctx, idx, s ? s->functions : NULL,
			     s ? s->nfunctions : 0, where);
}

uint32_t sdm_global_out(struct sdm_ctx *ctx, const void *p, const char *where)
{
	const struct sdm_symbols *s = ctx->symbols;

	return sdm_symbol_out(ctx, p, s ? s->globals : NULL,
			      s ? s->nglobals : 0, where);
}

void *sdm_global_in(struct sdm_ctx *ctx, uint64_t idx, const char *where)
{
	const struct sdm_symbols *s = ctx->symbols;

	return sdm_symbol_in(ctx, idx, s ? s->globals : NULL,
			     s ? s->nglobals : 0, where);
}
