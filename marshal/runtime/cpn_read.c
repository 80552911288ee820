// SPDX-License-Identifier: GPL-2.0
/*
 * cpn_read.c - bounds-checked reading of Cap'n Proto messages.
 *
 * Positions are kept as (segment, word index) pairs and checked as integers
 * before any address is formed, so a hostile offset never produces an
 * out-of-object pointer, let alone a load through one.
 */
#include "cpn.h"

#define PTR_STRUCT 0
#define PTR_LIST 1
#define PTR_FAR 2
#define PTR_OTHER 3

static const char *const cpn_error_names[CPN_E__COUNT] = {
	[CPN_OK] = "ok",
	[CPN_E_FRAMING] = "malformed segment table",
	[CPN_E_BOUNDS] = "pointer target outside its segment",
	[CPN_E_KIND] = "pointer of the wrong kind",
	[CPN_E_ELEMENT] = "list element size does not match the field",
	[CPN_E_FAR] = "malformed far pointer",
	[CPN_E_TRAVERSAL] = "traversal limit exceeded",
	[CPN_E_DEPTH] = "nesting limit exceeded",
	[CPN_E_TEXT] = "text is not NUL-terminated",
	[CPN_E_CAPABILITY] = "capability pointer in a plain-data message",
	[CPN_E_NOSPACE] = "message buffer full",
	[CPN_E_RANGE] = "index or size out of range",
};

const char *cpn_strerror(int err)
{
	if (err < 0 || err >= CPN_E__COUNT)
		return "unknown error";
	return cpn_error_names[err];
}

struct cpn_target {
	uint32_t seg;
	uint32_t word;
	uint64_t tag;		/* the pointer that describes the object */
};

static int cpn_fail(struct cpn_msg_r *m, int err, uint32_t seg, uint32_t word)
{
	if (!m->error) {
		m->error = err;
		m->error_seg = seg;
		m->error_word = word;
	}
	return m->error;
}

static bool cpn_in_seg(const struct cpn_msg_r *m, uint32_t seg, uint64_t word,
		       uint64_t nwords)
{
	return seg < m->nsegs && word <= m->seg_words[seg] &&
	       nwords <= m->seg_words[seg] - word;
}

static const uint8_t *cpn_at(const struct cpn_msg_r *m, uint32_t seg,
			     uint64_t word)
{
	return m->seg[seg] + word * 8;
}

static int cpn_charge(struct cpn_msg_r *m, uint64_t words, uint32_t seg,
		      uint32_t word)
{
	/* Zero-sized objects still cost a word: no free amplification. */
	if (words == 0)
		words = 1;
	if ((uint64_t)m->traversal_left < words)
		return cpn_fail(m, CPN_E_TRAVERSAL, seg, word);
	m->traversal_left -= (int64_t)words;
	return 0;
}

int cpn_msg_init(struct cpn_msg_r *m, const void *buf, size_t len,
		 uint64_t traversal_words)
{
	const uint8_t *p = buf;
	uint64_t header, total = 0;
	uint32_t n, i, first;

	/* Only nsegs entries of the segment arrays are ever read. */
	m->nsegs = 0;
	m->error = 0;
	m->error_seg = 0;
	m->error_word = 0;
	m->seg_words[0] = 0;
	m->traversal_left = (int64_t)(traversal_words ? traversal_words :
				      CPN_DEFAULT_TRAVERSAL_WORDS);
	m->depth_limit = CPN_DEFAULT_DEPTH;
	if (len < 8)
		return cpn_fail(m, CPN_E_FRAMING, 0, 0);
	memcpy(&first, p, 4);
	if (first >= CPN_MAX_SEGMENTS)
		return cpn_fail(m, CPN_E_FRAMING, 0, 0);
	n = first + 1;
	header = (4 + 4 * (uint64_t)n + 7) & ~(uint64_t)7;
	if (len < header)
		return cpn_fail(m, CPN_E_FRAMING, 0, 0);
	for (i = 0; i < n; i++) {
		memcpy(&m->seg_words[i], p + 4 + 4 * i, 4);
		total += m->seg_words[i];
	}
	if (total * 8 != len - header)
		return cpn_fail(m, CPN_E_FRAMING, 0, 0);
	p += header;
	for (i = 0; i < n; i++) {
		m->seg[i] = p;
		p += (size_t)m->seg_words[i] * 8;
	}
	m->nsegs = n;
	return 0;
}

