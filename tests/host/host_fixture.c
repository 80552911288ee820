// SPDX-License-Identifier: MIT
/*
 * Kernel-recipe code for the host tests: it sleeps, queues work, arms
 * timers, takes mutexes and makes downcalls as a driver's user half does,
 * through kenv and udrv/host.h.
 */
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <kenv/kenv.h>
#include <udrv/host.h>
#include "host_fixture.h"

int hf_downcall_u32(unsigned int func, unsigned int value, unsigned int *reply)
{
	unsigned long len = 0;
	u32 out = 0;
	int ret;

	ret = udrv_host_downcall(func, &value, sizeof(value), &out, sizeof(out),
				 &len);
	if (ret == 0 && len != sizeof(out))
		return -EBADMSG;
	if (reply)
		*reply = out;
	return ret;
}

static struct {
	struct work_struct work;
	unsigned int func, value, sleep_ms;
	int state, result, saw_itself;
	unsigned int reply;
} hf_work;

static void hf_work_fn(struct work_struct *work)
{
	hf_work.saw_itself = current_work() == work;
	msleep(hf_work.sleep_ms);
	hf_work.result = hf_downcall_u32(hf_work.func, hf_work.value,
					 &hf_work.reply);
	hf_work.state = 1;
}

void hf_queue_downcall_work(unsigned int func, unsigned int value,
			    unsigned int sleep_ms)
{
	INIT_WORK(&hf_work.work, hf_work_fn);
	hf_work.func = func;
	hf_work.value = value;
	hf_work.sleep_ms = sleep_ms;
	hf_work.state = 0;
	hf_work.saw_itself = 0;
	schedule_work(&hf_work.work);
}

int hf_work_state(void)
{
	return hf_work.state;
}

int hf_work_result(unsigned int *reply)
{
	*reply = hf_work.reply;
	return hf_work.result;
}

int hf_work_saw_itself(void)
{
	return hf_work.saw_itself;
}

int hf_current_work_is_null(void)
{
	return current_work() == NULL;
}

static struct timer_list hf_timer;
static int hf_probe_softirq = -1;

/* Static, as drivers' callbacks are: the report still names it (.symtab). */
static void hf_timer_sleeps(struct timer_list *t)
{
	msleep(1);
}

void hf_arm_sleeping_timer(unsigned int ms)
{
	timer_setup(&hf_timer, hf_timer_sleeps, 0);
	mod_timer(&hf_timer, jiffies + msecs_to_jiffies(ms));
}

static void hf_timer_probe(struct timer_list *t)
{
	hf_probe_softirq = softirq_count() ? 1 : 0;
}

void hf_arm_probe_timer(unsigned int ms)
{
	hf_probe_softirq = -1;
	timer_setup(&hf_timer, hf_timer_probe, 0);
	mod_timer(&hf_timer, jiffies + msecs_to_jiffies(ms));
}

int hf_probe_timer_softirq(void)
{
	return hf_probe_softirq;
}

static DEFINE_MUTEX(hf_mutex);

int hf_mutex_hold(unsigned int hold_ms)
{
	int pid;

	mutex_lock(&hf_mutex);
	pid = current->pid;
	if (hold_ms)
		msleep(hold_ms);
	if (atomic_long_read(&hf_mutex.owner) != (long)current)
		pid = -1;	/* another fiber took a mutex we hold */
	mutex_unlock(&hf_mutex);
	return pid;
}

void hf_mutex_twice(void)
{
	mutex_lock(&hf_mutex);
	mutex_lock(&hf_mutex);
}

int hf_current_pid(void)
{
	return current ? current->pid : -1;
}

const char *hf_current_comm(void)
{
	return current ? current->comm : "";
}

void *hf_kmalloc(unsigned long size)
{
	return kmalloc(size, GFP_KERNEL);
}

void hf_kfree(void *p)
{
	kfree(p);
}

void *hf_vmalloc(unsigned long size)
{
	return vmalloc(size);
}

void hf_vfree(void *p)
{
	vfree(p);
}

void *hf_devm_cycle(void)
{
	struct device *dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	void *p;

	if (!dev)
		return NULL;
	p = devm_kmalloc(dev, 48, GFP_KERNEL);
	kenv_devres_release_all(dev);
	kfree(dev);
	return p;
}
