/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract between hostk.ko (a small kernel half) and hostu (a user
 * half of kernel-recipe C on udrv_host): function ids and payloads.
 */
#ifndef HOSTK_H
#define HOSTK_H

/* Upcalls. */
#define HOSTK_UP_PROBE	0	/* u32 seed -> struct hostk_probe_reply */
#define HOSTK_UP_NESTED	1	/* u32 v -> u32 v * 3 */
#define HOSTK_UP_HANG	2	/* sleeps a minute */

/* Downcalls. */
#define HOSTK_DOWN_NESTED 0	/* u32 v -> u32 (upcall NESTED(v)) + 1 */

#define HOSTK_SLEEP_MS	20
#define HOSTK_DMA_BYTES	8192

struct hostk_probe_reply {
	unsigned int slept_ms;		/* measured around msleep(HOSTK_SLEEP_MS) */
	int work_status;		/* the work item's downcall */
	unsigned int work_value;	/* its reply: seed * 3 + 1 */
	unsigned int work_saw_itself;	/* current_work() in the work item */
	unsigned int dma_index;		/* region written with hostk_pattern() */
	unsigned int pad;
	unsigned long long dma_bus;
};

static inline unsigned char hostk_pattern(unsigned int seed, unsigned int i)
{
	return (unsigned char)(i * 7 + seed);
}

#endif