/*
 * Follows the pointer at (seg, pw), through at most one far pointer and its
 * landing pad, to the object's first word and its describing tag.
 */
static int cpn_resolve(struct cpn_msg_r *m, uint32_t seg, uint32_t pw,
		       struct cpn_target *t)
{
	uint64_t w = cpn_load64(cpn_at(m, seg, pw));
	int64_t target;

	if ((w & 3) == PTR_FAR) {
		uint32_t tseg = (uint32_t)(w >> 32);
		uint32_t pad = (uint32_t)(w >> 3) & 0x1fffffff;
		bool two_words = (w >> 2) & 1;
		uint64_t land;

		if (!cpn_in_seg(m, tseg, pad, two_words ? 2 : 1))
			return cpn_fail(m, CPN_E_FAR, seg, pw);
		land = cpn_load64(cpn_at(m, tseg, pad));
		if (!two_words) {
			if ((land & 3) == PTR_FAR)
				return cpn_fail(m, CPN_E_FAR, tseg, pad);
			seg = tseg;
			pw = pad;
			w = land;
		} else {
			uint64_t tag = cpn_load64(cpn_at(m, tseg, pad + 1));

			if ((land & 7) != PTR_FAR || (tag & 3) >= PTR_FAR)
				return cpn_fail(m, CPN_E_FAR, tseg, pad);
			t->seg = (uint32_t)(land >> 32);
			t->word = (uint32_t)(land >> 3) & 0x1fffffff;
			t->tag = tag;
			if (!cpn_in_seg(m, t->seg, t->word, 0))
				return cpn_fail(m, CPN_E_FAR, tseg, pad);
			return 0;
		}
	}
	if ((w & 3) == PTR_OTHER)
		return cpn_fail(m, CPN_E_CAPABILITY, seg, pw);
	target = (int64_t)pw + 1 + ((int32_t)(uint32_t)w >> 2);
	if (target < 0 || target > (int64_t)m->seg_words[seg])
		return cpn_fail(m, CPN_E_BOUNDS, seg, pw);
	t->seg = seg;
	t->word = (uint32_t)target;
	t->tag = w;
	return 0;
}

static void cpn_struct_at(struct cpn_msg_r *m, const struct cpn_target *t,
			  int depth, struct cpn_struct_r *out)
{
	uint16_t dw = (uint16_t)(t->tag >> 32);

	out->m = m;
	out->seg = (uint16_t)t->seg;
	out->data = cpn_at(m, t->seg, t->word);
	out->data_bytes = (uint32_t)dw * 8;
	out->ptrs = out->data + out->data_bytes;
	out->nptrs = (uint16_t)(t->tag >> 48);
	out->depth = depth;
}

static int cpn_read_struct_target(struct cpn_msg_r *m, uint32_t seg,
				  uint32_t pw, int depth,
				  struct cpn_struct_r *out)
{
	struct cpn_target t;
	uint64_t words;

	if (depth < 0)
		return cpn_fail(m, CPN_E_DEPTH, seg, pw);
	if (cpn_resolve(m, seg, pw, &t))
		return m->error;
	if ((t.tag & 3) != PTR_STRUCT)
		return cpn_fail(m, CPN_E_KIND, seg, pw);
	words = ((t.tag >> 32) & 0xffff) + (t.tag >> 48);
	if (!cpn_in_seg(m, t.seg, t.word, words))
		return cpn_fail(m, CPN_E_BOUNDS, seg, pw);
	if (cpn_charge(m, words, seg, pw))
		return m->error;
	cpn_struct_at(m, &t, depth, out);
	return 0;
}

