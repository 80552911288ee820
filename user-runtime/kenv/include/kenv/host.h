/* SPDX-License-Identifier: MIT */
/*
 * kenv/host.h - what kenv's kernel side (C compiled against the kernel
 * headers) asks of its host side (C++ against libc).
 *
 * Kernel C and libc never meet in one translation unit, so this header
 * uses only the types both worlds share (int, long, pointers) and includes
 * nothing. Every function here is implemented in user-runtime/kenv/host/.
 */
#ifndef KENV_HOST_H
#define KENV_HOST_H

#ifdef __cplusplus
extern "C" {
#endif

struct udrv_wait_point;

/* Heap memory (malloc family; visible to ASan). */
void *kenv_host_alloc(unsigned long size, unsigned long align);
void kenv_host_free(void *p);
unsigned long kenv_host_usable_size(const void *p);

/* Page-granular allocations that is_vmalloc_addr() recognises. */
void *kenv_host_vmalloc(unsigned long size);
void kenv_host_vfree(const void *p);
int kenv_host_is_vmalloc(const void *p);

/* One formatted log line (without trailing newline) at a printk level 0-7. */
void kenv_host_log(int level, const char *msg);

/* Prints "kenv: <msg>" and a backtrace to stderr, then aborts. */
void kenv_host_die(const char *msg) __attribute__((noreturn));

/* ioperm(2) for [from, from + num): 0 or a negative errno. */
int kenv_host_ioperm(unsigned long from, unsigned long num);

/* The host's real monotonic clock: busy-wait delays (udelay) use it. */
unsigned long long kenv_host_real_ns(void);

void kenv_host_random(void *buf, unsigned long len);

/* Name of the function containing @addr, for %pS; 0 if unknown. */
int kenv_host_symbolize(const void *addr, char *buf, unsigned long len);

/*
 * Wait points for kernel objects whose layout leaves no room for one (a
 * struct mutex, completion, wait entry...): kept in a side table keyed by
 * the object's address, alive only while some fiber waits on it.
 * get() creates on demand and takes a reference; put() drops it; find()
 * returns the existing one or 0 (a wake with nobody waiting is a no-op).
 */
struct udrv_wait_point *kenv_host_wait_point_get(const void *key);
void kenv_host_wait_point_put(const void *key);
struct udrv_wait_point *kenv_host_wait_point_find(const void *key);

/*
 * The other direction: implemented by the kernel side, called by the host.
 */

/* After the GS base of the calling thread was set to @offset. */
int kenv_cpu_attach(unsigned long offset, const char *comm);
void kenv_cpu_detach(void);

/*
 * Looks up @addr in __bug_table. Returns 0 if it is no BUG/WARN site;
 * otherwise 1 for a WARN (execution may continue after the 2-byte ud2) or
 * 2 for a BUG, with its source position in *file and *line. A WARN_ONCE
 * site reports only its first hit: later hits return 3 (continue silently).
 */
int kenv_bug_lookup(unsigned long addr, const char **file, unsigned int *line);

#ifdef __cplusplus
}
#endif

#endif /* KENV_HOST_H */
