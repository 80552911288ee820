// SPDX-License-Identifier: MIT
/*
 * Kernel-recipe test code for kenv's primitives: compiled against the kernel
 * headers like a driver, it calls the kernel API and reports through
 * ktest.h. Each function checks semantics a broken implementation would
 * get wrong.
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/rcupdate.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <kenv/kenv.h>
#include "ktest.h"

void kt_alloc_semantics(void)
{
	void *p;
	u8 *z;

	kfree(NULL);
	KT_EXPECT(kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
	kfree(ZERO_SIZE_PTR);
	p = kmalloc(64, GFP_KERNEL);
	KT_EXPECT(p && IS_ALIGNED((unsigned long)p, 64));
	KT_EXPECT(ksize(p) >= 64);
	kfree(p);
	z = kzalloc(300, GFP_KERNEL);
	KT_EXPECT(z && !memchr_inv(z, 0, 300));
	kfree(z);
	z = kcalloc(SIZE_MAX / 2, 4, GFP_KERNEL);	/* overflows: NULL */
	KT_EXPECT(z == NULL);
	p = vzalloc(3 * PAGE_SIZE);
	KT_EXPECT(p && is_vmalloc_addr(p) && is_vmalloc_addr(p + 2 * PAGE_SIZE));
	KT_EXPECT(!is_vmalloc_addr(&z));
	kvfree(p);
	p = kvmalloc(128, GFP_KERNEL);
	KT_EXPECT(p && !is_vmalloc_addr(p));
	kvfree(p);
}

void kt_krealloc_growth(void)
{
	/* __GFP_ZERO on every call from the first one, as krealloc requires. */
	char *p = kzalloc(16, GFP_KERNEL), *q;

	memcpy(p, "0123456789abcde", 16);
	q = krealloc(p, 4096, GFP_KERNEL | __GFP_ZERO);
	KT_EXPECT(q != NULL);
	KT_EXPECT(!memcmp(q, "0123456789abcde", 16));
	KT_EXPECT(!memchr_inv(q + 16, 0, 4096 - 16));	/* __GFP_ZERO growth */
	p = krealloc(q, 8, GFP_KERNEL);	/* shrinking keeps the object */
	KT_EXPECT(p == q);
	q = krealloc(p, 0, GFP_KERNEL);	/* size 0 frees */
	KT_EXPECT(q == ZERO_SIZE_PTR);
	p = krealloc(NULL, 32, GFP_KERNEL);	/* NULL allocates */
	KT_EXPECT(p != NULL);
	kfree(p);
}

struct kt_obj {
	int magic;
	char pad[60];
};

static void kt_obj_ctor(void *p)
{
	((struct kt_obj *)p)->magic = 0x5a5a;
}

void kt_kmem_cache(void)
{
	struct kmem_cache *c = kmem_cache_create("kt_obj", sizeof(struct kt_obj),
						 0, SLAB_HWCACHE_ALIGN, kt_obj_ctor);
	struct kt_obj *a, *b;

	KT_EXPECT(c != NULL);
	a = kmem_cache_alloc(c, GFP_KERNEL);
	b = kmem_cache_alloc(c, GFP_KERNEL);
	KT_EXPECT(a && b && a != b);
	KT_EXPECT(a->magic == 0x5a5a && b->magic == 0x5a5a);
	KT_EXPECT(IS_ALIGNED((unsigned long)a, L1_CACHE_BYTES));
	kmem_cache_free(c, a);
	kmem_cache_free(c, b);
	kmem_cache_destroy(c);
}

static int devres_trace[4];
static int devres_n;

static void devres_action(void *data)
{
	devres_trace[devres_n++] = (int)(long)data;
}

void kt_devres_order(void)
{
	struct device dev = {};
	char *p;

	devres_n = 0;
	p = devm_kzalloc(&dev, 100, GFP_KERNEL);
	KT_EXPECT(p && p[99] == 0);
	KT_EXPECT(devm_add_action(&dev, devres_action, (void *)1L) == 0);
	KT_EXPECT(devm_add_action(&dev, devres_action, (void *)2L) == 0);
	devm_kfree(&dev, p);
	KT_EXPECT(devm_kmalloc(&dev, 10, GFP_KERNEL) != NULL);
	kenv_devres_release_all(&dev);
	/* Released in reverse order of acquisition. */
	KT_EXPECT(devres_n == 2 && devres_trace[0] == 2 && devres_trace[1] == 1);
	KT_EXPECT(list_empty(&dev.devres_head));
}

static DEFINE_PER_CPU(int, kt_pcpu) = 5;

