// SPDX-License-Identifier: GPL-2.0
/*
 * sdt_sync.c - what the peer holds of each object's data, so overlapping
 * crossings apply only what the other half changed (see sdt.h).
 */
#include "sdt.h"

/* Peer messages applied out of order that the window remembers. */
#define SDT_APPLIED_WINDOW 64

uint64_t sdt_next_seq(struct sdt_tracker *t)
{
	return ++t->send_seq;
}

uint64_t sdt_ack(const struct sdt_tracker *t)
{
	return t->applied_seq;
}

/*
 * The ack is the highest peer message below which every one was applied: a
 * message decoded before an older one (two kernel threads, two fibers) must
 * not let the peer believe the older one's objects arrived. A message that
 * never comes (its decode was abandoned) holds the ack back for at most a
 * window's worth of messages.
 */
void sdt_applied(struct sdt_tracker *t, uint64_t seq)
{
	uint64_t shift;

	if (!seq || seq <= t->applied_seq)
		return;
	if (seq - t->applied_seq > SDT_APPLIED_WINDOW) {
		/* the messages skipped count as applied */
		shift = seq - t->applied_seq - SDT_APPLIED_WINDOW;
		t->applied_above = shift >= 64 ? 0 : t->applied_above >> shift;
		t->applied_seq += shift;
	}
	t->applied_above |= 1ull << (seq - t->applied_seq - 1);
	while (t->applied_above & 1) {
		t->applied_above >>= 1;
		t->applied_seq++;
	}
}

/* Our version in @slot (the peer's copy is at s->data). */
static uint8_t *sdt_sync_version(const struct sdt_sync *s, unsigned int slot)
{
	return (uint8_t *)s->data + (size_t)(slot + 1) * s->bytes;
}

/* The bits the version in @slot changed from the peer's copy. */
static uint8_t *sdt_sync_changed(const struct sdt_sync *s, unsigned int slot)
{
	return sdt_sync_version(s, SDT_SYNC_SENT + slot);
}

/* Where a base made of a version and the peer's copy is put together. */
static uint8_t *sdt_sync_scratch(const struct sdt_sync *s)
{
	return sdt_sync_version(s, 2 * SDT_SYNC_SENT);
}

static void sdt_sync_release(struct sdt_tracker *t, struct sdt_sync *s)
{
	if (t->ops.release)
		t->ops.release(t->ops.arg, s);
}

void sdt_sync_free_all(struct sdt_tracker *t, struct sdt_entry *e)
{
	while (e->sync) {
		struct sdt_sync *s = e->sync;

		e->sync = s->next;
		sdt_sync_release(t, s);
	}
}

struct sdt_sync *sdt_sync_of(struct sdt_tracker *t, struct sdt_entry *e,
			     uint64_t type_id, uint32_t offset, uint32_t bytes)
{
	struct sdt_sync **link, *s;
	size_t size;

	for (link = &e->sync; *link; link = &(*link)->next) {
		s = *link;
		if (s->type_id != type_id || s->offset != offset)
			continue;
		if (s->bytes == bytes)
			return s;
		/* Another shape (an array resized in place): start over. */
		*link = s->next;
		sdt_sync_release(t, s);
		break;
	}
	if (!bytes || !t->ops.alloc)
		return NULL;
	size = sizeof(*s) + (size_t)(2 * SDT_SYNC_SENT + 2) * bytes;
	s = t->ops.alloc(t->ops.arg, size);
	if (!s)
		return NULL;
	memset(s, 0, sizeof(*s));
	s->type_id = type_id;
	s->offset = offset;
	s->bytes = bytes;
	s->next = e->sync;
	e->sync = s;
	return s;
}

unsigned int sdt_versions_sending(struct sdt_versions *v, uint64_t seq)
{
	unsigned int i, slot = 0;

	for (i = 0; i < SDT_SYNC_SENT; i++) {
		if (!v->sent_seq[i]) {
			slot = i;
			break;
		}
		if (v->sent_seq[i] < v->sent_seq[slot])
			slot = i;
	}
	if (v->sent_seq[slot] > v->lost_seq)
		v->lost_seq = v->sent_seq[slot];
	v->sent_seq[slot] = seq;
	return slot;
}

int sdt_versions_base(const struct sdt_versions *v, uint64_t seq, uint64_t ack,
		      bool *stale)
{
	int best = -1;
	unsigned int i;

	*stale = v->peer_seq && seq <= v->peer_seq;
	if (*stale)
		return SDT_BASE_NONE;
	for (i = 0; i < SDT_SYNC_SENT; i++)
		if (v->sent_seq[i] && v->sent_seq[i] <= ack &&
		    (best < 0 || v->sent_seq[i] > v->sent_seq[best]))
			best = (int)i;
	/* The version the peer applied last was dropped for room: unknown. */
	if (v->lost_seq && v->lost_seq <= ack && v->lost_seq > v->peer_ack &&
	    (best < 0 || v->lost_seq > v->sent_seq[best]))
		return SDT_BASE_NONE;
	if (best >= 0 && v->sent_seq[best] > v->peer_ack)
		return best;
	return v->peer_seq ? SDT_BASE_PEER : SDT_BASE_NONE;
}

void sdt_versions_received(struct sdt_versions *v, uint64_t seq, uint64_t ack)
{
	unsigned int i;

	v->peer_seq = seq;
	v->peer_ack = ack;
	/* Versions the peer had applied are older than what it now holds. */
	for (i = 0; i < SDT_SYNC_SENT; i++)
		if (v->sent_seq[i] <= ack)
			v->sent_seq[i] = 0;
	if (v->lost_seq <= ack)
		v->lost_seq = 0;
}

uint8_t *sdt_sync_sending(struct sdt_sync *s, uint64_t seq)
{
	return sdt_sync_version(s, sdt_versions_sending(&s->v, seq));
}

void sdt_sync_sent(struct sdt_sync *s, const uint8_t *version)
{
	unsigned int slot = (unsigned int)((version - s->data) / s->bytes) - 1;
	uint8_t *changed = sdt_sync_changed(s, slot);
	uint32_t i;

	/* Before the peer's first copy every bit is ours. */
	for (i = 0; i < s->bytes; i++)
		changed[i] = s->v.peer_seq ? version[i] ^ s->data[i] : 0xff;
}

const uint8_t *sdt_sync_base(const struct sdt_sync *s, uint64_t seq,
			     uint64_t ack, bool *stale)
{
	int base = sdt_versions_base(&s->v, seq, ack, stale);
	const uint8_t *version, *changed;
	uint8_t *out;
	uint32_t i;

	if (base == SDT_BASE_NONE)
		return NULL;
	if (base == SDT_BASE_PEER)
		return s->data;
	version = sdt_sync_version(s, (unsigned int)base);
	changed = sdt_sync_changed(s, (unsigned int)base);
	out = sdt_sync_scratch(s);
	for (i = 0; i < s->bytes; i++)
		out[i] = (version[i] & changed[i]) | (s->data[i] & ~changed[i]);
	return out;
}

void sdt_sync_received(struct sdt_sync *s, uint64_t seq, uint64_t ack,
		       const uint8_t *data)
{
	if (data != s->data)
		memcpy(s->data, data, s->bytes);
	sdt_versions_received(&s->v, seq, ack);
}
