// SPDX-License-Identifier: MIT
/*
 * linkmon: sequential driver code with no stack ripping. The probe handler
 * runs in a fiber for the device's whole life; CALL and AWAIT suspend it and
 * let other events be served meanwhile.
 */
#include "example_driver.h"

#include <stdlib.h>

static int linkmon_read_link(struct linkmon *lm)
{
	struct linkmon_reg_read req = { .reg = LINKMON_REG_STATUS };
	struct linkmon_reg_value reply;

	CALL(lm->rt, lm->reg_read, &req, lm->reg_value, &reply);
	lm->reads++;
	return (reply.value & LINKMON_STATUS_LINK) != 0;
}

static void linkmon_report(struct linkmon *lm, int on)
{
	struct linkmon_carrier c = { .on = (uint32_t)on };

	EMIT(lm->carrier, &c);
}

static void linkmon_probe(struct dingo_rt *rt, void *ctx, const void *msg)
{
	struct linkmon *lm = ctx;
	int link = linkmon_read_link(lm);
	int bound = 1;
	uint64_t timer;

	(void)msg;
	linkmon_report(lm, link);
	timer = dingo_timer_emit(rt, lm->poll_tick, dingo_now(rt) + lm->poll_period_ns);
	while (bound) {
		AWAIT(rt) {
			IF(lm->irq, NULL) {
				int now = linkmon_read_link(lm);

				if (now != link)
					linkmon_report(lm, now);
				link = now;
			} ELIF(lm->poll_tick, NULL) {
				lm->polls++;
				timer = dingo_timer_emit(rt, lm->poll_tick,
							 dingo_now(rt) + lm->poll_period_ns);
			} ELIF(lm->remove, NULL) {
				bound = 0;
			}
		}
	}
	dingo_timer_cancel(rt, timer);
	if (link)
		linkmon_report(lm, 0);
}

struct linkmon *linkmon_create(struct dingo_rt *rt, uint64_t poll_period_ns)
{
	struct linkmon *lm = calloc(1, sizeof(*lm));

	if (!lm)
		return NULL;
	lm->rt = rt;
	lm->poll_period_ns = poll_period_ns;
	lm->probe = dingo_event_new(rt, "probe", 0, DINGO_IN);
	lm->irq = dingo_event_new(rt, "irq", 0, DINGO_IN);
	lm->remove = dingo_event_new(rt, "remove", 0, DINGO_IN);
	lm->reg_read = dingo_event_new(rt, "reg_read", sizeof(struct linkmon_reg_read), DINGO_OUT);
	lm->reg_value = dingo_event_new(rt, "reg_value", sizeof(struct linkmon_reg_value), DINGO_IN);
	lm->carrier = dingo_event_new(rt, "carrier", sizeof(struct linkmon_carrier), DINGO_OUT);
	lm->poll_tick = dingo_event_new(rt, "poll_tick", 0, DINGO_LOCAL);
	dingo_on(lm->probe, DINGO_FIBER, linkmon_probe, lm);
	return lm;
}

void linkmon_destroy(struct linkmon *lm)
{
	dingo_event_free(lm->probe);
	dingo_event_free(lm->irq);
	dingo_event_free(lm->remove);
	dingo_event_free(lm->reg_read);
	dingo_event_free(lm->reg_value);
	dingo_event_free(lm->carrier);
	dingo_event_free(lm->poll_tick);
	free(lm);
}
