// SPDX-License-Identifier: GPL-2.0
/*
 * sdt.c - object tracker tables (see sdt.h).
 *
 * Two open-addressing indexes over one entry array, keyed by the local and
 * by the peer's address. Probes are bounded by the index size, so a full or
 * hostile table costs time proportional to its capacity, never a hang.
 */
#include "sdt.h"

#define SDT_SLOT_EMPTY 0u
#define SDT_SLOT_DELETED 0xffffffffu
#define SDT_REGION_SHIFT 56
#define SDT_REGION_OFFSET_MASK ((1ull << SDT_REGION_SHIFT) - 1)

static uint32_t sdt_index_size(uint32_t max_entries)
{
	uint32_t n = 16;

	while (n < 2 * (uint64_t)max_entries)
		n <<= 1;
	return n;
}

size_t sdt_mem_bytes(uint32_t max_entries)
{
	return (size_t)max_entries * sizeof(struct sdt_entry) +
	       2 * (size_t)sdt_index_size(max_entries) * sizeof(uint32_t);
}

int sdt_init(struct sdt_tracker *t, void *mem, size_t mem_bytes,
	     uint32_t max_entries, const struct sdt_ops *ops)
{
	uint32_t isz = sdt_index_size(max_entries);

	memset(t, 0, sizeof(*t));
	if (max_entries == 0 || max_entries > (1u << 28) ||
	    mem_bytes < sdt_mem_bytes(max_entries))
		return -EINVAL;
	memset(mem, 0, sdt_mem_bytes(max_entries));
	t->entries = mem;
	t->by_local = (uint32_t *)(t->entries + max_entries);
	t->by_remote = t->by_local + isz;
	t->max_entries = max_entries;
	t->index_mask = isz - 1;
	if (ops)
		t->ops = *ops;
	return 0;
}

static uint32_t sdt_hash(uint64_t key)
{
	return (uint32_t)(((key >> 3) * 0x9e3779b97f4a7c15ull) >> 32);
}

/* Slot holding @key in @index, or -1; @free_slot gets the first reusable one. */
static int64_t sdt_probe(const struct sdt_tracker *t, const uint32_t *index,
			 bool by_local, uint64_t key, int64_t *free_slot)
{
	uint32_t i = sdt_hash(key) & t->index_mask, n;

	if (free_slot)
		*free_slot = -1;
	for (n = 0; n <= t->index_mask; n++, i = (i + 1) & t->index_mask) {
		uint32_t v = index[i];
		const struct sdt_entry *e;

		if (v == SDT_SLOT_EMPTY) {
			if (free_slot && *free_slot < 0)
				*free_slot = i;
			return -1;
		}
		if (v == SDT_SLOT_DELETED) {
			if (free_slot && *free_slot < 0)
				*free_slot = i;
			continue;
		}
		e = &t->entries[v - 1];
		if ((by_local ? e->local : e->remote) == key)
			return i;
	}
	return -1;
}

static void sdt_index_remove(struct sdt_tracker *t, uint32_t *index,
			     bool by_local, uint64_t key)
{
	int64_t slot = sdt_probe(t, index, by_local, key, NULL);

	if (slot >= 0)
		index[slot] = SDT_SLOT_DELETED;
}

static int sdt_index_add(struct sdt_tracker *t, uint32_t *index, bool by_local,
			 uint64_t key, uint32_t entry)
{
	int64_t free_slot;

	if (sdt_probe(t, index, by_local, key, &free_slot) >= 0)
		return -EEXIST;
	if (free_slot < 0)
		return -ENOSPC;
	index[free_slot] = entry + 1;
	return 0;
}

struct sdt_entry *sdt_find_local(struct sdt_tracker *t, uint64_t local)
{
	int64_t slot = sdt_probe(t, t->by_local, true, local, NULL);
	struct sdt_entry *e;

	if (slot < 0)
		return NULL;
	e = &t->entries[t->by_local[slot] - 1];
	return e->state == SDT_LIVE ? e : NULL;
}

struct sdt_entry *sdt_find_remote(struct sdt_tracker *t, uint64_t remote)
{
	int64_t slot;

