// SPDX-License-Identifier: GPL-2.0
/*
 * marshal_selftest - runs the marshal runtime and the generated C codec of
 * mtest.capnp inside the kernel: the C codec must reproduce the committed
 * golden vector byte for byte, round-trip it, carry an object graph between
 * two trackers (cycle, alias, regions, update in place) and refuse corrupted
 * messages without faulting. Loading fails if any check fails.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "fixtures.h"
#include "mt_golden.h"

#define ST_MAX_OBJS 64
#define ST_ARENA (64 * 1024)
#define ST_BUF (16 * 1024)
#define ST_TRACKED 64
#define ST_BAR 0x4000

struct st_side {
	struct sdt_tracker tracker;
	void *mem;
	u8 *bar;
};

struct st_state {
	struct sdm_ctx ctx;
	void *ctx_mem;
	size_t ctx_bytes;
	u8 *buf;
	u8 *buf2;
	struct mt_Everything e;
	struct mt_graph_fixture g;
	struct st_side k;
	struct st_side u;
};

static int st_checks, st_failures;

#define ST_CHECK(cond)							\
	do {								\
		st_checks++;						\
		if (!(cond)) {						\
			st_failures++;					\
			pr_err("marshal_selftest: line %d: %s\n",	\
			       __LINE__, #cond);			\
		}							\
	} while (0)

static void *st_alloc(void *arg, size_t n)
{
	return kzalloc(n, GFP_KERNEL);
}

static void st_release(void *arg, void *p)
{
	kfree(p);
}

static const struct sdt_ops st_ops = {
	.alloc = st_alloc,
	.release = st_release,
};

static struct sdm_ctx *st_ctx(struct st_state *s, struct sdt_tracker *t)
{
	if (sdm_ctx_init(&s->ctx, s->ctx_mem, s->ctx_bytes, ST_MAX_OBJS, t,
			 mt_types, MT_NTYPES))
		return NULL;
	return &s->ctx;
}

static void st_golden(struct st_state *s)
{
	size_t n, n2;

	mt_fixture_everything(&s->e);
	n = sdm_encode_struct(st_ctx(s, NULL), &mt_Everything_type, &s->e,
			      s->buf, ST_BUF);
	ST_CHECK(n == sizeof(mt_golden_everything));
	ST_CHECK(!memcmp(s->buf, mt_golden_everything, n));

	ST_CHECK(!sdm_decode_struct(st_ctx(s, NULL), &mt_Everything_type,
				    mt_golden_everything,
				    sizeof(mt_golden_everything), &s->e));
	ST_CHECK(s->e.n_shapes == 4 && s->e.shapes[3].label &&
		 !strcmp(s->e.shapes[3].label, "label text"));
	ST_CHECK(s->e.scalars.f64 == 0xc00921fb54442d18ull);
	ST_CHECK(!s->e.missing_text && s->e.empty_text &&
		 !s->e.empty_text[0]);
	n2 = sdm_encode_struct(&s->ctx, &mt_Everything_type, &s->e, s->buf2,
			       ST_BUF);
	ST_CHECK(n2 == n && !memcmp(s->buf2, mt_golden_everything, n));
}

static int st_side_init(struct st_side *side)
{
	side->mem = kvzalloc(sdt_mem_bytes(ST_TRACKED), GFP_KERNEL);
	side->bar = kvzalloc(ST_BAR, GFP_KERNEL);
	if (!side->mem || !side->bar)
		return -ENOMEM;
	if (sdt_init(&side->tracker, side->mem, sdt_mem_bytes(ST_TRACKED),
		     ST_TRACKED, &st_ops))
		return -EINVAL;
	return sdt_add_region(&side->tracker, 0, (uintptr_t)side->bar, ST_BAR);
}

static void st_side_free(struct st_side *side)
{
	if (side->mem)
		sdt_destroy(&side->tracker);
	kvfree(side->bar);
	kvfree(side->mem);
}

static void st_graph(struct st_state *s)
{
	struct sdm_root root, got[2];
	struct mt_Device *udev;
	struct mt_Adapter *ad;
	u32 nroots = 0;
	size_t n;

	mt_fixture_graph(&s->g, s->k.bar);
	root.ptr = &s->g.dev;
	root.type = &mt_Device_type;
	root.count = 1;
	n = sdm_encode(st_ctx(s, &s->k.tracker), s->buf, ST_BUF, &root, 1,
		       NULL, 0);
	ST_CHECK(n > 0);
	ST_CHECK(!sdm_decode(st_ctx(s, &s->u.tracker), s->buf, n, got, 2,
			     &nroots));
	ST_CHECK(nroots == 1 && got[0].type == &mt_Device_type);
	if (nroots != 1)
		return;
	udev = got[0].ptr;
	ad = udev->priv;
	ST_CHECK(udev != &s->g.dev && udev->mtu == 1500);
	ST_CHECK(ad && ad->netdev == udev && ad->tx_ring == ad->rings);
	ST_CHECK(ad && ad->rings[2].owner == ad);
	ST_CHECK(ad && ad->hw_addr == s->u.bar + 0x100);
	ST_CHECK(!strcmp(udev->name, "eth7"));

	udev->mtu = 9000;
	root.ptr = udev;
	n = sdm_encode(st_ctx(s, &s->u.tracker), s->buf, ST_BUF, &root, 1,
		       NULL, 0);
	ST_CHECK(n > 0);
	ST_CHECK(!sdm_decode(st_ctx(s, &s->k.tracker), s->buf, n, got, 2,
			     &nroots));
	ST_CHECK(got[0].ptr == &s->g.dev && s->g.dev.mtu == 9000);
}

/* Every single-byte corruption of the golden vector decodes or is refused. */
static void st_corruption(struct st_state *s)
{
	size_t len = sizeof(mt_golden_everything), i;
	int refused = 0;

	for (i = 0; i < len; i++) {
		memcpy(s->buf, mt_golden_everything, len);
		s->buf[i] ^= 0xa5;
		if (sdm_decode_struct(st_ctx(s, NULL), &mt_Everything_type,
				      s->buf, len, &s->e))
			refused++;
		cond_resched();
	}
	pr_info("marshal_selftest: %d of %zu corrupted vectors refused\n",
		refused, len);
	ST_CHECK(refused > 0);
}

