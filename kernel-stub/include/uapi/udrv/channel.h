/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * udrv/channel.h - the channel between a microdriver's kernel half and its
 * user half: the wire format of messages on /dev/udrv/<driver> and the
 * ioctls of that device. Shared verbatim by udrv.ko and user-runtime/channel.
 *
 * A message is a struct udrv_msg_hdr followed by @len bytes of payload, the
 * whole padded to UDRV_MSG_ALIGN bytes. read() returns as many whole queued
 * messages as fit in the buffer; write() takes one or more whole messages.
 * The payload is opaque to the channel (Cap'n Proto from marshal/).
 *
 *   UDRV_MSG_UPCALL    kernel -> user  call a user-half function; answer
 *                                      with UDRV_MSG_REPLY carrying @seq
 *   UDRV_MSG_NOTIFY    kernel -> user  one-way event, no reply
 *   UDRV_MSG_DOWNCALL  user -> kernel  call an allowlisted kernel function;
 *                                      answered by UDRV_MSG_REPLY with @seq
 *   UDRV_MSG_REPLY     both ways       @status is 0 or a negative errno
 *
 * Pointers into shared regions travel as (region index, offset) pairs: each
 * side translates them against its own mapping of the region, so neither
 * side ever trusts or learns the other's virtual addresses.
 */
#ifndef _UAPI_UDRV_CHANNEL_H
#define _UAPI_UDRV_CHANNEL_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define UDRV_CHANNEL_VERSION	1

enum udrv_msg_kind {
	UDRV_MSG_UPCALL = 1,
	UDRV_MSG_DOWNCALL = 2,
	UDRV_MSG_REPLY = 3,
	UDRV_MSG_NOTIFY = 4,
};

struct udrv_msg_hdr {
	__u16 kind;		/* enum udrv_msg_kind */
	__u16 flags;		/* must be 0 */
	__u32 func;		/* function id, per driver (reply: echoed) */
	__u64 seq;		/* sequence id; a reply carries its request's */
	__u32 len;		/* payload bytes following the header */
	__s32 status;		/* reply: 0 or -errno; requests: 0 */
	__u64 reserved;		/* must be 0 */
};

#define UDRV_MSG_ALIGN		8
#define UDRV_MSG_MAX_PAYLOAD	131072
/* Bytes a message with @len payload bytes takes in a read or write buffer. */
#define UDRV_MSG_SIZE(len) \
	((sizeof(struct udrv_msg_hdr) + (len) + UDRV_MSG_ALIGN - 1) & \
	 ~(__u64)(UDRV_MSG_ALIGN - 1))

/* Function ids at or above this value are reserved for the runtime. */
#define UDRV_FUNC_RESERVED	0xffff0000u
/*
 * Downcall ids from this value up name kernel API functions (a kernel
 * half's second allowlist): id - UDRV_FUNC_KAPI_BASE indexes it.
 */
#define UDRV_FUNC_KAPI_BASE	0x10000u

#define UDRV_NAME_MAX		32
#define UDRV_MAX_REGIONS	32

struct udrv_info {
	__u32 version;		/* UDRV_CHANNEL_VERSION */
	__u32 max_payload;	/* UDRV_MSG_MAX_PAYLOAD */
	__u32 n_downcalls;	/* size of the driver's allowlist table */
	__u32 n_regions;	/* UDRV_MAX_REGIONS: valid region indices */
	char name[UDRV_NAME_MAX];
};

enum udrv_region_kind {
	UDRV_REGION_NONE = 0,	/* free slot */
	UDRV_REGION_BAR = 1,	/* PCI BAR (device memory, uncached) */
	UDRV_REGION_DMA = 2,	/* coherent DMA buffer */
};

/*
 * mmap() offset of region @index: like UIO, the page offset is the index.
 * The mapping must start at offset 0 of the region and not exceed it.
 */
#define UDRV_REGION_OFFSET(index, page_size) ((__u64)(index) * (page_size))

struct udrv_region_info {
	__u32 index;		/* in */
	__u32 kind;		/* out: enum udrv_region_kind */
	__u64 size;		/* out: bytes (page multiple) */
	__u64 bus_addr;		/* out: DMA address for the device (DMA) */
	__u32 bar;		/* out: BAR number (BAR) */
	__u32 mappings;		/* out: live user mappings */
};

struct udrv_dma_alloc {
	__u64 size;		/* in: bytes, rounded up to pages */
	__u32 index;		/* out: region index */
	__u32 pad;
	__u64 bus_addr;		/* out: DMA address for the device */
};

/*
 * Optional receive ring (UDRV_IOC_RING_SETUP, then mmap() at
 * UDRV_RING_OFFSET): the kernel writes messages for the user half into
 * shared memory instead of queueing them for read(). One page of struct
 * udrv_ring, then @size bytes of messages; @head and @tail count bytes
 * ever produced and consumed (free-running, the position is count & (size -
 * 1)). A message never wraps: where the rest of the ring cannot hold the
 * next one, a header of kind UDRV_MSG_PAD (or fewer than 32 bytes left)
 * says to continue at the start. The kernel moves queued messages into the
 * ring when they are queued, on poll() and on write(); write() stays the
 * way back.
 */
#define UDRV_MSG_PAD		0
#define UDRV_RING_MIN		524288
#define UDRV_RING_PGOFF		0x10000ul
#define UDRV_RING_OFFSET(page_size) ((__u64)UDRV_RING_PGOFF * (page_size))

struct udrv_ring {
	__u32 head;		/* written by the kernel */
	__u32 size;		/* bytes of message space */
	__u32 pad0[14];
	__u32 tail;		/* written by the user half */
	__u32 pad1[15];
};

#define UDRV_IOC_MAGIC		0xd5
#define UDRV_IOC_INFO		_IOR(UDRV_IOC_MAGIC, 0, struct udrv_info)
#define UDRV_IOC_REGION_INFO	_IOWR(UDRV_IOC_MAGIC, 1, struct udrv_region_info)
#define UDRV_IOC_DMA_ALLOC	_IOWR(UDRV_IOC_MAGIC, 2, struct udrv_dma_alloc)
#define UDRV_IOC_DMA_FREE	_IOW(UDRV_IOC_MAGIC, 3, __u32)
/* Argument: message space in bytes (power of two, UDRV_RING_MIN .. 4 MiB). */
#define UDRV_IOC_RING_SETUP	_IOW(UDRV_IOC_MAGIC, 4, __u32)

#endif /* _UAPI_UDRV_CHANNEL_H */
