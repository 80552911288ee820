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
	size = sizeof(*s) + (size_t)(SDT_SYNC_SENT + 1) * bytes;
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

uint8_t *sdt_sync_sending(struct sdt_sync *s, uint64_t seq)
{
	unsigned int i, slot = 0;

	for (i = 0; i < SDT_SYNC_SENT; i++) {
		if (!s->sent_seq[i]) {
			slot = i;
			break;
		}
		if (s->sent_seq[i] < s->sent_seq[slot])
			slot = i;
	}
	if (s->sent_seq[slot] > s->lost_seq)
		s->lost_seq = s->sent_seq[slot];
	s->sent_seq[slot] = seq;
	return sdt_sync_version(s, slot);
}

const uint8_t *sdt_sync_base(const struct sdt_sync *s, uint64_t seq,
			     uint64_t ack, bool *stale)
{
	int best = -1;
	unsigned int i;

	*stale = s->peer_seq && seq <= s->peer_seq;
	if (*stale)
		return NULL;
	for (i = 0; i < SDT_SYNC_SENT; i++)
		if (s->sent_seq[i] && s->sent_seq[i] <= ack &&
		    (best < 0 || s->sent_seq[i] > s->sent_seq[best]))
			best = (int)i;
	/* The version the peer applied last was dropped for room: unknown. */
	if (s->lost_seq && s->lost_seq <= ack && s->lost_seq > s->peer_ack &&
	    (best < 0 || s->lost_seq > s->sent_seq[best]))
		return NULL;
	if (best >= 0 && s->sent_seq[best] > s->peer_ack)
		return sdt_sync_version(s, (unsigned int)best);
	return s->peer_seq ? s->data : NULL;
}

void sdt_sync_received(struct sdt_sync *s, uint64_t seq, uint64_t ack,
		       const uint8_t *data)
{
	unsigned int i;

	if (data != s->data)
		memcpy(s->data, data, s->bytes);
	s->peer_seq = seq;
	s->peer_ack = ack;
	/* Versions the peer had applied are older than what it now holds. */
	for (i = 0; i < SDT_SYNC_SENT; i++)
		if (s->sent_seq[i] <= ack)
			s->sent_seq[i] = 0;
	if (s->lost_seq <= ack)
		s->lost_seq = 0;
}
