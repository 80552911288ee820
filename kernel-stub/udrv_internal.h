/* SPDX-License-Identifier: GPL-2.0 */
/*
 * udrv_internal.h - the channel object shared by udrv.ko's files.
 */
#ifndef _UDRV_INTERNAL_H
#define _UDRV_INTERNAL_H

#include <linux/completion.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/srcu.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <udrv/udrv.h>

enum udrv_stat {
	UDRV_STAT_UPCALLS,
	UDRV_STAT_UPCALL_ERRORS,
	UDRV_STAT_UPCALL_TIMEOUTS,
	UDRV_STAT_UPCALL_ATOMIC,
	UDRV_STAT_UPCALL_DETACHED,
	UDRV_STAT_NOTIFIES,
	UDRV_STAT_NOTIFY_DROPPED,
	UDRV_STAT_DOWNCALLS,
	UDRV_STAT_DOWNCALL_ERRORS,
	UDRV_STAT_BAD_MESSAGES,
	UDRV_STAT_UNKNOWN_FUNC,
	UDRV_STAT_STALE_HANDLE,
	UDRV_STAT_WRONG_TYPE,
	UDRV_STAT_OUT_OF_BOUNDS,
	UDRV_STAT_STRAY_REPLIES,
	UDRV_STAT_BYTES_TO_USER,
	UDRV_STAT_BYTES_FROM_USER,
	UDRV_STAT_ATTACHES,
	UDRV_STAT_DETACHES,
	UDRV_STAT_NR,
};

#define UDRV_TRACE_LEN		128
#define UDRV_QUEUE_MAX		1024

struct udrv_trace_entry {
	u64 ns;
	u64 seq;
	u32 func;
	u32 len;
	s32 status;
	u16 kind;
	u16 to_user;
};

/* A message waiting in the queue to user space. */
struct udrv_qmsg {
	struct list_head node;
	struct udrv_msg_hdr hdr;
	u8 payload[] __aligned(8);
};

/* An upcall waiting for its reply; lives on the caller's stack. */
struct udrv_pending {
	struct list_head node;
	u64 seq;
	u32 func;
	void *resp;
	u32 resp_cap;
	u32 resp_len;
	int status;
	struct completion done;
};

struct udrv_region {
	u32 kind;
	u32 bar;		/* device memory: the resource's index (a BAR) */
	u64 size;
	phys_addr_t phys;
	void __iomem *iomem;
	void *cpu_addr;
	dma_addr_t bus_addr;
	struct device *dma_dev;	/* DMA: the device it was allocated for (held) */
	atomic_t mappings;
};

/**
 * struct udrv_bus_ops - what udrv.ko needs to know of one bus
 * @name:      the bus (pci, ...)
 * @find_mmio: the device memory resource holding a physical address, or
 *             -ENODEV; NULL for a bus whose devices have none (USB)
 *
 * Each bus plug-in (kernel-stub/<bus>/udrv_<bus>.c) defines one as
 * udrv_<bus>_bus; the build lists the plug-ins in udrv_buses.h.
 */
struct udrv_bus_ops {
	const char *name;
	int (*find_mmio)(phys_addr_t phys, struct udrv_mmio *out);
};

struct udrv_channel {
	struct kref ref;
	char name[UDRV_NAME_MAX];
	char nodename[UDRV_NAME_MAX + 8];
	char miscname[UDRV_NAME_MAX + 8];
	struct miscdevice misc;
	struct udrv_channel_config cfg;

	/* Protects the fields below and the queue; taken from any context. */
	spinlock_t lock;
	struct file *server;
	bool dead;
	struct list_head outq;
	unsigned int outq_len;
	struct list_head pending;
	/* Tasks running an inline downcall: an upcall from one would hang. */
	struct list_head inline_callers;
	atomic64_t next_seq;
	wait_queue_head_t readq;
	struct completion released;
	/* Optional receive ring (udrv_ring.c); NULL: messages go to read(). */
	void *ring_mem;
	struct udrv_ring *ring;
	u8 *ring_data;
	u32 ring_size;
	u32 ring_head;
	bool ring_broken;

	/* Serialises attach/detach and region changes. */
	struct mutex session_lock;
	struct udrv_region regions[UDRV_MAX_REGIONS];

	struct xarray handles;
	u32 next_handle;
	struct srcu_struct srcu;
	struct workqueue_struct *wq;

	atomic64_t stats[UDRV_STAT_NR];
	/* Protects the trace ring; taken from any context. */
	spinlock_t trace_lock;
	unsigned int trace_head;
	unsigned int trace_count;
	struct udrv_trace_entry trace[UDRV_TRACE_LEN];
	struct dentry *debugfs;
};

static inline void udrv_stat_inc(struct udrv_channel *ch, enum udrv_stat s)
{
	atomic64_inc(&ch->stats[s]);
}

static inline void udrv_stat_add(struct udrv_channel *ch, enum udrv_stat s,
				 u64 n)
{
	atomic64_add(n, &ch->stats[s]);
}

/* udrv_msg.c */
ssize_t udrv_msg_read(struct udrv_channel *ch, struct file *file,
		      char __user *buf, size_t count);
ssize_t udrv_msg_write(struct udrv_channel *ch, struct file *file,
		       const char __user *buf, size_t count);
__poll_t udrv_msg_poll_mask(struct udrv_channel *ch);
void udrv_msg_fail_pending(struct udrv_channel *ch, int status);
void udrv_msg_purge(struct udrv_channel *ch);

/* udrv_region.c */
int udrv_region_mmap(struct udrv_channel *ch, struct vm_area_struct *vma);
long udrv_region_ioctl(struct udrv_channel *ch, unsigned int cmd,
		       void __user *arg);
void udrv_region_free_dma(struct udrv_channel *ch);

/* udrv_ring.c */
long udrv_ring_setup(struct udrv_channel *ch, u32 __user *arg);
int udrv_ring_mmap(struct udrv_channel *ch, struct vm_area_struct *vma);
bool udrv_ring_fill_locked(struct udrv_channel *ch);
void udrv_ring_kick(struct udrv_channel *ch);
bool udrv_ring_pending_locked(struct udrv_channel *ch);
void udrv_ring_free(struct udrv_channel *ch);

/* udrv_handle.c */
void udrv_handle_release_all(struct udrv_channel *ch);

/* udrv_debugfs.c */
void udrv_trace(struct udrv_channel *ch, const struct udrv_msg_hdr *hdr,
		bool to_user);
void udrv_debugfs_init_root(void);
void udrv_debugfs_exit_root(void);
void udrv_debugfs_add(struct udrv_channel *ch);
void udrv_debugfs_remove(struct udrv_channel *ch);

void udrv_channel_put(struct udrv_channel *ch);

#endif /* _UDRV_INTERNAL_H */