int cpn_msg_root(struct cpn_msg_r *m, struct cpn_struct_r *root)
{
	memset(root, 0, sizeof(*root));
	root->m = m;
	if (m->error)
		return m->error;
	if (m->seg_words[0] < 1)
		return cpn_fail(m, CPN_E_FRAMING, 0, 0);
	if (cpn_load64(m->seg[0]) == 0)
		return 0;
	return cpn_read_struct_target(m, 0, 0, m->depth_limit, root);
}

uint64_t cpn_r_u64(const struct cpn_struct_r *s, uint32_t off)
{
	uint64_t v = 0;

	if ((uint64_t)off + 8 <= s->data_bytes)
		memcpy(&v, s->data + off, 8);
	return v;
}

uint32_t cpn_r_u32(const struct cpn_struct_r *s, uint32_t off)
{
	uint32_t v = 0;

	if ((uint64_t)off + 4 <= s->data_bytes)
		memcpy(&v, s->data + off, 4);
	return v;
}

uint16_t cpn_r_u16(const struct cpn_struct_r *s, uint32_t off)
{
	uint16_t v = 0;

	if ((uint64_t)off + 2 <= s->data_bytes)
		memcpy(&v, s->data + off, 2);
	return v;
}

uint8_t cpn_r_u8(const struct cpn_struct_r *s, uint32_t off)
{
	return off < s->data_bytes ? s->data[off] : 0;
}

bool cpn_r_bit(const struct cpn_struct_r *s, uint32_t bit_off)
{
	uint32_t byte = bit_off / 8;

	return byte < s->data_bytes && ((s->data[byte] >> (bit_off % 8)) & 1);
}

/* Word index of pointer slot i of s within its segment, or -1 if absent. */
static int64_t cpn_slot(const struct cpn_struct_r *s, uint16_t i)
{
	if (!s->ptrs || i >= s->nptrs || s->m->error)
		return -1;
	return (s->ptrs - s->m->seg[s->seg]) / 8 + i;
}

bool cpn_r_has(const struct cpn_struct_r *s, uint16_t i)
{
	int64_t pw = cpn_slot(s, i);

	return pw >= 0 && cpn_load64(cpn_at(s->m, s->seg, (uint64_t)pw)) != 0;
}

int cpn_r_struct(const struct cpn_struct_r *s, uint16_t i,
		 struct cpn_struct_r *out)
{
	memset(out, 0, sizeof(*out));
	out->m = s->m;
	out->depth = s->depth - 1;
	if (!cpn_r_has(s, i))
		return s->m->error;
	return cpn_read_struct_target(s->m, s->seg, (uint32_t)cpn_slot(s, i),
				      s->depth - 1, out);
}

static const uint8_t cpn_elem_bits[8] = { 0, 1, 8, 16, 32, 64, 64, 0 };

static int cpn_composite_at(struct cpn_msg_r *m, const struct cpn_target *t,
			    uint32_t seg, uint32_t pw, struct cpn_list_r *out)
{
	uint64_t words = t->tag >> 35, tag, per;

	if (!cpn_in_seg(m, t->seg, t->word, words + 1))
		return cpn_fail(m, CPN_E_BOUNDS, seg, pw);
	tag = cpn_load64(cpn_at(m, t->seg, t->word));
	if ((tag & 3) != PTR_STRUCT)
		return cpn_fail(m, CPN_E_KIND, t->seg, t->word);
	out->count = (uint32_t)(tag >> 2) & 0x3fffffff;
	out->data_bytes = (uint32_t)((tag >> 32) & 0xffff) * 8;
	out->nptrs = (uint16_t)(tag >> 48);
	per = out->data_bytes / 8 + out->nptrs;
	if ((uint64_t)out->count * per > words)
		return cpn_fail(m, CPN_E_BOUNDS, seg, pw);
	if (cpn_charge(m, per ? words + 1 : out->count, seg, pw))
		return m->error;
	out->step_bits = (uint32_t)per * 64;
	out->base = cpn_at(m, t->seg, t->word + 1);
	return 0;
}

int cpn_r_list(const struct cpn_struct_r *s, uint16_t i, uint8_t want,
	       struct cpn_list_r *out)
{
	struct cpn_msg_r *m = s->m;
	struct cpn_target t;
	uint32_t pw;
	uint8_t es;

