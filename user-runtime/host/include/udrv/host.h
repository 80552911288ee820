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
 * Status: implemented in user-runtime/host/ (library udrv_host, or
 * udrv_host_asan under ASan+UBSan).
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

/*
 * A crossing as the protocol observers see it. The host fills the raw
 * fields; the generated code's describe() names the callee as the binding
 * tables do (annotations/protocols/<x>.bind: the ops field for an upcall,
 * "net_device_ops.ndo_open"; the kernel function for a downcall,
 * "netif_wake_queue") and decodes the arguments and the return value.
 */
#define UDRV_HOST_CROSSING_ARGS 8
struct udrv_host_crossing {
	/* Filled by the host. */
	int is_downcall;		/* 0: upcall (kernel -> user) */
	int is_reply;			/* the call's return */
	unsigned int func;
	const void *payload;		/* request, or the reply's payload */
	unsigned long len;
	int status;			/* reply: the channel status */
	/* Filled by describe(); callee NULL leaves the crossing unobserved. */
	const char *callee;
	unsigned int nargs;
	long long args[UDRV_HOST_CROSSING_ARGS];
	long long ret;			/* reply: the C return value */
};

struct udrv_host_config {
	const char *device;		/* "/dev/udrv/e1000" */
	const char *driver;		/* "e1000", for logs and observers */
	udrv_host_upcall_fn upcall;
	void *arg;
	/*
	 * Observer bindings to load (annotations/protocols/<x>.bind), or NULL
	 * for no observers. The specs are every *.spec file of the same
	 * directory.
	 */
	const char *observer_bindings;
	/*
	 * What a protocol violation does: "log", "fail" (the offending downcall
	 * returns -EPROTO without reaching the kernel; a rejected upcall or
	 * return stops) or "stop" (the run ends with -EPROTO). NULL: "log".
	 */
	const char *observer_policy;
	/* Names and decodes a crossing for the observers (see above). */
	void (*describe)(void *arg, struct udrv_host_crossing *crossing);
	/* Called once in a fiber after attach, before serving upcalls
	 * (installs kenv's downcall transport, sets module parameters). */
	int (*on_attach)(void *arg, struct udrv_host *host);
	/*
	 * Non-zero: udrv_host_trace() lines go to stderr (the generated main
	 * sets it from $UDRV_TRACE), one per crossing the glue reports.
	 */
	int trace;
};

/*
 * Serves until the kernel half goes away (POLLHUP), SIGINT/SIGTERM, or a
 * fatal error. Returns 0 or a negative errno; errors are logged with their
 * cause first.
 */
int udrv_host_run(const struct udrv_host_config *cfg);

/*
 * From a fiber of the running host (an upcall, on_attach, a work item, a
 * nested upcall): sends a downcall and waits for its reply, blocking only
 * the calling fiber. Returns the reply's status (0 or a negative errno) and
 * copies up to @cap bytes of the reply payload into @reply (*@reply_len
 * set to its full length; -EMSGSIZE if it did not fit). -ENOTCONN when no
 * host runs on this thread, -EWOULDBLOCK outside a fiber (atomic context:
 * timer callbacks, tasklets), -ENODEV once the kernel half is gone,
 * -EPROTO when an observer rejected it under the "fail" policy.
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

/*
 * When tracing: one line on stderr, "udrv-trace[<driver>] <ms since the
 * start> <fiber>: <message>", so interleaved crossings of concurrent fibers
 * read in the order they happened.
 */
void udrv_host_trace(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

#ifdef __cplusplus
}
#endif

#endif
