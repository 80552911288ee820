/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cpn_port.h - the only place the marshal runtime meets its environment.
 *
 * The runtime is built three ways: as kernel C under Kbuild (__KERNEL__),
 * as user-space C for unit tests and fuzzing, and included from C++. It uses
 * fixed-width integers, memcpy/memset/strlen and errno values, nothing else.
 */
#ifndef SPLIT_DRIVER_CPN_PORT_H
#define SPLIT_DRIVER_CPN_PORT_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/errno.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#endif

/* The wire format is little-endian; so are the only targets (x86-64). */
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the marshal runtime assumes a little-endian host"
#endif

static inline uint64_t cpn_load64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline void cpn_store64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, sizeof(v));
}

#endif