	if (remote == 0)
		return NULL;
	slot = sdt_probe(t, t->by_remote, false, remote, NULL);
	return slot < 0 ? NULL : &t->entries[t->by_remote[slot] - 1];
}

static int sdt_new_entry(struct sdt_tracker *t, uint32_t *out)
{
	if (t->free_head) {
		*out = t->free_head - 1;
		t->free_head = (uint32_t)t->entries[*out].local;
		return 0;
	}
	if (t->next_unused >= t->max_entries)
		return -ENOSPC;
	*out = t->next_unused++;
	return 0;
}

static void sdt_put_entry(struct sdt_tracker *t, uint32_t i)
{
	memset(&t->entries[i], 0, sizeof(t->entries[i]));
	t->entries[i].local = t->free_head;	/* free-list link */
	t->free_head = i + 1;
}

static int sdt_set_remote(struct sdt_tracker *t, struct sdt_entry *e,
			  uint64_t remote)
{
	int err;

	if (e->remote == remote || remote == 0)
		return 0;
	if (e->remote)
		return -EPROTO;	/* already paired with another object */
	e->remote = remote;
	err = sdt_index_add(t, t->by_remote, false, remote,
			    (uint32_t)(e - t->entries));
	if (err)
		e->remote = 0;
	return err;
}

static int sdt_insert(struct sdt_tracker *t, uint64_t local, uint64_t remote,
		      uint64_t type_id, uint32_t elem_size, uint32_t count,
		      bool owned)
{
	struct sdt_entry *e;
	uint32_t i;
	int err;

	if (local == 0)
		return -EINVAL;
	err = sdt_new_entry(t, &i);
	if (err)
		return err;
	e = &t->entries[i];
	memset(e, 0, sizeof(*e));
	e->local = local;
	e->type_id = type_id;
	e->elem_size = elem_size;
	e->count = count;
	e->extent = (uint64_t)elem_size * count > 0xffffffffu ?
		    0xffffffffu : elem_size * count;
	e->owned = owned;
	e->state = SDT_LIVE;
	err = sdt_index_add(t, t->by_local, true, local, i);
	if (err)
		goto err_entry;
	err = sdt_set_remote(t, e, remote);
	if (err)
		goto err_local;
	t->live++;
	return 0;

err_local:
	sdt_index_remove(t, t->by_local, true, local);
err_entry:
	sdt_put_entry(t, i);
	return err;
}

static int sdt_check_shape(const struct sdt_entry *e, uint64_t type_id,
			   uint32_t elem_size, uint32_t count)
{
	if (e->type_id != type_id || e->elem_size != elem_size ||
	    count > e->count)
		return -EPROTO;
	return 0;
}

int sdt_bind(struct sdt_tracker *t, uint64_t local, uint64_t remote,
	     uint64_t type_id, uint32_t elem_size, uint32_t count)
{
	struct sdt_entry *e = sdt_find_local(t, local);
	int err;

	if (!e)
		return sdt_insert(t, local, remote, type_id, elem_size, count,
				  false);
	err = sdt_check_shape(e, type_id, elem_size, count);
	return err ? err : sdt_set_remote(t, e, remote);
}

int sdt_receive(struct sdt_tracker *t, uint64_t remote, uint64_t local_hint,
		uint64_t type_id, uint32_t elem_size, uint32_t count,
		void **local)
{
	return sdt_receive_extent(t, remote, local_hint, type_id, elem_size,
				  count, 0, local);
}