void kt_percpu_area(void)
{
	/* The driver thread reads its own copy of the per-cpu section. */
	KT_EXPECT(this_cpu_read(kt_pcpu) == 5);
	this_cpu_write(kt_pcpu, 9);
	KT_EXPECT(this_cpu_read(kt_pcpu) == 9);
	KT_EXPECT(*(int *)&kt_pcpu == 5);	/* the template is untouched */
	KT_EXPECT(this_cpu_ptr(&kt_pcpu) != (void *)&kt_pcpu);
	KT_EXPECT(*this_cpu_ptr(&kt_pcpu) == 9);
	KT_EXPECT(smp_processor_id() == 0);
	KT_EXPECT(current != NULL && !strcmp(current->comm, "kenv-test"));
	KT_EXPECT(preempt_count() == 0);
	preempt_disable();
	KT_EXPECT(preempt_count() == 1);
	preempt_enable();
	this_cpu_write(kt_pcpu, 5);
}

void kt_printf_formats(void)
{
	static const u8 mac[ETH_ALEN] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	static const u8 ip[4] = { 192, 0, 2, 1 };
	char buf[64];
	int n;

	snprintf(buf, sizeof(buf), "%pM", mac);
	KT_EXPECT(!strcmp(buf, "52:54:00:12:34:56"));
	snprintf(buf, sizeof(buf), "%pm|%pI4|%*ph", mac, ip, 3, mac);
	KT_EXPECT(!strcmp(buf, "525400123456|192.0.2.1|52 54 00"));
	snprintf(buf, sizeof(buf), "%pe %pe", ERR_PTR(-EINVAL), ERR_PTR(-1000));
	KT_EXPECT(!strcmp(buf, "-EINVAL -1000"));
	snprintf(buf, sizeof(buf), "[%5d|%-4x|%04X|%#x|%+d|%.3s|%c|%lld|%zu]",
		 -42, 0xab, 0xbeef, 0x10, 7, "abcdef", 'q', -1LL << 40, (size_t)3);
	KT_EXPECT(!strcmp(buf, "[  -42|ab  |BEEF|0x10|+7|abc|q|-1099511627776|3]"));
	n = snprintf(buf, 8, "%s", "0123456789");
	KT_EXPECT(n == 10 && !strcmp(buf, "0123456"));
	n = scnprintf(buf, 8, "%s", "0123456789");
	KT_EXPECT(n == 7);
	KT_EXPECT(scnprintf(buf, 0, "x") == 0);
	snprintf(buf, sizeof(buf), "%s|%hhu|%hd", (char *)NULL, 300, 70000);
	KT_EXPECT(!strcmp(buf, "(null)|44|4464"));
}

void kt_log_levels(void)
{
	struct device dev = { .init_name = "0000:00:03.0" };
	struct device_driver drv = { .name = "ktdrv" };

	dev.driver = &drv;
	pr_err("kt: error %d\n", 3);
	pr_info("kt: info\n");
	dev_warn(&dev, "warned %s\n", "here");
	printk("kt: default level\n");
}

static int kt_param = 7;
module_param(kt_param, int, 0444);
static int kt_arr[4];
static unsigned int kt_arr_num;
module_param_array(kt_arr, int, &kt_arr_num, 0444);
static bool kt_flag;
module_param(kt_flag, bool, 0444);

void kt_params(void)
{
	KT_EXPECT(kenv_param_set("kenv_test.kt_param", "42") == 0);
	KT_EXPECT(kt_param == 42);
	KT_EXPECT(kenv_param_set("kt_param", "0x10") == 0);
	KT_EXPECT(kt_param == 16);
	KT_EXPECT(kenv_param_set("kt_param", "12abc") == -EINVAL);
	KT_EXPECT(kt_param == 16);
	KT_EXPECT(kenv_param_set("kt_param", "99999999999") == -ERANGE);
	KT_EXPECT(kenv_param_set("no_such_param", "1") == -ENOENT);
	KT_EXPECT(kenv_param_set("kt_arr", "1,-2,3") == 0);
	KT_EXPECT(kt_arr_num == 3 && kt_arr[0] == 1 && kt_arr[1] == -2 && kt_arr[2] == 3);
	KT_EXPECT(kenv_param_set("kt_arr", "1,2,3,4,5") == -EINVAL);
	KT_EXPECT(kenv_param_set("kt_flag", NULL) == 0 && kt_flag);
	KT_EXPECT(kenv_param_set("kt_flag", "n") == 0 && !kt_flag);
}

