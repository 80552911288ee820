// SPDX-License-Identifier: MIT
/*
 * hostu's user half, kernel-recipe C on kenv and udrv_host: what a split
 * driver's user-side code does in its probe (sleep, a work item that calls
 * into the kernel, a DMA buffer it fills), answering hostk.ko's upcalls.
 */
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <udrv/host.h>
#include "hostk.h"

int hostu_upcall(void *arg, unsigned int func, const void *req,
		 unsigned long len, void *reply, unsigned long cap,
		 unsigned long *reply_len);

struct hostu_work {
	struct work_struct work;
	u32 seed;
	int status;
	u32 value;
	bool saw_itself;
};

static void hostu_work_fn(struct work_struct *work)
{
	struct hostu_work *w = container_of(work, struct hostu_work, work);
	unsigned long len = 0;

	w->saw_itself = current_work() == work;
	w->status = udrv_host_downcall(HOSTK_DOWN_NESTED, &w->seed,
				       sizeof(w->seed), &w->value,
				       sizeof(w->value), &len);
	if (!w->status && len != sizeof(w->value))
		w->status = -EBADMSG;
}

static int hostu_probe(u32 seed, struct hostk_probe_reply *r)
{
	struct hostu_work w = { .seed = seed };
	unsigned long long size, bus;
	unsigned int index;
	ktime_t start;
	u8 *dma;
	void *base;
	int ret, i;

	start = ktime_get();
	msleep(HOSTK_SLEEP_MS);
	r->slept_ms = ktime_ms_delta(ktime_get(), start);

	INIT_WORK_ONSTACK(&w.work, hostu_work_fn);
	schedule_work(&w.work);
	flush_work(&w.work);
	destroy_work_on_stack(&w.work);
	r->work_status = w.status;
	r->work_value = w.value;
	r->work_saw_itself = w.saw_itself;

	ret = udrv_host_dma_alloc(HOSTK_DMA_BYTES, &index, &base, &bus);
	if (ret)
		return ret;
	ret = udrv_host_map_region(index, &base, &size);
	if (ret)
		return ret;
	if (size < HOSTK_DMA_BYTES)
		return -ERANGE;
	dma = base;
	for (i = 0; i < HOSTK_DMA_BYTES; i++)
		dma[i] = hostk_pattern(seed, i);
	r->dma_index = index;
	r->dma_bus = bus;
	return 0;
}

int hostu_upcall(void *arg, unsigned int func, const void *req,
		 unsigned long len, void *reply, unsigned long cap,
		 unsigned long *reply_len)
{
	u32 v = 0;

	if (len >= sizeof(v))
		memcpy(&v, req, sizeof(v));
	switch (func) {
	case HOSTK_UP_PROBE: {
		struct hostk_probe_reply r = { };
		int ret;

		if (cap < sizeof(r))
			return -EMSGSIZE;
		ret = hostu_probe(v, &r);
		memcpy(reply, &r, sizeof(r));
		*reply_len = sizeof(r);
		return ret;
	}
	case HOSTK_UP_NESTED:
		v *= 3;
		memcpy(reply, &v, sizeof(v));
		*reply_len = sizeof(v);
		return 0;
	case HOSTK_UP_HANG:
		msleep(60000);
		return 0;
	}
	return -EOPNOTSUPP;
}