int sdt_receive_extent(struct sdt_tracker *t, uint64_t remote,
		       uint64_t local_hint, uint64_t type_id,
		       uint32_t elem_size, uint32_t count, uint32_t extent,
		       void **local)
{
	struct sdt_entry *e;
	uint64_t bytes = (uint64_t)elem_size * count;
	void *p;
	int err;

	if (local_hint) {
		e = sdt_find_local(t, local_hint);
		if (!e)
			return -ESTALE;	/* the peer names an object we freed */
		err = sdt_check_shape(e, type_id, elem_size, count);
		if (!err)
			err = sdt_set_remote(t, e, remote);
		if (!err)
			*local = (void *)(uintptr_t)e->local;
		return err;
	}
	e = sdt_find_remote(t, remote);
	if (e) {
		if (e->state != SDT_LIVE)
			return -ESTALE;
		if (e->type_id != type_id) {
			/*
			 * The peer names as new an address our copy of another
			 * object still pairs with: it reused the address (a
			 * struct on its stack, one call's ethtool_pauseparam
			 * and the next one's ethtool_ringparam) and its notice
			 * that the old one went, by our address, follows.
			 */
			sdt_index_remove(t, t->by_remote, false, e->remote);
			e->remote = 0;
		} else {
			err = sdt_check_shape(e, type_id, elem_size, count);
			if (!err)
				*local = (void *)(uintptr_t)e->local;
			return err;
		}
	}
	if (remote == 0 || bytes == 0 || bytes > ((size_t)-1 >> 1) ||
	    bytes > 0xffffffffu)
		return -EINVAL;
	if (extent < bytes)
		extent = (uint32_t)bytes;
	if (!t->ops.alloc)
		return -ENOMEM;
	p = t->ops.alloc(t->ops.arg, extent);
	if (!p)
		return -ENOMEM;
	err = sdt_insert(t, (uint64_t)(uintptr_t)p, remote, type_id, elem_size,
			 count, true);
	if (err) {
		t->ops.release(t->ops.arg, p);
		return err;
	}
	sdt_find_local(t, (uint64_t)(uintptr_t)p)->extent = extent;
	*local = p;
	return 0;
}

int sdt_set_extent(struct sdt_tracker *t, uint64_t local, uint32_t extent)
{
	struct sdt_entry *e = sdt_find_local(t, local);

	if (!e)
		return -ENOENT;
	if (extent > e->extent)
		e->extent = extent;
	return 0;
}

struct sdt_entry *sdt_find_containing(struct sdt_tracker *t, uint64_t addr,
				      uint64_t bytes)
{
	uint32_t i;

	for (i = 0; i < t->next_unused; i++) {
		struct sdt_entry *e = &t->entries[i];

		if (e->state == SDT_LIVE && addr >= e->local &&
		    addr - e->local < e->extent &&
		    bytes <= e->extent - (addr - e->local))
			return e;
	}
	return NULL;
}

static void sdt_drop(struct sdt_tracker *t, struct sdt_entry *e)
{
	uint32_t i = (uint32_t)(e - t->entries);

	sdt_sync_free_all(t, e);
	if (e->state == SDT_LIVE) {
		sdt_index_remove(t, t->by_local, true, e->local);
		t->live--;
	} else {
		t->dead--;
	}
	if (e->remote)
		sdt_index_remove(t, t->by_remote, false, e->remote);
	sdt_put_entry(t, i);
}

int sdt_free_local(struct sdt_tracker *t, uint64_t local)
{
	struct sdt_entry *e = sdt_find_local(t, local);

	if (!e)
		return -ENOENT;
	sdt_sync_free_all(t, e);
	if (e->owned && t->ops.release)
		t->ops.release(t->ops.arg, (void *)(uintptr_t)e->local);
	/*
	 * Local address may be reused at once; the entry stays a tombstone
	 * until a message tells the peer (by its address, or by ours when it
	 * never named its own back).
	 */
	sdt_index_remove(t, t->by_local, true, e->local);
	e->state = SDT_DEAD;
	t->live--;
	t->dead++;
	return 0;
}

uint32_t sdt_take_freed(struct sdt_tracker *t, uint64_t *remote, uint32_t max)
{
	uint32_t i, n = 0;

	for (i = 0; i < t->next_unused && n < max && t->dead; i++) {
		struct sdt_entry *e = &t->entries[i];

		if (e->state != SDT_DEAD || !e->remote)
			continue;
		remote[n++] = e->remote;
		sdt_drop(t, e);
	}
	return n;
}

uint32_t sdt_take_unpaired_freed(struct sdt_tracker *t, uint64_t *local,
				 uint32_t max)
{
	uint32_t i, n = 0;

	for (i = 0; i < t->next_unused && n < max && t->dead; i++) {
		struct sdt_entry *e = &t->entries[i];

		if (e->state != SDT_DEAD || e->remote)
			continue;
		local[n++] = e->local;
		sdt_drop(t, e);
	}
	return n;
}

