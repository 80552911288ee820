// SPDX-License-Identifier: GPL-2.0
/*
 * cpn_build.c - building single-segment Cap'n Proto messages in place.
 *
 * Objects are allocated by bumping through the caller's buffer in the order
 * they are initialised, as capnp's MallocMessageBuilder does with a first
 * segment large enough, so the same call order yields the same bytes.
 */
#include "cpn.h"

#define PTR_STRUCT 0
#define PTR_LIST 1
#define HEADER_BYTES 8

static uint8_t *cpn_word(const struct cpn_msg_b *b, uint32_t word)
{
	return b->buf + HEADER_BYTES + (size_t)word * 8;
}

static int cpn_b_fail(struct cpn_msg_b *b, int err)
{
	if (!b->error)
		b->error = err;
	return b->error;
}

/* Returns the first word of a zeroed run of @words, or -1 when full. */
static int64_t cpn_alloc(struct cpn_msg_b *b, uint64_t words)
{
	uint32_t at = b->used_words;

	if (b->error)
		return -1;
	if (words > b->cap_words - b->used_words) {
		cpn_b_fail(b, CPN_E_NOSPACE);
		return -1;
	}
	memset(cpn_word(b, at), 0, (size_t)words * 8);
	b->used_words += (uint32_t)words;
	return at;
}

static void cpn_b_pointer(struct cpn_msg_b *b, uint32_t slot, uint32_t target,
			  uint32_t kind, uint32_t upper)
{
	int32_t offset = (int32_t)target - (int32_t)slot - 1;
	uint64_t w = ((uint32_t)offset << 2) | kind;

	cpn_store64(cpn_word(b, slot), w | ((uint64_t)upper << 32));
}

int cpn_b_init(struct cpn_msg_b *b, void *buf, size_t len)
{
	memset(b, 0, sizeof(*b));
	b->buf = buf;
	if (len < HEADER_BYTES + 8)
		return cpn_b_fail(b, CPN_E_NOSPACE);
	len = (len - HEADER_BYTES) / 8;
	b->cap_words = len > 0x1fffffff ? 0x1fffffff : (uint32_t)len;
	return 0;
}

static int cpn_b_struct_at(struct cpn_msg_b *b, uint32_t slot, uint16_t dw,
			   uint16_t pc, struct cpn_struct_b *out)
{
	int64_t at;

	memset(out, 0, sizeof(*out));
	out->m = b;
	if (dw == 0 && pc == 0) {
		/* capnp's encoding of an empty struct: offset -1, no words. */
		if (!b->error)
			cpn_b_pointer(b, slot, slot, PTR_STRUCT, 0);
		return b->error;
	}
	at = cpn_alloc(b, (uint64_t)dw + pc);
	if (at < 0)
		return b->error;
	cpn_b_pointer(b, slot, (uint32_t)at, PTR_STRUCT,
		      (uint32_t)dw | ((uint32_t)pc << 16));
	out->word = (uint32_t)at;
	out->dw = dw;
	out->pc = pc;
	return 0;
}

int cpn_b_root(struct cpn_msg_b *b, uint16_t dw, uint16_t pc,
	       struct cpn_struct_b *root)
{
	if (cpn_alloc(b, 1) < 0) {
		memset(root, 0, sizeof(*root));
		root->m = b;
		return b->error;
	}
	return cpn_b_struct_at(b, 0, dw, pc, root);
}

size_t cpn_b_finish(struct cpn_msg_b *b)
{
	uint32_t header[2] = { 0, b->used_words };

	if (b->error)
		return 0;
	memcpy(b->buf, header, sizeof(header));
	return HEADER_BYTES + (size_t)b->used_words * 8;
}

