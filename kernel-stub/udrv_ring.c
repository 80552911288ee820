// SPDX-License-Identifier: GPL-2.0
/*
 * udrv receive ring: messages for the user half written into memory it has
 * mapped, so that receiving costs no system call (layout in the UAPI
 * header). Only the kernel writes messages and @head; only the user half
 * writes @tail, which the kernel treats as untrusted: a @tail that claims
 * more than was produced breaks the ring (EPOLLERR) and nothing more is
 * written to it.
 */
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "udrv_internal.h"

/* Writes one message at the ring's head; false if it does not fit. */
static bool udrv_ring_put(struct udrv_channel *ch, struct udrv_qmsg *q,
			  u32 *used)
{
	u32 size = UDRV_MSG_SIZE(q->hdr.len);
	u32 pos = ch->ring_head & (ch->ring_size - 1);
	u32 to_end = ch->ring_size - pos;
	u32 need = size > to_end ? to_end + size : size;

	if (*used + need > ch->ring_size)
		return false;
	if (size > to_end) {
		if (to_end >= sizeof(struct udrv_msg_hdr))
			memset(ch->ring_data + pos, 0,
			       sizeof(struct udrv_msg_hdr));
		ch->ring_head += to_end;
		*used += to_end;
		pos = 0;
	}
	memcpy(ch->ring_data + pos, &q->hdr, sizeof(q->hdr));
	memcpy(ch->ring_data + pos + sizeof(q->hdr), q->payload, q->hdr.len);
	ch->ring_head += size;
	*used += size;
	return true;
}

/*
 * Moves queued messages into the ring as far as it has room; called with
 * ch->lock held. Returns true if the ring holds unread messages.
 */
bool udrv_ring_fill_locked(struct udrv_channel *ch)
{
	bool moved = false;
	struct udrv_qmsg *q;
	u32 used;

	/* Pairs with the user half's release of @tail: its reads are done. */
	used = ch->ring_head - smp_load_acquire(&ch->ring->tail);

	if (used > ch->ring_size)
		ch->ring_broken = true;
	if (ch->ring_broken)
		return false;
	while ((q = list_first_entry_or_null(&ch->outq, struct udrv_qmsg,
					     node))) {
		if (!udrv_ring_put(ch, q, &used))
			break;
		list_del(&q->node);
		ch->outq_len--;
		if (q->hdr.kind == UDRV_MSG_UPCALL)
			udrv_trace(ch, &q->hdr, true);
		udrv_stat_add(ch, UDRV_STAT_BYTES_TO_USER,
			      UDRV_MSG_SIZE(q->hdr.len));
		kfree(q);
		moved = true;
	}
	if (moved) {
		/* The messages are in place before the user half sees @head. */
		smp_store_release(&ch->ring->head, ch->ring_head);
	}
	return used != 0;
}

/* Whether the user half has something to receive: ch->lock held. */
bool udrv_ring_pending_locked(struct udrv_channel *ch)
{
	return udrv_ring_fill_locked(ch) || ch->ring_broken;
}

/* The user half made room (it is writing): fill again. */
void udrv_ring_kick(struct udrv_channel *ch)
{
	unsigned long flags;

	spin_lock_irqsave(&ch->lock, flags);
	if (ch->ring)
		udrv_ring_fill_locked(ch);
	spin_unlock_irqrestore(&ch->lock, flags);
}

long udrv_ring_setup(struct udrv_channel *ch, u32 __user *arg)
{
	void *mem;
	u32 size;
	int ret = 0;

	if (get_user(size, arg))
		return -EFAULT;
	/* Room for the largest message even behind a padding skip. */
	BUILD_BUG_ON(2 * UDRV_MSG_SIZE(UDRV_MSG_MAX_PAYLOAD) > UDRV_RING_MIN);
	if (!is_power_of_2(size) || size < UDRV_RING_MIN || size > SZ_4M)
		return -EINVAL;
	mem = vmalloc_user(PAGE_SIZE + size);
	if (!mem)
		return -ENOMEM;

	mutex_lock(&ch->session_lock);
	spin_lock_irq(&ch->lock);
	if (ch->ring) {
		ret = -EBUSY;
	} else {
		ch->ring_mem = mem;
		ch->ring = mem;
		ch->ring->size = size;
		ch->ring_data = mem + PAGE_SIZE;
		ch->ring_size = size;
		ch->ring_head = 0;
		ch->ring_broken = false;
		udrv_ring_fill_locked(ch);
	}
	spin_unlock_irq(&ch->lock);
	mutex_unlock(&ch->session_lock);
	if (ret)
		vfree(mem);
	return ret;
}

int udrv_ring_mmap(struct udrv_channel *ch, struct vm_area_struct *vma)
{
	unsigned long len = vma->vm_end - vma->vm_start;
	int ret = -EINVAL;

	mutex_lock(&ch->session_lock);
	if (ch->ring && len <= PAGE_SIZE + ch->ring_size)
		ret = remap_vmalloc_range(vma, ch->ring_mem, 0);
	mutex_unlock(&ch->session_lock);
	return ret;
}

/* The session ended; its mappings of the ring are gone. */
void udrv_ring_free(struct udrv_channel *ch)
{
	void *mem;

	spin_lock_irq(&ch->lock);
	mem = ch->ring_mem;
	ch->ring_mem = NULL;
	ch->ring = NULL;
	ch->ring_data = NULL;
	ch->ring_size = 0;
	spin_unlock_irq(&ch->lock);
	vfree(mem);
}