static int __init marshal_selftest_init(void)
{
	struct st_state *s;
	int err = -ENOMEM;

	s = kvzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	s->ctx_bytes = sdm_ctx_mem_bytes(ST_MAX_OBJS, ST_ARENA);
	s->ctx_mem = kvzalloc(s->ctx_bytes, GFP_KERNEL);
	s->buf = kvzalloc(ST_BUF, GFP_KERNEL);
	s->buf2 = kvzalloc(ST_BUF, GFP_KERNEL);
	if (!s->ctx_mem || !s->buf || !s->buf2)
		goto err_free;
	err = st_side_init(&s->k);
	if (!err)
		err = st_side_init(&s->u);
	if (err)
		goto err_sides;

	st_golden(s);
	st_graph(s);
	st_corruption(s);
	pr_info("marshal_selftest: %d checks, %d failed\n", st_checks,
		st_failures);
	err = st_failures ? -EINVAL : 0;

err_sides:
	st_side_free(&s->u);
	st_side_free(&s->k);
err_free:
	kvfree(s->buf2);
	kvfree(s->buf);
	kvfree(s->ctx_mem);
	kvfree(s);
	return err;
}

static void __exit marshal_selftest_exit(void)
{
}

module_init(marshal_selftest_init);
module_exit(marshal_selftest_exit);
MODULE_DESCRIPTION("split-driver marshal runtime self-test");
MODULE_LICENSE("GPL");
