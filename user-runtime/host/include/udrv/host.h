/* SPDX-License-Identifier: MIT */
/*
 * udrv/host.h - the user half's host: the process around a split driver's
 * user-side code (docs/CROSSING.md section 6).
 *
 * A generated main() fills a struct udrv_host_config and calls
 * udrv_host_run(). The host opens /dev/udrv/<driver>, runs one Dingo event
 * loop on the calling thread, and:
 *   - runs each upcall in a fiber of its own (nested upcalls, which arrive
 *     while a fiber waits in a downcall, get fibers too) and sends the reply
 *     the handler produced;
 *   - blocks the calling fiber in udrv_host_downcall() until the reply with
 *     its sequence id arrives, serving other messages meanwhile;
 *   - drives kenv's timers, work items and tasklets through udrv/sched.h on
 *     the same loop (atomic-context callbacks run outside fibers);
 *   - maps BAR and DMA regions on demand (udrv_host_map_region);
 *   - feeds every upcall, downcall and reply to the protocol observers.
 *
 * Plain C with built-in types only: included from kernel-recipe C (the
 * generated glue) and from C++.
 *
 * Status: interface fixed for issue 10; implemented in user-runtime/host/.
 */
#ifndef UDRV_HOST_H
#define UDRV_HOST_H

#ifdef __cplusplus
extern "C" {
#endif

struct udrv_host;

/*
 * Runs in a fiber. @req/@len is the upcall's payload; the handler writes
 * its reply into @reply (capacity @cap) and sets *@reply_len. A negative
 * return is sent as the reply's status (the kernel-side caller sees it).
 */
typedef int (*udrv_host_upcall_fn)(void *arg, unsigned int func,
				   const void *req, unsigned long len,
				   void *reply, unsigned long cap,
				   unsigned long *reply_len);

struct udrv_host_config {
	const char *device;		/* "/dev/udrv/e1000" */
	const char *driver;		/* "e1000", for logs and observers */
	udrv_host_upcall_fn upcall;
	void *arg;
	/* Observer bindings to load (annotations/protocols/*.bind), or NULL. */
	const char *observer_bindings;
	/* What a protocol violation does: "log", "fail" or "stop". */
	const char *observer_policy;
	/* Called once in a fiber after attach, before serving upcalls
	 * (installs kenv's downcall transport, sets module parameters). */
	int (*on_attach)(void *arg, struct udrv_host *host);
};

/*
 * Serves until the kernel half goes away (POLLHUP), SIGINT/SIGTERM, or a
 * fatal error. Returns 0 or a negative errno; errors are logged with their
 * cause first.
 */
int udrv_host_run(const struct udrv_host_config *cfg);

/*
 * From a fiber of the running host: sends a downcall and waits for its
 * reply. Returns the reply's status (0 or a negative errno) and copies up
 * to @cap bytes of the reply payload into @reply (*@reply_len set to its
 * full length; -EMSGSIZE if it did not fit).
 */
int udrv_host_downcall(unsigned int func, const void *req, unsigned long len,
		       void *reply, unsigned long cap,
		       unsigned long *reply_len);

/* Maps region @index of the channel (BAR or DMA) once; returns its base. */
int udrv_host_map_region(unsigned int index, void **base,
			 unsigned long long *size);

/* Allocates a coherent DMA region; returns index, mapping and bus address. */
int udrv_host_dma_alloc(unsigned long long size, unsigned int *index,
			void **base, unsigned long long *bus);
int udrv_host_dma_free(unsigned int index);

#ifdef __cplusplus
}
#endif

#endif
