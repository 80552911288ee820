/* SPDX-License-Identifier: MIT */
/*
 * udrv/client.h - the user half's end of the channel to udrv.ko.
 *
 * Built for an event loop: udrv_client_fd() is pollable, level-triggered
 * (POLLIN when messages wait, POLLHUP when the kernel half went away; with
 * the receive ring, poll() is also what refills a ring that ran full, so
 * do not use EPOLLET), and every call
 * here is non-blocking except udrv_client_wait() and udrv_client_call(),
 * helpers for simple programs and tests. The client has no threads and no
 * global state; errors are returned as negative errno values, never
 * printed.
 *
 * Wire format and ioctls: <udrv/channel.h> (kernel-stub/include/uapi).
 */
#ifndef UDRV_CLIENT_H
#define UDRV_CLIENT_H

#include <stddef.h>
#include <stdint.h>
#include <udrv/channel.h>

#ifdef __cplusplus
extern "C" {
#endif

struct udrv_client;

/*
 * A received message; @payload stays valid until the next
 * udrv_client_recv() or udrv_client_wait().
 */
struct udrv_client_msg {
	struct udrv_msg_hdr hdr;
	const void *payload;
};

/* Receive ring size udrv_client_open() asks for. */
#define UDRV_CLIENT_RING_BYTES 524288u

/*
 * Opens /dev/udrv/<name> (or any path) and attaches as its user half,
 * receiving through a shared ring of UDRV_CLIENT_RING_BYTES (measured
 * faster than read(): docs/ARCHITECTURE.md).
 */
int udrv_client_open(const char *path, struct udrv_client **out);
/* The same with a ring of @ring_bytes, or with read() when 0. */
int udrv_client_open_ring(const char *path, uint32_t ring_bytes,
			  struct udrv_client **out);
/*
 * Adopts an already open channel descriptor (e.g. inherited from a
 * supervisor that restarts the user half); takes ownership of @fd, which
 * must be non-blocking. The version is not checked.
 */
int udrv_client_adopt(int fd, struct udrv_client **out);
void udrv_client_close(struct udrv_client *c);
int udrv_client_fd(const struct udrv_client *c);
int udrv_client_info(struct udrv_client *c, struct udrv_info *info);

/*
 * Switches receiving to a shared ring of @size bytes (power of two,
 * UDRV_RING_MIN to 4 MiB): messages are then taken from memory, with no system call,
 * until the ring runs empty. Once per attachment; sending is unchanged.
 */
int udrv_client_ring_enable(struct udrv_client *c, uint32_t size);

/*
 * Takes the next message: 0 and *msg filled, -EAGAIN when none waits,
 * -ENODEV when the kernel half is gone, or another -errno.
 */
int udrv_client_recv(struct udrv_client *c, struct udrv_client_msg *msg);

/* Sends a downcall; *seq receives its sequence id for matching the reply. */
int udrv_client_downcall(struct udrv_client *c, uint32_t func,
			 const void *payload, uint32_t len, uint64_t *seq);

/* Answers the upcall with sequence id @seq (status 0 or -errno). */
int udrv_client_reply(struct udrv_client *c, uint64_t seq, uint32_t func,
		      int32_t status, const void *payload, uint32_t len);

/* Writes raw bytes as they are: for tests of the kernel's checks. */
int udrv_client_send_raw(struct udrv_client *c, const void *buf, size_t len);

/* Waits until a message is readable: 1, 0 on timeout, or -errno. */
int udrv_client_wait(struct udrv_client *c, int timeout_ms);

/*
 * Handles a message that is not the reply udrv_client_call() waits for
 * (upcalls, notifications, other replies). Returns 0 or -errno to abort.
 */
typedef int (*udrv_client_handler)(void *ctx, struct udrv_client *c,
				   const struct udrv_client_msg *msg);

/*
 * A synchronous downcall for simple programs: sends it, then dispatches
 * every other message to @handler (so nested upcalls get answered) until
 * the reply arrives or @timeout_ms passes. Returns the downcall's status;
 * the reply payload is copied to @resp (up to @resp_cap, *resp_len set).
 */
int udrv_client_call(struct udrv_client *c, uint32_t func, const void *req,
		     uint32_t req_len, void *resp, uint32_t resp_cap,
		     uint32_t *resp_len, udrv_client_handler handler,
		     void *ctx, int timeout_ms);

/* Regions (index, offset) <-> this process's mappings. */
int udrv_client_region_info(struct udrv_client *c, uint32_t index,
			    struct udrv_region_info *info);
int udrv_client_map(struct udrv_client *c, uint32_t index, void **addr,
		    size_t *size);
int udrv_client_unmap(struct udrv_client *c, uint32_t index);
int udrv_client_dma_alloc(struct udrv_client *c, uint64_t size,
			  uint32_t *index, uint64_t *bus_addr);
int udrv_client_dma_free(struct udrv_client *c, uint32_t index);
/* A pointer into a mapped region as (index, offset); -ENOENT otherwise. */
int udrv_client_locate(const struct udrv_client *c, const void *p,
		       uint32_t *index, uint64_t *off);
/* The local address of (index, offset), or NULL if unmapped/out of range. */
void *udrv_client_addr(const struct udrv_client *c, uint32_t index,
		       uint64_t off);

#ifdef __cplusplus
}
#endif

#endif /* UDRV_CLIENT_H */
