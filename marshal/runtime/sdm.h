/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sdm.h - marshaling of object graphs over the Cap'n Proto wire format.
 *
 * A crossing's message (graph.capnp's Envelope) carries an object table:
 * every object reachable from the roots through $ref fields, once, with
 * both sides' addresses, its schema type id and element count. References
 * inside payloads are table indices, so aliases and cycles survive, and the
 * object tracker (sdt.h) turns addresses into local objects on receipt
 * (lookup-or-create).
 *
 * The generated codecs (capnpc-sdmarshal) provide a struct sdm_type per
 * schema struct; this file holds what is common to the C codec (kernel and
 * user space) and the C++ codec: the per-message context, the closure
 * walk, and the tracker side of sending and receiving an object.
 */
#ifndef SPLIT_DRIVER_SDM_H
#define SPLIT_DRIVER_SDM_H

#include "cpn.h"
#include "sdt.h"

#ifdef __cplusplus
extern "C" {
#endif

struct sdm_ctx;

/* graph.capnp's Envelope: no data, objects/roots/freed/freedUnpaired. */
#define SDM_ENVELOPE_DATA_WORDS 2
#define SDM_ENVELOPE_POINTERS 4

struct sdm_bytes {
	uint8_t *ptr;		/* NULL: absent (null pointer on the wire) */
	uint32_t len;
};

/* Objects of the type may live inside another tracked allocation. */
#define SDM_TYPE_INTERIOR 0x1

struct sdm_type {
	uint64_t type_id;
	const char *name;
	uint32_t size;		/* sizeof the C struct (mirror or the real one) */
	uint16_t data_words;
	uint16_t ptr_count;
	void (*visit)(struct sdm_ctx *ctx, const void *obj);
	void (*encode)(struct sdm_ctx *ctx, const void *obj,
		       const struct cpn_struct_b *b);
	void (*decode)(struct sdm_ctx *ctx, const struct cpn_struct_r *r,
		       void *obj);
	/* Bytes of one allocation when larger than size (a net_device with its
	 * private area); 0: size.
	 */
	uint32_t alloc_size;
	uint32_t flags;		/* SDM_TYPE_* */
	/*
	 * What sync keeps of one element (sdt_sync): its data section, then
	 * those of the structs nested in it by value, flattened by
	 * sync_copy. 0 and NULL: the data section alone.
	 */
	uint32_t sync_bytes;
	void (*sync_copy)(const struct sdm_ctx *ctx, const struct cpn_struct_r *r,
			  uint8_t *out);
};

/* Strings are objects of this type: elements are bytes, count includes NUL. */
extern const struct sdm_type sdm_string_type;
/*
 * Byte arrays whose length another field gives (net_device.dev_addr with
 * addr_len): elements are bytes, the body is Data.
 */
extern const struct sdm_type sdm_bytes_type;

struct sdm_obj {
	void *ptr;		/* local address */
	const struct sdm_type *type;
	uint32_t count;
	uint32_t container;	/* 1-based index of the holding allocation, or 0 */
	uint32_t offset;	/* bytes into the container */
	uint32_t extent;	/* receiving: bytes of the local allocation */
	bool fresh;		/* new to the receiver / allocated by this message */
};

struct sdm_root {
	void *ptr;
	const struct sdm_type *type;
	uint32_t count;		/* 0 means 1 for structs, strlen + 1 for strings */
};

/*
 * The tables both halves generate with the same entries in the same order
 * (docs/CROSSING.md section 3). A function pointer or a pointer to a global
 * crosses as its index + 1 (0 is NULL); a pointer found in neither table is
 * an error (-EFAULT, naming the message part).
 */
/*
 * A file-scope variable both halves use and one may write, of plain data
 * (integers, enums, and arrays and structs of them: no pointers): each half
 * has its own copy, and its bytes cross with every call as
 * SDM_SHARED_WORDS(size) words of Call.variables. As for objects
 * (sdt_sync), a received value is applied only where the peer changed it:
 * it is compared with the peer's copy before any change of its own (our
 * newest message it had applied, if that came after its own last one, else
 * its last value), so no message rolls back a change of the receiver's.
 * A scalar is applied whole; an aggregate byte by byte, so each half keeps
 * the fields it wrote while the other wrote others. A pointer to a tracked
 * object (@type set) crosses as a root of the message, so its object
 * travels with it and the receiver's copy points to its own object; its
 * versions hold this side's addresses. @state holds
 * SDM_SHARED_STATE_WORDS(size) words, zeroed: the peer's last value, then
 * ours per sent slot, then per slot the bits that did not echo the peer.
 */
struct sdm_shared_var {
	void *addr;
	uint32_t size;		/* bytes, at most SDM_SHARED_MAX_BYTES */
	bool aggregate;
	const struct sdm_type *type;	/* a pointer to this type's objects */
	uint64_t *state;
};

#define SDM_SHARED_MAX_BYTES 4096u
#define SDM_SHARED_MAX_POINTERS 8u
#define SDM_SHARED_WORDS(size) (((size) + 7u) / 8u)
#define SDM_SHARED_STATE_WORDS(size) ((1u + 2u * SDT_SYNC_SENT) * SDM_SHARED_WORDS(size))

struct sdm_shared {
	struct sdm_shared_var *vars;
	uint32_t nvars;
	struct sdt_versions v;
};

struct sdm_symbols {
	const void *const *functions;
	uint32_t nfunctions;
	const void *const *globals;
	uint32_t nglobals;
	struct sdm_shared *shared;	/* NULL: none */
};

/* Which half a context belongs to: fixes the direction of its messages. */
enum sdm_side {
	SDM_SIDE_NONE = 0,	/* direction set by the caller (tests) */
	SDM_SIDE_KERNEL = 1,
	SDM_SIDE_USER = 2,
};

/* Which way a message goes: selects the fields of $toUser/$toKernel. */
enum sdm_direction {
	SDM_BOTH = 0,		/* every field (tests, standalone structs) */
	SDM_TO_USER = 1,
	SDM_TO_KERNEL = 2,
};

struct sdm_ctx {
	int direction;		/* enum sdm_direction of the message */
	struct sdt_tracker *tracker;	/* NULL: no identity across messages */
	const struct sdm_type *const *types;	/* what may be received */
	uint32_t ntypes;
	struct sdm_obj *objs;	/* this message's object table */
	uint32_t *obj_index;	/* open addressing over objs by address+type */
	uint32_t nobjs;
	uint32_t max_objs;
	uint32_t index_mask;
	uint8_t *arena;		/* decoded text, data and lists */
	size_t arena_size;
	size_t arena_used;
	uint32_t max_object_bytes;	/* largest object a message may create */
	int error;		/* first error, negative errno */
	const char *error_where;	/* type.field or message part */
	int side;		/* enum sdm_side: sdm_call sets direction from it */
	const struct sdm_symbols *symbols;	/* function and global tables */
	/*
	 * While one element is decoded: the peer's copy of its data section
	 * before any change of the peer's own (sdt_sync_base), or NULL. A
	 * data field equal to it is not applied, so a reply never rolls back
	 * what this half changed meanwhile (the kernel's data path advancing a
	 * ring, the user half clearing a queue's XOFF bit). A nested struct's
	 * decode points it at that struct's part of the copy (sync_copy's
	 * layout); shadow_bytes is the data section being decoded.
	 */
	const uint8_t *shadow;
	uint32_t shadow_bytes;
	/*
	 * While one element is encoded or decoded: the receiver has no copy of
	 * it yet (it allocates one with this message), so its one-way fields
	 * travel too and the new copy starts as the sender's, not zeroed (the
	 * user half's copy of a net_device the kernel allocated sent back a
	 * max_mtu of 0 it never had).
	 */
	bool fresh;
	/* The message's number and ack (Envelope.seq/ack; 0: not numbered). */
	uint64_t msg_seq;
	uint64_t msg_ack;
};

#define SDM_DEFAULT_MAX_OBJECT_BYTES (1u << 20)

size_t sdm_ctx_mem_bytes(uint32_t max_objs, size_t arena_bytes);
int sdm_ctx_init(struct sdm_ctx *ctx, void *mem, size_t mem_bytes,
		 uint32_t max_objs, struct sdt_tracker *tracker,
		 const struct sdm_type *const *types, uint32_t ntypes);
/* Forgets the object table and the arena: call before each message. */
void sdm_ctx_reset(struct sdm_ctx *ctx);
int sdm_fail(struct sdm_ctx *ctx, int err, const char *where);

void *sdm_alloc(struct sdm_ctx *ctx, size_t bytes, const char *where);
char *sdm_copy_text(struct sdm_ctx *ctx, const char *text, uint32_t len,
		    const char *where);
uint8_t *sdm_copy_bytes(struct sdm_ctx *ctx, const uint8_t *p, uint32_t len,
			const char *where);

/* Sending: table index (1-based) of the object, added if new; 0 for NULL. */
uint32_t sdm_ref_out(struct sdm_ctx *ctx, const void *p,
		     const struct sdm_type *type, uint32_t count,
		     const char *where);
/*
 * Sending a pointer into another tracked allocation (&pdev->dev): as
 * sdm_ref_out, but the object must lie inside an allocation of the message
 * or the tracker (-EFAULT otherwise); it travels as (container, offset).
 */
uint32_t sdm_interior_out(struct sdm_ctx *ctx, const void *p,
			  const struct sdm_type *type, const char *where);
/* Receiving: the local object at table index @idx, checked for @type. */
void *sdm_ref_in(struct sdm_ctx *ctx, uint32_t idx,
		 const struct sdm_type *type, uint32_t min_count,
		 const char *where);
uint64_t sdm_region_out(struct sdm_ctx *ctx, const void *p, const char *where);
void *sdm_region_in(struct sdm_ctx *ctx, uint64_t wire, const char *where);

/* Function pointers and pointers to globals: table index + 1, 0 for NULL. */
uint32_t sdm_function_out(struct sdm_ctx *ctx, const void *fn, const char *where);
void *sdm_function_in(struct sdm_ctx *ctx, uint64_t idx, const char *where);
uint32_t sdm_global_out(struct sdm_ctx *ctx, const void *p, const char *where);
void *sdm_global_in(struct sdm_ctx *ctx, uint64_t idx, const char *where);

/*
 * Function-pointer and global fields of objects. The kernel fills some with
 * its own pointers no table holds (alloc_netdev sets ethtool_ops to the
 * static default_ethtool_ops): the kernel half sends such a value as
 * SDM_SYMBOL_FOREIGN, the user half holds SDM_FOREIGN_POINTER (a
 * non-canonical address: using it faults at once) and, when that comes
 * back unchanged, the kernel keeps its own value (@cur). Anything else the
 * tables lack is refused as for arguments (-EFAULT).
 */
#define SDM_SYMBOL_FOREIGN 0xffffffffu
#define SDM_FOREIGN_POINTER ((void *)(uintptr_t)0xdead5d0000000000ull)
uint32_t sdm_function_field_out(struct sdm_ctx *ctx, const void *fn, const char *where);
void *sdm_function_field_in(struct sdm_ctx *ctx, uint64_t idx, const void *cur,
			    const char *where);
uint32_t sdm_global_field_out(struct sdm_ctx *ctx, const void *p, const char *where);
void *sdm_global_field_in(struct sdm_ctx *ctx, uint64_t idx, const void *cur,
			  const char *where);

/* Shared by the C and C++ envelope codecs. */
int sdm_collect(struct sdm_ctx *ctx, const struct sdm_root *roots,
		uint32_t nroots, uint32_t *root_idx);
void sdm_object_addrs(struct sdm_ctx *ctx, uint32_t i, uint64_t *sender,
		      uint64_t *receiver);
const struct sdm_type *sdm_find_type(struct sdm_ctx *ctx, uint64_t type_id);
int sdm_receive_object(struct sdm_ctx *ctx, uint64_t sender,
		       uint64_t receiver, const struct sdm_type *type,
		       uint32_t count);
/* Where object @i lives: its container and offset, or its allocation size. */
void sdm_object_placement(struct sdm_ctx *ctx, uint32_t i, uint32_t *container,
			  uint32_t *offset, uint32_t *alloc_size);
/* As sdm_receive_object, for an object placed by the sender. */
int sdm_receive_placed(struct sdm_ctx *ctx, uint64_t sender, uint64_t receiver,
		       const struct sdm_type *type, uint32_t count,
		       uint32_t container, uint32_t offset,
		       uint32_t alloc_size);
/*
 * Encoding: notes for every object of the table whether the receiver has
 * no copy of it yet (sdm_object_addrs finds no receiver address).
 */
void sdm_note_fresh(struct sdm_ctx *ctx);
/*
 * Object @o is new to the receiver (encoding) or was allocated by this
 * message (decoding), itself or its container.
 */
bool sdm_fresh_here(const struct sdm_ctx *ctx, const struct sdm_obj *o);

/* After every object is received: the addresses of the interior ones. */
int sdm_resolve_interiors(struct sdm_ctx *ctx);
int sdm_apply_freed(struct sdm_ctx *ctx, uint64_t local);

/* Numbers an outgoing message from the tracker (sdt_next_seq, sdt_ack). */
void sdm_number_message(struct sdm_ctx *ctx);
/* The incoming message ctx->msg_seq was applied (or refused). */
void sdm_message_applied(struct sdm_ctx *ctx);

/*
 * @r's data section into @out, zero-padded to @bytes: the start of every
 * generated sync_copy.
 */
void sdm_sync_data(const struct cpn_struct_r *r, uint8_t *out, uint32_t bytes);
/* What sync keeps of one element of @t (sdm_type.sync_bytes). */
uint32_t sdm_sync_bytes(const struct sdm_type *t);
void sdm_sync_copy(const struct sdm_ctx *ctx, const struct sdm_type *t,
		   const struct cpn_struct_r *r, uint8_t *out);
/*
 * An object reference's slot in a sync copy: the message's object index
 * there becomes a print of the local object it names (ctx's table), so a
 * version this side sent and the peer's copy compare across messages.
 */
void sdm_sync_ref(const struct sdm_ctx *ctx, uint8_t *slot);
/*
 * True if the two-way reference at data bit @bit_off still names @local in
 * the base (ctx->shadow): the peer did not change it, the local value
 * stands (it may be newer: set here since).
 */
bool sdm_ref_unchanged(const struct sdm_ctx *ctx, uint32_t bit_off,
		       const void *local);

/*
 * The bits of a flags word (8..64 bits, whole bytes) at data bit @bit_off
 * of @r that differ from ctx->shadow's: the ones the peer changed. All of
 * them without a shadow (nothing to compare with: apply the word).
 */
uint64_t sdm_changed_bits(const struct sdm_ctx *ctx, const struct cpn_struct_r *r,
			  uint32_t bit_off, uint32_t bits);
/* True if data bits [@bit_off, +@bits) of @r equal ctx->shadow's. */
bool sdm_unchanged(const struct sdm_ctx *ctx, const struct cpn_struct_r *r,
		   uint32_t bit_off, uint32_t bits);

/* The enclosing struct's base, while a nested one is decoded. */
struct sdm_sync_frame {
	const uint8_t *shadow;
	uint32_t bytes;
};

/*
 * Points the base at the part of the sync copy at @at (a nested struct's,
 * sync_copy's layout) whose data section is @bytes long.
 */
static inline struct sdm_sync_frame sdm_sync_enter(struct sdm_ctx *ctx,
						   uint32_t at, uint32_t bytes)
{
	struct sdm_sync_frame outer = { ctx->shadow, ctx->shadow_bytes };

	ctx->shadow = outer.shadow ? outer.shadow + at : NULL;
	ctx->shadow_bytes = bytes;
	return outer;
}

static inline void sdm_sync_leave(struct sdm_ctx *ctx,
				  const struct sdm_sync_frame *outer)
{
	ctx->shadow = outer->shadow;
	ctx->shadow_bytes = outer->bytes;
}

/* The C envelope codec. */
size_t sdm_encode(struct sdm_ctx *ctx, void *buf, size_t len,
		  const struct sdm_root *roots, uint32_t nroots,
		  const uint64_t *freed, uint32_t nfreed);
int sdm_decode(struct sdm_ctx *ctx, const void *buf, size_t len,
	       struct sdm_root *roots, uint32_t max_roots, uint32_t *nroots);

/* The envelope as a member of another root (sdm_call.c's Call). */
int sdm_encode_envelope(struct sdm_ctx *ctx, const struct cpn_struct_b *env,
			const struct sdm_root *roots, uint32_t nroots,
			const uint64_t *freed, uint32_t nfreed);
int sdm_decode_envelope(struct sdm_ctx *ctx, const struct cpn_struct_r *env,
			struct sdm_root *roots, uint32_t max_roots,
			uint32_t *nroots);

/* The message length, or 0 with ctx->error set from the builder's error. */
size_t sdm_finish(struct sdm_ctx *ctx, struct cpn_msg_b *b);

/* One struct as the root of a message, without an object table. */
size_t sdm_encode_struct(struct sdm_ctx *ctx, const struct sdm_type *t,
			 const void *obj, void *buf, size_t len);
int sdm_decode_struct(struct sdm_ctx *ctx, const struct sdm_type *t,
		      const void *buf, size_t len, void *obj);

#ifdef __cplusplus
}
#endif

#endif
