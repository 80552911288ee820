// SPDX-License-Identifier: MIT
/*
 * Per-cpu data and `current`.
 *
 * The kernel reads per-cpu variables as %gs:<symbol> (absolute or
 * RIP-relative: either way the address is GS base + &symbol). Every
 * per-cpu variable of kenv and of the driver objects lives in section
 * kenv_percpu (kcc.py renames .data..percpu* to it). The host side copies
 * that section into a fresh area per driver thread and sets the thread's GS
 * base to (area - __start_kenv_percpu), so %gs:<symbol> lands on the
 * thread's copy. A thread that never attached has GS base 0 and uses the
 * section itself (the template), as the kernel's boot cpu uses its
 * initial per-cpu data.
 */
#include <linux/cpumask.h>
#include <linux/netdevice.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "internal.h"

DEFINE_PER_CPU(struct task_struct *, current_task);
/* The driver thread's own task: `current` on the loop, outside fibers. */
static DEFINE_PER_CPU(struct task_struct *, kenv_thread_task);
DEFINE_PER_CPU(int, __preempt_count) = PREEMPT_ENABLED;
DEFINE_PER_CPU_READ_MOSTLY(int, cpu_number);
DEFINE_PER_CPU_READ_MOSTLY(unsigned long, this_cpu_off);
DEFINE_PER_CPU_ALIGNED(struct softnet_data, softnet_data);

unsigned long __per_cpu_offset[NR_CPUS];
unsigned int nr_cpu_ids = 1;
struct cpumask __cpu_possible_mask = { .bits = { 1 } };
struct cpumask __cpu_online_mask = { .bits = { 1 } };
struct cpumask __cpu_present_mask = { .bits = { 1 } };
struct cpumask __cpu_active_mask = { .bits = { 1 } };

/* Called on the driver thread right after its GS base was set to @offset. */
int kenv_cpu_attach(unsigned long offset, const char *comm)
{
	struct task_struct *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return -ENOMEM;
	this_cpu_write(this_cpu_off, offset);
	this_cpu_write(cpu_number, 0);
	this_cpu_write(__preempt_count, PREEMPT_ENABLED);
	__per_cpu_offset[0] = offset;
	WRITE_ONCE(t->__state, TASK_RUNNING);
	t->pid = 1;
	t->tgid = 1;
	strscpy(t->comm, comm ? comm : "kenv", sizeof(t->comm));
	this_cpu_write(current_task, t);
	this_cpu_write(kenv_thread_task, t);
	return 0;
}

void kenv_cpu_detach(void)
{
	kfree(this_cpu_read(kenv_thread_task));
	this_cpu_write(kenv_thread_task, NULL);
	this_cpu_write(current_task, NULL);
}

/*
 * Each fiber gets a task_struct of its own on first run, named after the
 * fiber, so `current` tells fibers apart (mutex owners, current_work());
 * the loop (atomic callbacks) runs as the driver thread's task. The task
 * lives in the fiber's word and dies when the fiber's function returns.
 */
static struct task_struct *fiber_task_new(const struct task_struct *thread)
{
	static pid_t next_pid = 2;
	const struct udrv_sched *s = kenv_sched;
	struct task_struct *t = kenv_host_alloc(sizeof(*t), L1_CACHE_BYTES);

	if (!t)
		kenv_fatal("out of memory for a fiber's task_struct");
	memset(t, 0, sizeof(*t));
	WRITE_ONCE(t->__state, TASK_RUNNING);
	t->pid = next_pid++;
	t->tgid = thread ? thread->tgid : 1;
	strscpy(t->comm, s && s->current_name ? s->current_name(s->ctx) : "fiber",
		sizeof(t->comm));
	return t;
}

void kenv_fiber_switched(void *arg, void **local, int exiting)
{
	struct task_struct *thread = this_cpu_read(kenv_thread_task);

	if (!local) {
		this_cpu_write(current_task, thread);
		return;
	}
	if (exiting) {
		kenv_host_free(*local);
		*local = NULL;
		this_cpu_write(current_task, thread);
		return;
	}
	if (!*local)
		*local = fiber_task_new(thread);
	this_cpu_write(current_task, *local);
}