	memset(out, 0, sizeof(*out));
	out->m = m;
	out->elem_size = want;
	out->depth = s->depth - 1;
	if (!cpn_r_has(s, i))
		return m->error;
	pw = (uint32_t)cpn_slot(s, i);
	if (s->depth - 1 < 0)
		return cpn_fail(m, CPN_E_DEPTH, s->seg, pw);
	if (cpn_resolve(m, s->seg, pw, &t))
		return m->error;
	if ((t.tag & 3) != PTR_LIST)
		return cpn_fail(m, CPN_E_KIND, s->seg, pw);
	es = (t.tag >> 32) & 7;
	if (es != want)
		return cpn_fail(m, CPN_E_ELEMENT, s->seg, pw);
	out->seg = (uint16_t)t.seg;
	if (es == CPN_ELEM_COMPOSITE)
		return cpn_composite_at(m, &t, s->seg, pw, out);
	out->count = (uint32_t)(t.tag >> 35);
	out->step_bits = cpn_elem_bits[es];
	{
		uint64_t words = ((uint64_t)out->count * out->step_bits + 63) / 64;

		if (!cpn_in_seg(m, t.seg, t.word, words))
			return cpn_fail(m, CPN_E_BOUNDS, s->seg, pw);
		if (cpn_charge(m, out->step_bits ? words : out->count, s->seg, pw))
			return m->error;
	}
	out->base = cpn_at(m, t.seg, t.word);
	return 0;
}

uint64_t cpn_lr_get(const struct cpn_list_r *l, uint32_t i)
{
	uint64_t v = 0;

	if (!l->base || i >= l->count)
		return 0;
	switch (l->elem_size) {
	case CPN_ELEM_BIT:
		return (l->base[i / 8] >> (i % 8)) & 1;
	case CPN_ELEM_BYTE:
		return l->base[i];
	case CPN_ELEM_TWO:
		memcpy(&v, l->base + (size_t)i * 2, 2);
		return v;
	case CPN_ELEM_FOUR:
		memcpy(&v, l->base + (size_t)i * 4, 4);
		return v;
	case CPN_ELEM_EIGHT:
		memcpy(&v, l->base + (size_t)i * 8, 8);
		return v;
	default:
		return 0;
	}
}

int cpn_lr_struct(const struct cpn_list_r *l, uint32_t i,
		  struct cpn_struct_r *out)
{
	memset(out, 0, sizeof(*out));
	out->m = l->m;
	out->depth = l->depth;
	if (!l->base || l->elem_size != CPN_ELEM_COMPOSITE)
		return l->m->error;
	if (i >= l->count)
		return cpn_fail(l->m, CPN_E_RANGE, l->seg, 0);
	out->seg = l->seg;
	out->data = l->base + (size_t)i * (l->step_bits / 8);
	out->data_bytes = l->data_bytes;
	out->ptrs = out->data + l->data_bytes;
	out->nptrs = l->nptrs;
	return 0;
}

static int cpn_r_bytes(const struct cpn_struct_r *s, uint16_t i,
		       const uint8_t **p, uint32_t *len)
{
	struct cpn_list_r l;

	*p = NULL;
	*len = 0;
	if (cpn_r_list(s, i, CPN_ELEM_BYTE, &l))
		return s->m->error;
	*p = l.base;
	*len = l.count;
	return 0;
}

int cpn_r_text(const struct cpn_struct_r *s, uint16_t i, const char **text,
	       uint32_t *len)
{
	const uint8_t *p;
	uint32_t n;

	*text = NULL;
	*len = 0;
	if (cpn_r_bytes(s, i, &p, &n) || !p)
		return s->m->error;
	if (n == 0 || p[n - 1] != 0)
		return cpn_fail(s->m, CPN_E_TEXT, s->seg,
				(uint32_t)cpn_slot(s, i));
	*text = (const char *)p;
	*len = n - 1;
	return 0;
}

int cpn_r_data(const struct cpn_struct_r *s, uint16_t i, const uint8_t **data,
	       uint32_t *len)
{
	return cpn_r_bytes(s, i, data, len);
}