int cpn_b_reader(const struct cpn_struct_b *s, struct cpn_msg_r *m,
		 struct cpn_struct_r *out)
{
	memset(m, 0, sizeof(*m));
	memset(out, 0, sizeof(*out));
	out->m = m;
	m->error = s->m->error;
	m->traversal_left = CPN_DEFAULT_TRAVERSAL_WORDS;
	m->depth_limit = CPN_DEFAULT_DEPTH;
	if (!m->error && (uint64_t)s->word + s->dw + s->pc > s->m->used_words)
		m->error = CPN_E_RANGE;
	if (m->error)
		return m->error;
	m->nsegs = 1;
	m->seg[0] = cpn_word(s->m, 0);
	m->seg_words[0] = s->m->used_words;
	out->data = cpn_word(s->m, s->word);
	out->data_bytes = (uint32_t)s->dw * 8;
	out->ptrs = out->data + out->data_bytes;
	out->nptrs = s->pc;
	out->depth = m->depth_limit;
	return 0;
}

static uint8_t *cpn_b_field(const struct cpn_struct_b *s, uint32_t off,
			    uint32_t size)
{
	if (s->m->error)
		return NULL;
	if ((uint64_t)off + size > (uint64_t)s->dw * 8) {
		cpn_b_fail(s->m, CPN_E_RANGE);
		return NULL;
	}
	return cpn_word(s->m, s->word) + off;
}

void cpn_b_set_u64(const struct cpn_struct_b *s, uint32_t off, uint64_t v)
{
	uint8_t *p = cpn_b_field(s, off, 8);

	if (p)
		memcpy(p, &v, 8);
}

void cpn_b_set_u32(const struct cpn_struct_b *s, uint32_t off, uint32_t v)
{
	uint8_t *p = cpn_b_field(s, off, 4);

	if (p)
		memcpy(p, &v, 4);
}

void cpn_b_set_u16(const struct cpn_struct_b *s, uint32_t off, uint16_t v)
{
	uint8_t *p = cpn_b_field(s, off, 2);

	if (p)
		memcpy(p, &v, 2);
}

void cpn_b_set_u8(const struct cpn_struct_b *s, uint32_t off, uint8_t v)
{
	uint8_t *p = cpn_b_field(s, off, 1);

	if (p)
		*p = v;
}

void cpn_b_set_bit(const struct cpn_struct_b *s, uint32_t bit_off, bool v)
{
	uint8_t *p = cpn_b_field(s, bit_off / 8, 1);
	uint8_t mask = (uint8_t)(1u << (bit_off % 8));

	if (p)
		*p = v ? (*p | mask) : (*p & (uint8_t)~mask);
}

/* Word index of pointer slot i of s, or -1 (and an error) if it has none. */
static int64_t cpn_b_slot(const struct cpn_struct_b *s, uint16_t i)
{
	if (s->m->error)
		return -1;
	if (i >= s->pc) {
		cpn_b_fail(s->m, CPN_E_RANGE);
		return -1;
	}
	return (int64_t)s->word + s->dw + i;
}

int cpn_b_init_struct(const struct cpn_struct_b *s, uint16_t i, uint16_t dw,
		      uint16_t pc, struct cpn_struct_b *out)
{
	int64_t slot = cpn_b_slot(s, i);

	if (slot < 0) {
		memset(out, 0, sizeof(*out));
		out->m = s->m;
		return s->m->error;
	}
	return cpn_b_struct_at(s->m, (uint32_t)slot, dw, pc, out);
}

static const uint8_t cpn_b_elem_bits[8] = { 0, 1, 8, 16, 32, 64, 64, 0 };

int cpn_b_init_list(const struct cpn_struct_b *s, uint16_t i, uint8_t elem_size,
		    uint32_t count, struct cpn_list_b *out)
{
	int64_t slot = cpn_b_slot(s, i), at;
	uint64_t words;

	memset(out, 0, sizeof(*out));
	out->m = s->m;
	if (slot < 0)
		return s->m->error;
	if (elem_size >= CPN_ELEM_COMPOSITE || count >= (1u << 29))
		return cpn_b_fail(s->m, CPN_E_RANGE);
	words = ((uint64_t)count * cpn_b_elem_bits[elem_size] + 63) / 64;
	at = cpn_alloc(s->m, words);
	if (at < 0)
		return s->m->error;
	cpn_b_pointer(s->m, (uint32_t)slot, (uint32_t)at, PTR_LIST,
		      elem_size | (count << 3));
	out->word = (uint32_t)at;
	out->count = count;
	out->elem_size = elem_size;
	return 0;
}

