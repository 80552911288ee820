// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_marshal.c - libFuzzer target of the kernel-side decoder.
 *
 * Arbitrary bytes go through the struct decoder (Everything, the schema's
 * widest struct) and the envelope decoder with a live object tracker. When
 * a decode succeeds, re-encoding must succeed and be a fixed point: encode,
 * decode, encode again gives the same bytes.
 */
#include <stdlib.h>

#include "mtest_sdm.h"

#define MAX_OBJS 64
#define ARENA (256 * 1024)
#define BUF (512 * 1024)

static uint64_t ctx_mem[(MAX_OBJS * 32 + 1024 + ARENA) / 8 + 64];
static uint64_t trk_mem[16384];
static uint8_t buf1[BUF], buf2[BUF];

static void *fz_alloc(void *arg, size_t n)
{
	(void)arg;
	return calloc(1, n);
}

static void fz_release(void *arg, void *p)
{
	(void)arg;
	free(p);
}

static struct sdm_ctx *fresh_ctx(struct sdt_tracker *t)
{
	static struct sdm_ctx ctx;

	if (sdm_ctx_init(&ctx, ctx_mem, sizeof(ctx_mem), MAX_OBJS, t, mt_types,
			 MT_NTYPES))
		__builtin_trap();
	return &ctx;
}

static void fuzz_struct(const uint8_t *data, size_t size)
{
	struct mt_Everything e, e2;
	struct sdm_ctx *ctx = fresh_ctx(NULL);
	size_t n1, n2;

	if (sdm_decode_struct(ctx, &mt_Everything_type, data, size, &e))
		return;
	n1 = sdm_encode_struct(ctx, &mt_Everything_type, &e, buf1, BUF);
	if (!n1) {
		if (ctx->error != -EMSGSIZE && ctx->error != -ENOMEM)
			__builtin_trap();
		return;
	}
	/* e is dead once encoded: its arena space is e2's. */
	sdm_ctx_reset(ctx);
	if (sdm_decode_struct(ctx, &mt_Everything_type, buf1, n1, &e2))
		__builtin_trap();
	n2 = sdm_encode_struct(ctx, &mt_Everything_type, &e2, buf2, BUF);
	if (n1 != n2 || memcmp(buf1, buf2, n1))
		__builtin_trap();
}

static void fuzz_envelope(const uint8_t *data, size_t size)
{
	static const struct sdt_ops ops = { fz_alloc, fz_release, NULL, NULL };
	struct sdm_root roots[8];
	struct sdt_tracker t;
	uint32_t nroots;

	if (sdt_init(&t, trk_mem, sizeof(trk_mem), 256, &ops))
		__builtin_trap();
	sdm_decode(fresh_ctx(&t), data, size, roots, 8, &nroots);
	sdt_destroy(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_struct(data, size);
	fuzz_envelope(data, size);
	return 0;
}
