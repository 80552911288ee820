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

struct sdm_bytes {
	uint8_t *ptr;		/* NULL: absent (null pointer on the wire) */
	uint32_t len;
};

struct sdm_type {
	uint64_t type_id;
	const char *name;
	uint32_t size;		/* sizeof the C mirror struct */
	uint16_t data_words;
	uint16_t ptr_count;
	void (*visit)(struct sdm_ctx *ctx, const void *obj);
	void (*encode)(struct sdm_ctx *ctx, const void *obj,
		       const struct cpn_struct_b *b);
	void (*decode)(struct sdm_ctx *ctx, const struct cpn_struct_r *r,
		       void *obj);
};

/* Strings are objects of this type: elements are bytes, count includes NUL. */
extern const struct sdm_type sdm_string_type;

struct sdm_obj {
	void *ptr;		/* local address */
	const struct sdm_type *type;
	uint32_t count;
};

struct sdm_root {
	void *ptr;
	const struct sdm_type *type;
	uint32_t count;		/* 0 means 1 for structs, strlen + 1 for strings */
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
	int error;		/* first error, negative errno */
	const char *error_where;	/* type.field or message part */
};

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
/* Receiving: the local object at table index @idx, checked for @type. */
void *sdm_ref_in(struct sdm_ctx *ctx, uint32_t idx,
		 const struct sdm_type *type, uint32_t min_count,
		 const char *where);
uint64_t sdm_region_out(struct sdm_ctx *ctx, const void *p, const char *where);
void *sdm_region_in(struct sdm_ctx *ctx, uint64_t wire, const char *where);

/* Shared by the C and C++ envelope codecs. */
int sdm_collect(struct sdm_ctx *ctx, const struct sdm_root *roots,
		uint32_t nroots, uint32_t *root_idx);
void sdm_object_addrs(struct sdm_ctx *ctx, uint32_t i, uint64_t *sender,
		      uint64_t *receiver);
const struct sdm_type *sdm_find_type(struct sdm_ctx *ctx, uint64_t type_id);
int sdm_receive_object(struct sdm_ctx *ctx, uint64_t sender,
		       uint64_t receiver, const struct sdm_type *type,
		       uint32_t count);
int sdm_apply_freed(struct sdm_ctx *ctx, uint64_t local);

/* The C envelope codec. */
size_t sdm_encode(struct sdm_ctx *ctx, void *buf, size_t len,
		  const struct sdm_root *roots, uint32_t nroots,
		  const uint64_t *freed, uint32_t nfreed);
int sdm_decode(struct sdm_ctx *ctx, const void *buf, size_t len,
	       struct sdm_root *roots, uint32_t max_roots, uint32_t *nroots);

/* One struct as the root of a message, without an object table. */
size_t sdm_encode_struct(struct sdm_ctx *ctx, const struct sdm_type *t,
			 const void *obj, void *buf, size_t len);
int sdm_decode_struct(struct sdm_ctx *ctx, const struct sdm_type *t,
		      const void *buf, size_t len, void *obj);

#ifdef __cplusplus
}
#endif

#endif
