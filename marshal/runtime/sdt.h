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
	/* What the peer holds of the allocation's objects (sdt_sync_*). */
	struct sdt_sync *sync;
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
	/* Message numbers (sdt_sync_*): ours, and how far the peer's are applied. */
	uint64_t send_seq;
	uint64_t applied_seq;	/* every peer message <= this was applied */
	uint64_t applied_above;	/* bit i: peer message applied_seq + 1 + i */
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
 * Keeping both copies of an object's data right while crossings overlap.
 *
 * Each half changes its own copy between crossings (the kernel's data path
 * advances a ring, the user half's open clears a queue's XOFF bit), and
 * messages cross in flight (a watchdog upcall leaves the kernel while the
 * reply to ndo_open is on its way back). A receiver must therefore apply
 * only the fields the sender changed, and never an old value the sender
 * merely had not yet heard about.
 *
 * Every message carries its sender's number (seq) and how far the sender
 * had applied the receiver's messages (ack). Per object (and per interior
 * object of an allocation) a side keeps an sdt_sync: the data the peer
 * last sent (its copy at that time, with that message's ack) and the data
 * of our last SDT_SYNC_SENT messages. Receiving, the peer's copy as it was
 * before any change of its own is our latest message it had applied (seq
 * <= ack) if that came after its own last message, else its own last
 * message; in the bits where that message of ours only echoed the peer's
 * copy, the peer's last copy (it may have changed them since, in a message
 * we applied). A field equal to that was not changed by the peer and is
 * not applied. An object from an older peer message than one already
 * applied is not applied at all. With no such knowledge every field is
 * applied.
 */
#define SDT_SYNC_SENT 4

/*
 * Which of our last messages the peer had seen, and what it sent last: the
 * bookkeeping both an object's sync record and the shared variables
 * (sdm_shared) keep beside their data.
 */
struct sdt_versions {
	uint64_t peer_seq;	/* peer message of the peer's copy; 0: none yet */
	uint64_t peer_ack;	/* that message's ack */
	uint64_t lost_seq;	/* newest of our versions dropped for room */
	uint64_t sent_seq[SDT_SYNC_SENT];	/* 0: free */
};

/* The base a received value is compared with: the peer's copy... */
#define SDT_BASE_PEER (-1)
/* ...or nothing: every value is applied. Else a slot of our versions. */
#define SDT_BASE_NONE (-2)

/* The slot our message @seq's version goes in (the oldest is dropped). */
unsigned int sdt_versions_sending(struct sdt_versions *v, uint64_t seq);
/*
 * The base of the peer's message @seq that saw ours up to @ack: a slot,
 * SDT_BASE_PEER or SDT_BASE_NONE. *stale: an older peer message than one
 * already applied (nothing of it is applied).
 */
int sdt_versions_base(const struct sdt_versions *v, uint64_t seq, uint64_t ack,
		      bool *stale);
/* The peer's message @seq (ack @ack) was applied. */
void sdt_versions_received(struct sdt_versions *v, uint64_t seq, uint64_t ack);

struct sdt_sync {
	struct sdt_sync *next;	/* the allocation's other objects */
	uint64_t type_id;
	uint32_t offset;	/* inside the allocation */
	uint32_t bytes;		/* data bytes of one version */
	struct sdt_versions v;
	/*
	 * @bytes each: the peer's copy, our SDT_SYNC_SENT versions, for each
	 * the bits it changed from the peer's copy when it was sent (an echo
	 * of the peer's values is no change of ours), and room for a base.
	 */
	uint8_t data[];
};

/* Numbers an outgoing message. */
uint64_t sdt_next_seq(struct sdt_tracker *t);
/* The ack an outgoing message carries. */
uint64_t sdt_ack(const struct sdt_tracker *t);
/* A peer message was applied (or refused: it will not come again). */
void sdt_applied(struct sdt_tracker *t, uint64_t seq);

/*
 * The sync record of the object of @type_id at @offset in @e's allocation
 * whose data versions are @bytes long: found, created, or (size changed)
 * reset. NULL when it cannot be allocated.
 */
struct sdt_sync *sdt_sync_of(struct sdt_tracker *t, struct sdt_entry *e,
			     uint64_t type_id, uint32_t offset,
			     uint32_t bytes);
/* Where our message @seq's version of the data goes. */
uint8_t *sdt_sync_sending(struct sdt_sync *s, uint64_t seq);
/* The version sdt_sync_sending() gave is filled: note what it changed. */
void sdt_sync_sent(struct sdt_sync *s, const uint8_t *version);
/*
 * Receiving the object in peer message @seq carrying @ack: NULL with
 * *@stale set when an object from a newer peer message was applied
 * already; otherwise the data the peer's fields are compared with, or NULL
 * (apply every field). Compared with our version the peer had seen, a bit
 * that version only echoed is compared with the peer's last copy instead:
 * the peer may have changed it since, in a message this side applied.
 */
const uint8_t *sdt_sync_base(const struct sdt_sync *s, uint64_t seq,
			     uint64_t ack, bool *stale);
/* After applying: the peer's copy of the data as message @seq carried it. */
void sdt_sync_received(struct sdt_sync *s, uint64_t seq, uint64_t ack,
		       const uint8_t *data);
/* Drops the entry's sync records (the object went). */
void sdt_sync_free_all(struct sdt_tracker *t, struct sdt_entry *e);
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