/* One WARN_ON_ONCE site (a loop could be unrolled into several sites). */
static noinline void kt_warn_once_site(void)
{
	WARN_ON_ONCE(kt_param != -12345);
}

int kt_warn_on(void)
{
	WARN_ON(kt_param != -12345);
	kt_warn_once_site();
	kt_warn_once_site();
	kt_warn_once_site();
	return 1;
}

void kt_bug(void)
{
	BUG_ON(kt_param != -12345);
}

void kt_sleep_in_atomic(void)
{
	DEFINE_SPINLOCK(lock);
	void *p;

	spin_lock(&lock);
	p = kmalloc(8, GFP_KERNEL);	/* may sleep: reported */
	spin_unlock(&lock);
	kfree(p);
}

void kt_spin_recursion(void)
{
	DEFINE_SPINLOCK(lock);

	spin_lock(&lock);
	spin_lock(&lock);
}

void kt_strings_and_numbers(void)
{
	char buf[8];
	unsigned long ul;
	int i;

	KT_EXPECT(strscpy(buf, "abc", sizeof(buf)) == 3 && !strcmp(buf, "abc"));
	KT_EXPECT(strscpy(buf, "0123456789", sizeof(buf)) == -E2BIG);
	KT_EXPECT(!strcmp(buf, "0123456"));
	KT_EXPECT(kstrtoul("0x1f\n", 0, &ul) == 0 && ul == 31);
	KT_EXPECT(kstrtoint("-017", 0, &i) == 0 && i == -15);
	KT_EXPECT(kstrtoint(" 1", 10, &i) == -EINVAL);
	KT_EXPECT(isxdigit('F') && !isxdigit('g') && isupper('Q') && isspace('\t'));
	KT_EXPECT(bitrev8(0x01) == 0x80 && bitrev8(0x35) == 0xac);
	KT_EXPECT(crc32_le(~0, (const u8 *)"123456789", 9) == 0x340bc6d9);
	KT_EXPECT(find_next_bit((unsigned long[]){ 0x100, 0x1 }, 128, 9) == 64);
}

/* Fiber cases: events are recorded with the clock by the C++ side. */
void kt_msleep(void *ms)
{
	unsigned long j0 = jiffies;

	ktest_event("msleep:start");
	msleep((unsigned int)(long)ms);
	ktest_event("msleep:end");
	KT_EXPECT(time_after_eq(jiffies, j0 + msecs_to_jiffies((long)ms)));
}

void kt_usleep_range(void *unused)
{
	ktest_event("usleep:start");
	usleep_range(100, 200);
	ktest_event("usleep:end");
}

static DEFINE_MUTEX(kt_mutex);

void kt_mutex_holder(void *unused)
{
	mutex_lock(&kt_mutex);
	ktest_event("holder:locked");
	msleep(10);
	ktest_event("holder:unlock");
	mutex_unlock(&kt_mutex);
}

void kt_mutex_waiter(void *unused)
{
	ktest_event("waiter:trying");
	mutex_lock(&kt_mutex);
	ktest_event("waiter:locked");
	KT_EXPECT(mutex_is_locked(&kt_mutex));
	mutex_unlock(&kt_mutex);
	KT_EXPECT(!mutex_is_locked(&kt_mutex));
}

static struct timer_list kt_timer;
static int kt_timer_fired;

static void kt_timer_fn(struct timer_list *t)
{
	KT_EXPECT(t == &kt_timer);
	KT_EXPECT(in_softirq());
	KT_EXPECT(!timer_pending(t));
	kt_timer_fired++;
	ktest_event("timer:fired");
}

static struct work_struct kt_work;
static struct delayed_work kt_dwork;
static struct delayed_work kt_dwork_cancelled;
static int kt_work_runs;

static void kt_work_fn(struct work_struct *w)
{
	KT_EXPECT(!in_softirq());
	kt_work_runs++;
	ktest_event("work:run");
	msleep(4);		/* work may sleep */
	ktest_event("work:done");
}

static void kt_dwork_fn(struct work_struct *w)
{
	ktest_event("dwork:run");
}

static void kt_dwork_never(struct work_struct *w)
{
	KT_EXPECT(!"a cancelled delayed work ran");
}

