/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sdt.h - the object tracker: which local object stands for which object
 * on the other side of the boundary.
 *
 * Each side keeps one tracker. An entry pairs a local address with the
 * peer's address for the same object, its type id (the Cap'n Proto id of
 * its schema struct, or SDT_TYPE_STRING), element size and element count
 * (arrays and strings are objects with a count). Lookup is by either
 * address. Storage is a caller-supplied block sized with sdt_mem_bytes(), so
 * the kernel side allocates once at attach time and never in a crossing.
 *
 * Lifetime: sdt_free_local() is the hook for "this side freed the object";
 * the entry becomes a tombstone reachable by the peer's address, so a
 * message still naming it is refused (-ESTALE), and the peer's address is
 * queued for the next outgoing message (sdt_take_freed()). The peer calls
 * sdt_peer_freed() on receipt and drops its copy too (releasing it if the
 * tracker created it).
 *
 * Regions (__iomem BARs, coherent DMA buffers) are not tracked per object:
 * pointers into them travel as (region index, offset) and are rebased onto
 * the receiving side's mapping of the same region.
 */
#ifndef SPLIT_DRIVER_SDT_H
#define SPLIT_DRIVER_SDT_H

#include "cpn_port.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SDT_TYPE_STRING 0x5354524e47ull	/* "STRNG": NUL-terminated bytes */
#define SDT_TYPE_BYTES 0x4259544553ull	/* "BYTES": a byte array of a counted length */
#define SDT_MAX_REGIONS 16

enum sdt_state { SDT_UNUSED = 0, SDT_LIVE, SDT_DEAD };

struct sdt_entry {
	uint64_t local;
	uint64_t remote;	/* 0 while the peer has no copy */
	uint64_t type_id;
	uint32_t elem_size;
	uint32_t count;		/* capacity in elements */
	uint32_t extent;	/* bytes of the allocation from local (>= elements) */
	uint8_t state;
	uint8_t owned;		/* the tracker allocated the local copy */
	uint32_t shadow_bytes;
	uint8_t *shadow;	/* the data sections last sent to the peer (sdm) */
};

struct sdt_ops {
	void *(*alloc)(void *arg, size_t bytes);	/* zeroed memory */
	void (*release)(void *arg, void *p);
	void *arg;
	/*
	 * Optional: maps region @index (0-based) the peer names but this side
	 * has not mapped yet; 0 and the mapping, or a negative errno.
	 */
	int (*map_region)(void *arg, uint32_t index, uint64_t *base,
			  uint64_t *size);
};

struct sdt_region {
	uint64_t base;		/* this side's mapping */
	uint64_t size;
};

struct sdt_tracker {
	struct sdt_entry *entries;
	uint32_t *by_local;	/* open addressing: entry index + 1 */
	uint32_t *by_remote;
	uint32_t max_entries;
	uint32_t index_mask;
	uint32_t next_unused;
	uint32_t live;
	uint32_t free_head;	/* entry index + 1 of a reusable entry */
	uint32_t dead;
	struct sdt_ops ops;
	struct sdt_region regions[SDT_MAX_REGIONS];
};

size_t sdt_mem_bytes(uint32_t max_entries);
int sdt_init(struct sdt_tracker *t, void *mem, size_t mem_bytes,
	     uint32_t max_entries, const struct sdt_ops *ops);
/* Drops every entry, releasing what the tracker allocated. */
void sdt_destroy(struct sdt_tracker *t);

struct sdt_entry *sdt_find_local(struct sdt_tracker *t, uint64_t local);
/*
 * The entry's shadow buffer of @bytes (allocated, or reallocated when its
 * size changes, with ops.alloc; freed with the entry), or NULL.
 */
uint8_t *sdt_shadow(struct sdt_tracker *t, struct sdt_entry *e, uint32_t bytes);
/* Finds live entries and tombstones; check ->state. */
struct sdt_entry *sdt_find_remote(struct sdt_tracker *t, uint64_t remote);

int sdt_bind(struct sdt_tracker *t, uint64_t local, uint64_t remote,
	     uint64_t type_id, uint32_t elem_size, uint32_t count);
int sdt_receive(struct sdt_tracker *t, uint64_t remote, uint64_t local_hint,
		uint64_t type_id, uint32_t elem_size, uint32_t count,
		void **local);
/* As sdt_receive; a new local copy gets @extent bytes (at least the elements). */
int sdt_receive_extent(struct sdt_tracker *t, uint64_t remote,
		       uint64_t local_hint, uint64_t type_id,
		       uint32_t elem_size, uint32_t count, uint32_t extent,
		       void **local);
/* Records that the allocation at @local spans @extent bytes. */
int sdt_set_extent(struct sdt_tracker *t, uint64_t local, uint32_t extent);
/*
 * The live entry whose allocation holds [@addr, @addr + @bytes), or NULL.
 * A linear scan: used only for pointers that are not an allocation's start.
 */
struct sdt_entry *sdt_find_containing(struct sdt_tracker *t, uint64_t addr,
				      uint64_t bytes);

int sdt_free_local(struct sdt_tracker *t, uint64_t local);
uint32_t sdt_take_freed(struct sdt_tracker *t, uint64_t *remote,
			uint32_t max);
int sdt_peer_freed(struct sdt_tracker *t, uint64_t local);
/*
 * Freed objects the peer never paired with an address of its own (sent one
 * way only): named by this side's address, dropped by the peer through its
 * remote index. A peer without a copy ignores the name.
 */
uint32_t sdt_take_unpaired_freed(struct sdt_tracker *t, uint64_t *local,
				 uint32_t max);
void sdt_peer_freed_unpaired(struct sdt_tracker *t, uint64_t remote);

/* The region went (a DMA buffer freed): pointers into it no longer cross. */
void sdt_remove_region(struct sdt_tracker *t, uint32_t index);
/*
 * Asks ops.map_region again for every region this side knows, dropping
 * those that went and rebasing those that moved: a freed DMA buffer's index
 * may come back for a new buffer elsewhere (a ring reallocated by down/up).
 */
void sdt_refresh_regions(struct sdt_tracker *t);
int sdt_add_region(struct sdt_tracker *t, uint32_t index, uint64_t base,
		   uint64_t size);
int sdt_region_out(const struct sdt_tracker *t, const void *p, uint64_t *wire);
int sdt_region_in(struct sdt_tracker *t, uint64_t wire, void **p);

#ifdef __cplusplus
}
#endif

#endif
