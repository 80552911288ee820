/* SPDX-License-Identifier: MIT */
/*
 * example_driver.h - "linkmon", a small driver written directly against the
 * Dingo C API: on probe it reads the PHY status register through a
 * downcall, reports the carrier, then follows link interrupts and a polling
 * timer until the device is removed.
 */
#ifndef DINGO_TEST_EXAMPLE_DRIVER_H
#define DINGO_TEST_EXAMPLE_DRIVER_H

#include <stdint.h>

#include "dingo/dingo.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LINKMON_REG_STATUS 0x01u
#define LINKMON_STATUS_LINK 0x04u

struct linkmon_reg_read {
	uint32_t reg;
};

struct linkmon_reg_value {
	uint32_t reg;
	uint32_t value;
};

struct linkmon_carrier {
	uint32_t on;
};

struct linkmon {
	struct dingo_rt *rt;
	struct dingo_event *probe;     /* in: the kernel binds the device */
	struct dingo_event *irq;       /* in: link-change interrupt */
	struct dingo_event *remove;    /* in: the kernel unbinds it */
	struct dingo_event *reg_read;  /* out: downcall reading a register */
	struct dingo_event *reg_value; /* in: its reply */
	struct dingo_event *carrier;   /* out: netif_carrier_on/off */
	struct dingo_event *poll_tick; /* local: the polling timer */
	uint64_t poll_period_ns;
	unsigned int polls;
	unsigned int reads;
};

struct linkmon *linkmon_create(struct dingo_rt *rt, uint64_t poll_period_ns);
void linkmon_destroy(struct linkmon *lm);

#ifdef __cplusplus
}
#endif

#endif
