/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kstub_test.h - the test protocol between kstub_test.ko (a kernel half
 * built on udrv) and kstub_client (a user half built on the channel
 * client). Fixed little structs stand in for marshal/'s Cap'n Proto.
 */
#ifndef KSTUB_TEST_H
#define KSTUB_TEST_H

#include <linux/types.h>

/* Downcalls: kstub_test.ko's allowlist, by function id. */
enum kstub_downcall {
	KSTUB_DC_NOP,		/* empty -> empty */
	KSTUB_DC_ECHO,		/* bytes -> the same bytes */
	KSTUB_DC_OBJ_NEW,	/* kstub_obj_new -> __u64 handle */
	KSTUB_DC_OBJ_FREE,	/* kstub_obj_ref -> empty */
	KSTUB_DC_OBJ_WRITE,	/* kstub_obj_io + data -> empty (type A) */
	KSTUB_DC_OBJ_READ,	/* kstub_obj_io -> data (type A) */
	KSTUB_DC_NESTED,	/* kstub_nested -> __u64 SQUARE(...) + 1 */
	KSTUB_DC_REGION_CHECK,	/* kstub_region_check -> __u32 first word */
	KSTUB_DC_NOTIFY,	/* kstub_notify -> empty, after n NOTE notifications */
	KSTUB_DC_LOCATE,	/* kstub_region_ref -> kstub_region_ref */
	KSTUB_DC_BAD_NESTED,	/* NESTED wrongly not marked UDRV_DC_MAY_UPCALL */
	KSTUB_DC_COUNT,
};

/* Upcalls and notifications: functions of the user half. */
enum kstub_upcall {
	KSTUB_UP_MIX = 1,	/* kstub_mix_req -> kstub_mix_resp */
	KSTUB_UP_SQUARE = 2,	/* kstub_nested -> __u64 (see there) */
	KSTUB_UP_NOP = 3,	/* empty -> empty */
	KSTUB_UP_HANG = 4,	/* never answered */
	KSTUB_NOTE = 5,		/* notification: __u32 sequence number, padding */
};

#define KSTUB_OBJ_A	1	/* has a KSTUB_OBJ_SIZE data buffer */
#define KSTUB_OBJ_B	2	/* another type */
#define KSTUB_OBJ_SIZE	64
#define KSTUB_MIX_MAX	1000

struct kstub_obj_new {
	__u32 type;
	__u32 pad;
};

struct kstub_obj_ref {
	__u64 handle;
	__u32 type;
	__u32 pad;
};

struct kstub_obj_io {
	__u64 handle;
	__u64 off;
	__u32 len;
	__u32 pad;
	/* OBJ_WRITE: len bytes follow */
};

struct kstub_mix_req {
	__u64 a;
	__u64 b;
	__u32 n;
	__u32 pad;
	/* n bytes follow */
};

struct kstub_mix_resp {
	__u64 r;		/* a * 31 + b */
	/* the n bytes, reversed */
};

/*
 * NESTED(x, d) upcalls SQUARE(x, d) and adds 1; SQUARE(x, 0) = x * x, and
 * SQUARE(x, d) = NESTED(x, d - 1) by a downcall from the upcall handler.
 * So NESTED(x, d) = x * x + d + 1, d + 1 downcall/upcall pairs deep.
 */
struct kstub_nested {
	__u64 x;
	__u32 depth;
	__u32 pad;
};

struct kstub_notify {
	__u32 n;		/* notifications */
	__u32 len;		/* payload bytes of each (4 .. 4096) */
};

struct kstub_region_check {
	__u32 index;
	__u32 kind;		/* UDRV_REGION_BAR or UDRV_REGION_DMA */
	__u64 off;
	__u32 words;		/* 32-bit words to compare */
	__u32 seed;		/* word i must be kstub_pattern(seed, i) */
};

struct kstub_region_ref {
	__u32 index;
	__u32 pad;
	__u64 off;
};

static inline __u32 kstub_pattern(__u32 seed, __u32 i)
{
	return (seed ^ 0x5a5a0000u) + i * 0x01000193u;
}

#endif /* KSTUB_TEST_H */
