/* SPDX-License-Identifier: MIT */
/*
 * kenv/kenv.h - how a program hosts unmodified kernel C (a user half).
 *
 * main() wires kenv: it installs the event runtime's scheduler table, then
 * attaches the thread that will run kernel code (the "driver thread"):
 *
 *	kenv_set_sched(&runtime_table);
 *	kenv_thread_attach();
 *	kenv_param_set("e1000.TxDescriptors", "80");
 *
 * Plain C, no kernel and no libc types: included from C++ and from kernel C.
 */
#ifndef KENV_KENV_H
#define KENV_KENV_H

#ifdef __cplusplus
extern "C" {
#endif

struct udrv_sched;

/* Installs the scheduler table (udrv/sched.h); the table must outlive kenv. */
void kenv_set_sched(const struct udrv_sched *sched);

/*
 * Makes the calling thread a driver thread: points its GS base at a fresh
 * copy of the per-cpu area (section kenv_percpu), gives it a task_struct
 * for `current`, and installs the SIGILL handler that turns the kernel's
 * WARN (ud2 + __bug_table) into a log line. Returns 0 or -errno.
 */
int kenv_thread_attach(const char *comm);
void kenv_thread_detach(void);

/* Log sink for printk and friends; NULL restores the default (stderr). */
typedef void (*kenv_log_sink)(void *ctx, int level, const char *line);
void kenv_set_log_sink(kenv_log_sink sink, void *ctx);

/*
 * Sets a module parameter as "modname.param=value" on a kernel command
 * line would: through the parameter's own kernel_param_ops. Returns 0,
 * -ENOENT (no such parameter) or the ops' error (-EINVAL...).
 */
int kenv_param_set(const char *name, const char *value);

/* How many WARNs fired since start (every WARN is also logged). */
unsigned long kenv_warn_count(void);

/* The preempt count of the calling driver thread (atomic-context checks). */
int kenv_preempt_count(void);

/* Refreshes `jiffies` from the scheduler's clock (kenv does so itself on
 * every entry; the runtime calls it after advancing time). */
void kenv_update_jiffies(void);

/*
 * Installs @hook (NULL removes it), called with each pointer the user half
 * frees: kfree (and kvfree/kfree_sensitive), vfree, kmem_cache_free, and
 * devm_* allocations released by devm_kfree or kenv_devres_release_all. The
 * memory is still valid during the call. The object tracker uses it to learn
 * that a tracked object died (docs/CROSSING.md, sdt_free_local).
 */
void kenv_set_free_hook(void (*hook)(void *arg, const void *p), void *arg);

/*
 * Releases the devm_* resources of @dev in reverse order of acquisition (the
 * driver core's devres_release_all(), run after remove() or a failed probe).
 */
struct device;
void kenv_devres_release_all(struct device *dev);

#ifdef __cplusplus
}
#endif

#endif /* KENV_KENV_H */