void sdt_peer_freed_unpaired(struct sdt_tracker *t, uint64_t remote)
{
	struct sdt_entry *e = sdt_find_remote(t, remote);

	if (e && e->state == SDT_LIVE)
		sdt_peer_freed(t, e->local);
}

int sdt_peer_freed(struct sdt_tracker *t, uint64_t local)
{
	struct sdt_entry *e = sdt_find_local(t, local);

	if (!e)
		return -ESTALE;
	sdt_sync_free_all(t, e);
	if (e->owned && t->ops.release)
		t->ops.release(t->ops.arg, (void *)(uintptr_t)e->local);
	sdt_drop(t, e);
	return 0;
}

void sdt_destroy(struct sdt_tracker *t)
{
	uint32_t i;

	for (i = 0; i < t->next_unused; i++) {
		struct sdt_entry *e = &t->entries[i];

		if (e->state == SDT_LIVE)
			sdt_sync_free_all(t, e);
		if (e->state == SDT_LIVE && e->owned && t->ops.release)
			t->ops.release(t->ops.arg, (void *)(uintptr_t)e->local);
	}
	t->next_unused = 0;
	t->live = 0;
	t->dead = 0;
	t->free_head = 0;
}

int sdt_add_region(struct sdt_tracker *t, uint32_t index, uint64_t base,
		   uint64_t size)
{
	if (index >= SDT_MAX_REGIONS || size == 0 ||
	    size > SDT_REGION_OFFSET_MASK || base + size < base)
		return -EINVAL;
	t->regions[index].base = base;
	t->regions[index].size = size;
	return 0;
}

void sdt_remove_region(struct sdt_tracker *t, uint32_t index)
{
	if (index < SDT_MAX_REGIONS) {
		t->regions[index].base = 0;
		t->regions[index].size = 0;
	}
}

void sdt_refresh_regions(struct sdt_tracker *t)
{
	uint32_t i;

	if (!t->ops.map_region)
		return;
	for (i = 0; i < SDT_MAX_REGIONS; i++) {
		uint64_t base = 0, size = 0;

		if (!t->regions[i].size)
			continue;
		if (t->ops.map_region(t->ops.arg, i, &base, &size) ||
		    sdt_add_region(t, i, base, size))
			sdt_remove_region(t, i);
	}
}

int sdt_region_out(const struct sdt_tracker *t, const void *p, uint64_t *wire)
{
	uint64_t a = (uint64_t)(uintptr_t)p;
	uint32_t i;

	*wire = 0;
	if (!p)
		return 0;
	for (i = 0; i < SDT_MAX_REGIONS; i++) {
		const struct sdt_region *r = &t->regions[i];

		if (r->size && a >= r->base && a - r->base < r->size) {
			*wire = ((uint64_t)(i + 1) << SDT_REGION_SHIFT) |
				(a - r->base);
			return 0;
		}
	}
	return -EFAULT;
}

static int sdt_map_region(struct sdt_tracker *t, uint32_t index)
{
	uint64_t base = 0, size = 0;
	int err;

	if (!t->ops.map_region)
		return -EFAULT;
	err = t->ops.map_region(t->ops.arg, index, &base, &size);
	if (err)
		return err;
	return sdt_add_region(t, index, base, size) ? -EFAULT : 0;
}

int sdt_region_in(struct sdt_tracker *t, uint64_t wire, void **p)
{
	uint64_t i = wire >> SDT_REGION_SHIFT, off = wire & SDT_REGION_OFFSET_MASK;

	*p = NULL;
	if (wire == 0)
		return 0;
	if (i == 0 || i > SDT_MAX_REGIONS)
		return -EFAULT;
	if (!t->regions[i - 1].size && sdt_map_region(t, (uint32_t)(i - 1)))
		return -EFAULT;
	if (off >= t->regions[i - 1].size)
		return -EFAULT;
	*p = (void *)(uintptr_t)(t->regions[i - 1].base + off);
	return 0;
}
