/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rt.h - what the generated per-type walkers of the round-trip test and the
 * test's host side share.
 *
 * Two worlds meet here: the walkers over the driver's own structs are kernel
 * C (built with kenv's recipe against the real kernel headers, so layouts are
 * the driver's), the walkers over the mirror structs and everything else are
 * host C++. They talk only through these tables of callbacks, so the kernel
 * objects never reference a host symbol and the host never sees a kernel
 * header.
 */
#ifndef SPLIT_DRIVER_ROUNDTRIP_RT_H
#define SPLIT_DRIVER_ROUNDTRIP_RT_H

#include "cpn_port.h"

#ifdef __cplusplus
extern "C" {
#endif

struct sdm_type;

/* A field's direction as bits: a message toward a side carries the field
 * when its bit is set (both = 3); nested fields cross only where every
 * enclosing member does too.
 */
enum { RT_TO_USER = 1, RT_TO_KERNEL = 2, RT_BOTH = 3 };
/* RT_WORK: a work item's handler, never NULL when filled (a work item nobody
 * initialised keeps the receiver's own handler, by design: test_inplace). */
enum { RT_FUNCTION = 0, RT_GLOBAL = 1, RT_WORK = 2 };

struct rt_fill;
struct rt_fill_ops {
	uint64_t (*scalar)(struct rt_fill *g);
	/* The value of a field that gives a sibling's element count. */
	uint32_t (*length)(struct rt_fill *g);
	/* NULL, a new object (filled later) or one the graph already has. */
	void *(*ref)(struct rt_fill *g, int type, uint32_t count);
	/* An object at a place its owner computes (netdev_priv): fill it too. */
	void (*adopt)(struct rt_fill *g, int type, void *obj);
	/* An embedded struct of an interior type: refs may point at it. */
	void (*embedded)(struct rt_fill *g, int type, void *obj);
	char *(*string)(struct rt_fill *g);
	uint8_t *(*bytes)(struct rt_fill *g, uint32_t len);
	void *(*region)(struct rt_fill *g);
	const void *(*symbol)(struct rt_fill *g, int kind);
};
struct rt_fill {
	const struct rt_fill_ops *ops;
};

/* @dir: the field's own direction bits; @idx: element index or -1. */
struct rt_dump;
struct rt_dump_ops {
	void (*scalar)(struct rt_dump *d, const char *name, int idx, unsigned dir, uint64_t v);
	void (*list)(struct rt_dump *d, const char *name, unsigned dir, uint32_t n);
	void (*enter)(struct rt_dump *d, const char *name, int idx, unsigned dir);
	void (*leave)(struct rt_dump *d);
	void (*ref)(struct rt_dump *d, const char *name, unsigned dir, const void *p, int type,
		    uint32_t count);
	void (*string)(struct rt_dump *d, const char *name, unsigned dir, const char *s);
	void (*bytes)(struct rt_dump *d, const char *name, unsigned dir, const uint8_t *p,
		      uint32_t len);
	void (*region)(struct rt_dump *d, const char *name, unsigned dir, const void *p);
	void (*symbol)(struct rt_dump *d, const char *name, unsigned dir, const void *p, int kind);
};
struct rt_dump {
	const struct rt_dump_ops *ops;
};

/* One described type in one world; index = the type's place in the description. */
struct rt_type {
	const char *name;
	const struct sdm_type *sdm;
	uint32_t size;
	uint32_t alloc_size;	/* bytes of one allocation when larger than size */
	int interior;
	void (*fill)(struct rt_fill *g, void *obj);	/* the driver's structs only */
	void (*dump)(struct rt_dump *d, const void *obj);
};

struct rt_world {
	const char *driver;
	const struct rt_type *types;
	uint32_t ntypes;
	/* What a context of this world may receive (NULL-terminated). */
	const struct sdm_type *const *codec_types;
};

/* Generated: the driver's structs (kernel C) and the mirrors (C++). */
extern const struct rt_world rt_real;
extern const struct rt_world rt_mirror;

/* Scalars widened as the description types them, the same in both worlds. */
#define RT_W_bool(v) ((uint64_t)!!(v))
#define RT_W_u8(v) ((uint64_t)(uint8_t)(v))
#define RT_W_u16(v) ((uint64_t)(uint16_t)(v))
#define RT_W_u32(v) ((uint64_t)(uint32_t)(v))
#define RT_W_u64(v) ((uint64_t)(v))
#define RT_W_i8(v) ((uint64_t)(int64_t)(int8_t)(v))
#define RT_W_i16(v) ((uint64_t)(int64_t)(int16_t)(v))
#define RT_W_i32(v) ((uint64_t)(int64_t)(int32_t)(v))
#define RT_W_i64(v) ((uint64_t)(int64_t)(v))

#ifdef __cplusplus
}
#endif

#endif
