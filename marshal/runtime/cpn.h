/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cpn.h - a small Cap'n Proto wire-format runtime for kernel C.
 *
 * Reads multi-segment messages (standard segment table, far pointers with
 * one- and two-word landing pads) and builds single-segment messages into a
 * caller-supplied buffer. Every read is bounds-checked against its segment,
 * charged to a traversal budget (as capnp's ReaderOptions.traversalLimit)
 * and limited in nesting depth. Nothing allocates; nothing recurses.
 *
 * Errors are sticky: the first one is kept in the message object with the
 * segment and word where it happened, and later calls see it and do nothing.
 * Getters of a struct whose pointer was null or invalid return zeroes, as
 * capnp does for defaults, so generated code checks the error once at the end.
 */
#ifndef SPLIT_DRIVER_CPN_H
#define SPLIT_DRIVER_CPN_H

#include "cpn_port.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CPN_MAX_SEGMENTS 64
#define CPN_DEFAULT_TRAVERSAL_WORDS (8u * 1024 * 1024)
#define CPN_DEFAULT_DEPTH 64

enum cpn_elem_size {
	CPN_ELEM_VOID = 0,
	CPN_ELEM_BIT = 1,
	CPN_ELEM_BYTE = 2,
	CPN_ELEM_TWO = 3,
	CPN_ELEM_FOUR = 4,
	CPN_ELEM_EIGHT = 5,
	CPN_ELEM_POINTER = 6,
	CPN_ELEM_COMPOSITE = 7,
};

enum cpn_error {
	CPN_OK = 0,
	CPN_E_FRAMING,		/* segment table malformed or truncated */
	CPN_E_BOUNDS,		/* pointer target outside its segment */
	CPN_E_KIND,		/* pointer of the wrong kind for the field */
	CPN_E_ELEMENT,		/* list element size does not fit the field */
	CPN_E_FAR,		/* malformed far pointer or landing pad */
	CPN_E_TRAVERSAL,	/* traversal budget exhausted */
	CPN_E_DEPTH,		/* nesting deeper than the limit */
	CPN_E_TEXT,		/* text not NUL-terminated */
	CPN_E_CAPABILITY,	/* capability pointer: not part of this protocol */
	CPN_E_NOSPACE,		/* builder buffer full */
	CPN_E_RANGE,		/* index or size outside what was allocated */
	CPN_E__COUNT,
};

const char *cpn_strerror(int err);

/* ---- reading ---- */

struct cpn_msg_r {
	const uint8_t *seg[CPN_MAX_SEGMENTS];
	uint32_t seg_words[CPN_MAX_SEGMENTS];
	uint32_t nsegs;
	int64_t traversal_left;
	int depth_limit;
	int error;		/* enum cpn_error, first one wins */
	uint32_t error_seg;	/* where it happened */
	uint32_t error_word;
};

struct cpn_struct_r {
	struct cpn_msg_r *m;
	const uint8_t *data;	/* NULL: null pointer, every field default */
	const uint8_t *ptrs;
	uint32_t data_bytes;
	uint16_t nptrs;
	uint16_t seg;
	int depth;		/* nesting levels still allowed below this one */
};

struct cpn_list_r {
	struct cpn_msg_r *m;
	const uint8_t *base;	/* first element; NULL for a null list */
	uint32_t count;
	uint32_t step_bits;
	uint8_t elem_size;	/* enum cpn_elem_size */
	uint16_t seg;
	uint32_t data_bytes;	/* composite elements only */
	uint16_t nptrs;
	int depth;
};

int cpn_msg_init(struct cpn_msg_r *m, const void *buf, size_t len,
		 uint64_t traversal_words);
int cpn_msg_root(struct cpn_msg_r *m, struct cpn_struct_r *root);

uint64_t cpn_r_u64(const struct cpn_struct_r *s, uint32_t byte_off);
uint32_t cpn_r_u32(const struct cpn_struct_r *s, uint32_t byte_off);
uint16_t cpn_r_u16(const struct cpn_struct_r *s, uint32_t byte_off);
uint8_t cpn_r_u8(const struct cpn_struct_r *s, uint32_t byte_off);
bool cpn_r_bit(const struct cpn_struct_r *s, uint32_t bit_off);
bool cpn_r_has(const struct cpn_struct_r *s, uint16_t ptr_index);

int cpn_r_struct(const struct cpn_struct_r *s, uint16_t ptr_index,
		 struct cpn_struct_r *out);
/* elem_size: what the field needs; CPN_ELEM_COMPOSITE for List(Struct). */
int cpn_r_list(const struct cpn_struct_r *s, uint16_t ptr_index,
	       uint8_t elem_size, struct cpn_list_r *out);
int cpn_r_text(const struct cpn_struct_r *s, uint16_t ptr_index,
	       const char **text, uint32_t *len);
int cpn_r_data(const struct cpn_struct_r *s, uint16_t ptr_index,
	       const uint8_t **data, uint32_t *len);

uint64_t cpn_lr_get(const struct cpn_list_r *l, uint32_t i);
int cpn_lr_struct(const struct cpn_list_r *l, uint32_t i,
		  struct cpn_struct_r *out);

/* ---- building (one segment, caller's buffer) ---- */

struct cpn_msg_b {
	uint8_t *buf;		/* 8-byte segment table, then the segment */
	uint32_t cap_words;
	uint32_t used_words;
	int error;
};

struct cpn_struct_b {
	struct cpn_msg_b *m;
	uint32_t word;		/* first data word; pointers follow the data */
	uint16_t dw;
	uint16_t pc;
};

struct cpn_list_b {
	struct cpn_msg_b *m;
	uint32_t word;		/* first element (after the tag if composite) */
	uint32_t count;
	uint8_t elem_size;
	uint16_t dw;		/* composite elements */
	uint16_t pc;
};

int cpn_b_init(struct cpn_msg_b *b, void *buf, size_t len);
int cpn_b_root(struct cpn_msg_b *b, uint16_t dw, uint16_t pc,
	       struct cpn_struct_b *root);
/* Returns the message length in bytes, or 0 after an error. */
size_t cpn_b_finish(struct cpn_msg_b *b);

void cpn_b_set_u64(const struct cpn_struct_b *s, uint32_t byte_off, uint64_t v);
void cpn_b_set_u32(const struct cpn_struct_b *s, uint32_t byte_off, uint32_t v);
void cpn_b_set_u16(const struct cpn_struct_b *s, uint32_t byte_off, uint16_t v);
void cpn_b_set_u8(const struct cpn_struct_b *s, uint32_t byte_off, uint8_t v);
void cpn_b_set_bit(const struct cpn_struct_b *s, uint32_t bit_off, bool v);

int cpn_b_init_struct(const struct cpn_struct_b *s, uint16_t ptr_index,
		      uint16_t dw, uint16_t pc, struct cpn_struct_b *out);
int cpn_b_init_list(const struct cpn_struct_b *s, uint16_t ptr_index,
		    uint8_t elem_size, uint32_t count, struct cpn_list_b *out);
int cpn_b_init_struct_list(const struct cpn_struct_b *s, uint16_t ptr_index,
			   uint32_t count, uint16_t dw, uint16_t pc,
			   struct cpn_list_b *out);
int cpn_b_set_text(const struct cpn_struct_b *s, uint16_t ptr_index,
		   const char *text, uint32_t len);
int cpn_b_set_data(const struct cpn_struct_b *s, uint16_t ptr_index,
		   const void *data, uint32_t len);

/*
 * A reader over a struct being built, in @m (the builder's one segment), so
 * what was just encoded can be read back with the reading getters.
 */
int cpn_b_reader(const struct cpn_struct_b *s, struct cpn_msg_r *m,
		 struct cpn_struct_r *out);

void cpn_lb_set(const struct cpn_list_b *l, uint32_t i, uint64_t bits);
/* The elements of a byte list (Data), to fill in place; NULL on error. */
uint8_t *cpn_lb_bytes(const struct cpn_list_b *l);
int cpn_lb_struct(const struct cpn_list_b *l, uint32_t i,
		  struct cpn_struct_b *out);

#ifdef __cplusplus
}
#endif

#endif