int cpn_b_init_struct_list(const struct cpn_struct_b *s, uint16_t i,
			   uint32_t count, uint16_t dw, uint16_t pc,
			   struct cpn_list_b *out)
{
	int64_t slot = cpn_b_slot(s, i), at;
	uint64_t words = (uint64_t)count * ((uint32_t)dw + pc);

	memset(out, 0, sizeof(*out));
	out->m = s->m;
	if (slot < 0)
		return s->m->error;
	if (words >= (1u << 29) || count >= (1u << 30))
		return cpn_b_fail(s->m, CPN_E_RANGE);
	at = cpn_alloc(s->m, words + 1);
	if (at < 0)
		return s->m->error;
	cpn_b_pointer(s->m, (uint32_t)slot, (uint32_t)at, PTR_LIST,
		      CPN_ELEM_COMPOSITE | ((uint32_t)words << 3));
	cpn_store64(cpn_word(s->m, (uint32_t)at),
		    ((uint64_t)count << 2) | ((uint64_t)dw << 32) |
		    ((uint64_t)pc << 48));
	out->word = (uint32_t)at + 1;
	out->count = count;
	out->elem_size = CPN_ELEM_COMPOSITE;
	out->dw = dw;
	out->pc = pc;
	return 0;
}

static int cpn_b_bytes(const struct cpn_struct_b *s, uint16_t i,
		       const void *p, uint32_t len, uint32_t count)
{
	struct cpn_list_b l;

	if (cpn_b_init_list(s, i, CPN_ELEM_BYTE, count, &l))
		return s->m->error;
	if (len)
		memcpy(cpn_word(s->m, l.word), p, len);
	return 0;
}

int cpn_b_set_text(const struct cpn_struct_b *s, uint16_t i, const char *text,
		   uint32_t len)
{
	if (len >= (1u << 29) - 1)
		return cpn_b_fail(s->m, CPN_E_RANGE);
	return cpn_b_bytes(s, i, text, len, len + 1);
}

int cpn_b_set_data(const struct cpn_struct_b *s, uint16_t i, const void *data,
		   uint32_t len)
{
	return cpn_b_bytes(s, i, data, len, len);
}

uint8_t *cpn_lb_bytes(const struct cpn_list_b *l)
{
	if (l->m->error)
		return NULL;
	if (l->elem_size != CPN_ELEM_BYTE) {
		cpn_b_fail(l->m, CPN_E_RANGE);
		return NULL;
	}
	return cpn_word(l->m, l->word);
}

void cpn_lb_set(const struct cpn_list_b *l, uint32_t i, uint64_t bits)
{
	uint8_t *base;

	if (l->m->error)
		return;
	if (i >= l->count || l->elem_size == CPN_ELEM_COMPOSITE) {
		cpn_b_fail(l->m, CPN_E_RANGE);
		return;
	}
	base = cpn_word(l->m, l->word);
	switch (l->elem_size) {
	case CPN_ELEM_BIT:
		if (bits & 1)
			base[i / 8] |= (uint8_t)(1u << (i % 8));
		else
			base[i / 8] &= (uint8_t)~(1u << (i % 8));
		break;
	case CPN_ELEM_BYTE:
		base[i] = (uint8_t)bits;
		break;
	case CPN_ELEM_TWO:
		memcpy(base + (size_t)i * 2, &bits, 2);
		break;
	case CPN_ELEM_FOUR:
		memcpy(base + (size_t)i * 4, &bits, 4);
		break;
	case CPN_ELEM_EIGHT:
		memcpy(base + (size_t)i * 8, &bits, 8);
		break;
	default:
		break;
	}
}

int cpn_lb_struct(const struct cpn_list_b *l, uint32_t i,
		  struct cpn_struct_b *out)
{
	memset(out, 0, sizeof(*out));
	out->m = l->m;
	if (l->m->error)
		return l->m->error;
	if (i >= l->count || l->elem_size != CPN_ELEM_COMPOSITE)
		return cpn_b_fail(l->m, CPN_E_RANGE);
	out->word = l->word + i * ((uint32_t)l->dw + l->pc);
	out->dw = l->dw;
	out->pc = l->pc;
	return 0;
}
