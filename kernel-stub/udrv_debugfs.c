// SPDX-License-Identifier: GPL-2.0
/*
 * udrv statistics and trace in debugfs: /sys/kernel/debug/udrv/<name>/
 *   stats   one "name value" line per counter
 *   trace   the last UDRV_TRACE_LEN crossings, oldest first
 *   regions the region table
 */
#include <linux/debugfs.h>
#include <linux/ktime.h>
#include <linux/seq_file.h>

#include "udrv_internal.h"

static struct dentry *udrv_debugfs_root;

static const char * const udrv_stat_names[UDRV_STAT_NR] = {
	[UDRV_STAT_UPCALLS] = "upcalls",
	[UDRV_STAT_UPCALL_ERRORS] = "upcall_errors",
	[UDRV_STAT_UPCALL_TIMEOUTS] = "upcall_timeouts",
	[UDRV_STAT_UPCALL_ATOMIC] = "upcall_atomic_refused",
	[UDRV_STAT_UPCALL_DETACHED] = "upcall_detached",
	[UDRV_STAT_NOTIFIES] = "notifies",
	[UDRV_STAT_NOTIFY_DROPPED] = "notify_dropped",
	[UDRV_STAT_DOWNCALLS] = "downcalls",
	[UDRV_STAT_DOWNCALL_ERRORS] = "downcall_errors",
	[UDRV_STAT_BAD_MESSAGES] = "bad_messages",
	[UDRV_STAT_UNKNOWN_FUNC] = "unknown_func",
	[UDRV_STAT_STALE_HANDLE] = "stale_handle",
	[UDRV_STAT_WRONG_TYPE] = "wrong_type",
	[UDRV_STAT_OUT_OF_BOUNDS] = "out_of_bounds",
	[UDRV_STAT_STRAY_REPLIES] = "stray_replies",
	[UDRV_STAT_BYTES_TO_USER] = "bytes_to_user",
	[UDRV_STAT_BYTES_FROM_USER] = "bytes_from_user",
	[UDRV_STAT_ATTACHES] = "attaches",
	[UDRV_STAT_DETACHES] = "detaches",
};

static const char *const udrv_kind_names[] = {
	[UDRV_MSG_UPCALL] = "upcall",
	[UDRV_MSG_DOWNCALL] = "downcall",
	[UDRV_MSG_REPLY] = "reply",
	[UDRV_MSG_NOTIFY] = "notify",
};

/* Records one crossing; @to_user tells its direction. Any context. */
void udrv_trace(struct udrv_channel *ch, const struct udrv_msg_hdr *hdr,
		bool to_user)
{
	struct udrv_trace_entry *e;
	unsigned long flags;

	spin_lock_irqsave(&ch->trace_lock, flags);
	e = &ch->trace[ch->trace_head];
	e->ns = ktime_get_ns();
	e->seq = hdr->seq;
	e->func = hdr->func;
	e->len = hdr->len;
	e->status = hdr->status;
	e->kind = hdr->kind;
	e->to_user = to_user;
	ch->trace_head = (ch->trace_head + 1) % UDRV_TRACE_LEN;
	if (ch->trace_count < UDRV_TRACE_LEN)
		ch->trace_count++;
	spin_unlock_irqrestore(&ch->trace_lock, flags);
}

static int udrv_stats_show(struct seq_file *s, void *unused)
{
	struct udrv_channel *ch = s->private;
	int i;

	seq_printf(s, "attached %d\n", udrv_channel_attached(ch));
	for (i = 0; i < UDRV_STAT_NR; i++)
		seq_printf(s, "%s %lld\n", udrv_stat_names[i],
			   (long long)atomic64_read(&ch->stats[i]));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(udrv_stats);

static const char *udrv_kind_name(u16 kind)
{
	if (kind < ARRAY_SIZE(udrv_kind_names) && udrv_kind_names[kind])
		return udrv_kind_names[kind];
	return "garbage";
}

static int udrv_trace_show(struct seq_file *s, void *unused)
{
	struct udrv_channel *ch = s->private;
	struct udrv_trace_entry *copy;
	unsigned int i, n, first;

	copy = kmalloc_array(UDRV_TRACE_LEN, sizeof(*copy), GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	spin_lock_irq(&ch->trace_lock);
	n = ch->trace_count;
	first = (ch->trace_head + UDRV_TRACE_LEN - n) % UDRV_TRACE_LEN;
	for (i = 0; i < n; i++)
		copy[i] = ch->trace[(first + i) % UDRV_TRACE_LEN];
	spin_unlock_irq(&ch->trace_lock);

	for (i = 0; i < n; i++)
		seq_printf(s, "%llu %s %s func=%u seq=%llu len=%u status=%d\n",
			   copy[i].ns, copy[i].to_user ? "k->u" : "u->k",
			   udrv_kind_name(copy[i].kind), copy[i].func,
			   copy[i].seq, copy[i].len, copy[i].status);
	kfree(copy);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(udrv_trace);

static int udrv_regions_show(struct seq_file *s, void *unused)
{
	static const char * const kinds[] = { "none", "bar", "dma" };
	struct udrv_channel *ch = s->private;
	int i;

	mutex_lock(&ch->session_lock);
	for (i = 0; i < UDRV_MAX_REGIONS; i++) {
		struct udrv_region *r = &ch->regions[i];

		if (r->kind == UDRV_REGION_NONE)
			continue;
		seq_printf(s, "%d %s size=%llu mappings=%d\n", i,
			   kinds[r->kind], r->size, atomic_read(&r->mappings));
	}
	mutex_unlock(&ch->session_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(udrv_regions);

void udrv_debugfs_add(struct udrv_channel *ch)
{
	ch->debugfs = debugfs_create_dir(ch->name, udrv_debugfs_root);
	debugfs_create_file("stats", 0400, ch->debugfs, ch, &udrv_stats_fops);
	debugfs_create_file("trace", 0400, ch->debugfs, ch, &udrv_trace_fops);
	debugfs_create_file("regions", 0400, ch->debugfs, ch,
			    &udrv_regions_fops);
}

void udrv_debugfs_remove(struct udrv_channel *ch)
{
	debugfs_remove(ch->debugfs);
}

void udrv_debugfs_init_root(void)
{
	udrv_debugfs_root = debugfs_create_dir("udrv", NULL);
}

void udrv_debugfs_exit_root(void)
{
	debugfs_remove(udrv_debugfs_root);
}