void kt_timer_case(void *unused)
{
	timer_setup(&kt_timer, kt_timer_fn, 0);
	KT_EXPECT(!timer_pending(&kt_timer));
	KT_EXPECT(mod_timer(&kt_timer, jiffies + 100) == 0);
	KT_EXPECT(timer_pending(&kt_timer));
	KT_EXPECT(mod_timer(&kt_timer, jiffies + 5) == 1);	/* re-armed earlier */
	msleep(40);
	KT_EXPECT(kt_timer_fired == 1);
	KT_EXPECT(del_timer_sync(&kt_timer) == 0);
	mod_timer(&kt_timer, jiffies + 1);
	KT_EXPECT(del_timer(&kt_timer) == 1);
	msleep(20);
	KT_EXPECT(kt_timer_fired == 1);
}

void kt_work_case(void *unused)
{
	INIT_WORK(&kt_work, kt_work_fn);
	INIT_DELAYED_WORK(&kt_dwork, kt_dwork_fn);
	INIT_DELAYED_WORK(&kt_dwork_cancelled, kt_dwork_never);
	KT_EXPECT(schedule_work(&kt_work));
	KT_EXPECT(!schedule_work(&kt_work));	/* already pending */
	KT_EXPECT(work_pending(&kt_work));
	KT_EXPECT(schedule_delayed_work(&kt_dwork, 10));
	KT_EXPECT(schedule_delayed_work(&kt_dwork_cancelled, 5));
	KT_EXPECT(cancel_delayed_work_sync(&kt_dwork_cancelled));
	ktest_event("work:flush");
	flush_work(&kt_work);	/* waits for the sleeping work item */
	ktest_event("work:flushed");
	KT_EXPECT(kt_work_runs == 1 && !work_pending(&kt_work));
	KT_EXPECT(!cancel_work_sync(&kt_work));
	flush_delayed_work(&kt_dwork);
	ktest_event("dwork:flushed");
}

static struct completion kt_done;
static long kt_completion_result;

void kt_reset_shared(void)
{
	init_completion(&kt_done);
	kt_completion_result = -1;
	kt_timer_fired = 0;
	kt_work_runs = 0;
}

void kt_completion_waiter(void *timeout)
{
	kt_completion_result = wait_for_completion_timeout(&kt_done, (long)timeout);
	ktest_event(kt_completion_result ? "completion:done" : "completion:timeout");
}

void kt_completion_completer(void *delay_ms)
{
	msleep((long)delay_ms);
	complete(&kt_done);
	KT_EXPECT(completion_done(&kt_done));
}

static DECLARE_WAIT_QUEUE_HEAD(kt_wq);
static int kt_condition;

void kt_waitqueue_waiter(void *unused)
{
	long left;

	kt_condition = 0;
	left = wait_event_timeout(kt_wq, kt_condition == 2, HZ);
	KT_EXPECT(left > 0 && kt_condition == 2);
	ktest_event("wq:woken");
}

void kt_waitqueue_waker(void *unused)
{
	msleep(8);
	kt_condition = 1;	/* a wake-up with the condition still false */
	wake_up(&kt_wq);
	msleep(8);
	kt_condition = 2;
	ktest_event("wq:wake");
	wake_up(&kt_wq);
}

static struct tasklet_struct kt_tasklet;
static int kt_tasklet_runs;

static void kt_tasklet_fn(struct tasklet_struct *t)
{
	KT_EXPECT(t == &kt_tasklet);
	KT_EXPECT(in_softirq());
	kt_tasklet_runs++;
	ktest_event("tasklet:run");
}

struct kt_rcu_obj {
	int value;
	struct rcu_head rcu;
};

static int kt_rcu_freed;

static void kt_rcu_free(struct rcu_head *head)
{
	kfree(container_of(head, struct kt_rcu_obj, rcu));
	kt_rcu_freed++;
	ktest_event("rcu:callback");
}

void kt_deferred_case(void *unused)
{
	struct kt_rcu_obj *obj = kzalloc(sizeof(*obj), GFP_KERNEL);

	kt_tasklet_runs = 0;
	kt_rcu_freed = 0;
	tasklet_setup(&kt_tasklet, kt_tasklet_fn);
	tasklet_schedule(&kt_tasklet);
	tasklet_schedule(&kt_tasklet);	/* already scheduled: runs once */
	KT_EXPECT(kt_tasklet_runs == 0);	/* deferred, not called inline */
	tasklet_kill(&kt_tasklet);
	KT_EXPECT(kt_tasklet_runs == 1);

	rcu_read_lock();
	KT_EXPECT(current->rcu_read_lock_nesting == 1);
	rcu_read_unlock();
	call_rcu(&obj->rcu, kt_rcu_free);
	KT_EXPECT(kt_rcu_freed == 0);	/* after a grace period, not now */
	rcu_barrier();
	KT_EXPECT(kt_rcu_freed == 1);
	ktest_event("deferred:done");
}
