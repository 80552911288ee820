/* SPDX-License-Identifier: GPL-2.0 */
/*
 * udrv/udrv.h - what udrv.ko offers to the kernel half of a microdriver.
 *
 * A kernel half creates one channel per device instance. The channel appears
 * as /dev/udrv/<name>; the user half opens it to serve the instance (one
 * process at a time). Through it the kernel half calls user-half functions
 * (upcalls, notifications) and the user half calls the kernel functions the
 * kernel half allowlisted (downcalls), on objects it names by handle and on
 * memory regions it has mapped.
 */
#ifndef _UDRV_UDRV_H
#define _UDRV_UDRV_H

#include <linux/types.h>
#include <udrv/channel.h>

struct device;
struct module;
struct resource;
struct udrv_channel;

/*
 * struct udrv_call - one downcall as its handler sees it.
 * @req:      request payload, @req_len bytes (within the entry's bounds),
 *            8-byte aligned
 * @resp:     reply payload buffer, @resp_cap bytes (the entry's @resp_max),
 *            8-byte aligned
 * @resp_len: bytes of @resp to send back; 0 by default
 */
struct udrv_call {
	const void *req;
	u32 req_len;
	void *resp;
	u32 resp_cap;
	u32 resp_len;
};

/* The handler may issue upcalls: it runs in a worker, not in write(). */
#define UDRV_DC_MAY_UPCALL	BIT(0)

/**
 * struct udrv_downcall - an allowlisted kernel function.
 * @name:    for the trace and stats
 * @handler: validates every argument and acts; returns 0 or -errno
 * @min_len: shortest acceptable request payload
 * @max_len: longest acceptable request payload
 * @resp_max: largest reply payload the handler may produce
 * @flags:   UDRV_DC_*
 *
 * The function id of an entry is its index in the table. A NULL @handler
 * leaves an id unallocated (-EOPNOTSUPP).
 */
struct udrv_downcall {
	const char *name;
	int (*handler)(struct udrv_channel *ch, void *priv,
		       struct udrv_call *call);
	u32 min_len;
	u32 max_len;
	u32 resp_max;
	unsigned int flags;
};

/**
 * struct udrv_channel_ops - hooks of the kernel half.
 * @attach:  a user half has attached (may fail with -errno)
 * @quiesce: the user half is gone: stop the device touching memory the
 *           user half owned (disable interrupts, stop queues). Runs after
 *           pending upcalls have failed, before its DMA buffers are freed.
 */
struct udrv_channel_ops {
	int (*attach)(struct udrv_channel *ch, void *priv);
	void (*quiesce)(struct udrv_channel *ch, void *priv);
};

/**
 * struct udrv_channel_config - what udrv_channel_create() needs.
 * @name:        device node /dev/udrv/@name (up to UDRV_NAME_MAX - 1 chars)
 * @owner:       the kernel half's module, pinned while a user half attaches
 * @dma_dev:     device for coherent DMA buffers, or NULL for none
 * @downcalls:   the allowlist, indexed by function id
 * @n_downcalls: its size
 * @kapi_downcalls: the kernel API allowlist, indexed by id - UDRV_FUNC_KAPI_BASE
 * @n_kapi_downcalls: its size
 * @ops:         hooks, may be NULL
 * @priv:        passed to hooks and handlers
 * @upcall_timeout_ms: 0 for the default (5000)
 */
struct udrv_channel_config {
	const char *name;
	struct module *owner;
	struct device *dma_dev;
	const struct udrv_downcall *downcalls;
	unsigned int n_downcalls;
	const struct udrv_downcall *kapi_downcalls;
	unsigned int n_kapi_downcalls;
	const struct udrv_channel_ops *ops;
	void *priv;
	unsigned int upcall_timeout_ms;
};

struct udrv_channel *udrv_channel_create(const struct udrv_channel_config *cfg);
void udrv_channel_destroy(struct udrv_channel *ch);
bool udrv_channel_attached(struct udrv_channel *ch);
void udrv_channel_set_dma_dev(struct udrv_channel *ch, struct device *dev);

int udrv_upcall(struct udrv_channel *ch, u32 func, const void *req,
		u32 req_len, void *resp, u32 resp_cap, u32 *resp_len);
int udrv_upcall_timeout(struct udrv_channel *ch, u32 func, const void *req,
			u32 req_len, void *resp, u32 resp_cap, u32 *resp_len,
			unsigned int timeout_ms);
int udrv_notify(struct udrv_channel *ch, u32 func, const void *payload,
		u32 len);

/* Object handles: what the user half may name in a downcall. */
int udrv_handle_add(struct udrv_channel *ch, u32 type, void *obj,
		    void (*release)(void *obj), u64 *handle);
void *udrv_handle_get(struct udrv_channel *ch, u64 handle, u32 type);
int udrv_handle_remove(struct udrv_channel *ch, u64 handle, u32 type);

int udrv_check_range(struct udrv_channel *ch, u64 off, u64 len, u64 size);

/*
 * Regions: device memory registered by the kernel half (a BAR), DMA buffers
 * on request.
 */
int udrv_region_add_mmio(struct udrv_channel *ch, const struct resource *res,
			 u32 index, void __iomem *kaddr);
void *udrv_region_dma(struct udrv_channel *ch, u32 index, u64 off, u64 len);
void __iomem *udrv_region_bar(struct udrv_channel *ch, u32 index, u64 off,
			      u64 len);
int udrv_region_locate(struct udrv_channel *ch, const void *kaddr,
		       u32 *index, u64 *off);
int udrv_region_kernel_map(struct udrv_channel *ch, u32 index, void **kaddr,
			   u64 *size);

/**
 * struct udrv_mmio - a bus device's memory resource
 * @dev:   the device, with a reference the caller drops (put_device())
 * @res:   the resource
 * @index: its index on the device (a BAR number)
 */
struct udrv_mmio {
	struct device *dev;
	const struct resource *res;
	u32 index;
};

/*
 * Buses: each bus plug-in built into udrv.ko (kernel-stub/<bus>/) implements
 * struct udrv_bus_ops; udrv_bus_find_mmio() asks each in turn.
 */
int udrv_bus_find_mmio(phys_addr_t phys, struct udrv_mmio *out);

#endif /* _UDRV_UDRV_H */
