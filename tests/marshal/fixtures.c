// SPDX-License-Identifier: GPL-2.0
/*
 * fixtures.c - fixed test objects of mtest.capnp (see fixtures.h).
 */
#include "fixtures.h"

static struct mt_Point fx_points[3] = { { 1, -1 }, { 2, -2 }, { 0x7fffffff, -0x7fffffff - 1 } };
static uint16_t fx_words[4] = { 0, 1, 0xbeef, 0xffff };
static bool fx_bits[11] = { true, false, true, true, false, false, false, true, true, false, true };
static int8_t fx_bytes[5] = { -128, -1, 0, 1, 127 };
static int64_t fx_longs[2] = { -0x123456789abcdefll, 0x7fffffffffffffffll };
static char fx_title[] = "split-driver marshal golden vector";
static uint8_t fx_blob[9] = { 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02, 0x03, 0xff };
static char fx_shape0[] = "nothing";
static char fx_shape1[] = "wheel";
static char fx_shape3[] = "tag";
static char fx_label[] = "label text";
static char fx_empty[] = "";
static uint32_t fx_empty_list[1];
static struct mt_Shape fx_shapes[4];

void mt_fixture_everything(struct mt_Everything *e)
{
	memset(e, 0, sizeof(*e));
	e->scalars.flag = true;
	e->scalars.i8 = -5;
	e->scalars.u8 = 250;
	e->scalars.i16 = -30000;
	e->scalars.u16 = 60000;
	e->scalars.i32 = -2000000000;
	e->scalars.u32 = 4000000000u;
	e->scalars.i64 = -9000000000000000000ll;
	e->scalars.u64 = 18000000000000000000ull;
	e->scalars.f32 = 0x40490fdbu;			/* 3.14159274f */
	e->scalars.f64 = 0xc00921fb54442d18ull;		/* -pi */
	e->scalars.color = 2;
	e->scalars.with_default = 42;			/* equal to the default */
	e->scalars.on_by_default = false;
	e->scalars.minus_one = 7;
	e->origin.x = 640;
	e->origin.y = -480;
	e->points = fx_points;
	e->n_points = 3;
	e->words = fx_words;
	e->n_words = 4;
	e->bits = fx_bits;
	e->n_bits = 11;
	e->signed_bytes = fx_bytes;
	e->n_signed_bytes = 5;
	e->longs = fx_longs;
	e->n_longs = 2;
	e->title = fx_title;
	e->blob.ptr = fx_blob;
	e->blob.len = sizeof(fx_blob);
	memset(fx_shapes, 0, sizeof(fx_shapes));
	fx_shapes[0].name = fx_shape0;
	fx_shapes[0].which = mt_Shape_which_none;
	fx_shapes[1].name = fx_shape1;
	fx_shapes[1].which = mt_Shape_which_circle;
	fx_shapes[1].circle = 17;
	fx_shapes[2].which = mt_Shape_which_rect;	/* no name: NULL */
	fx_shapes[2].rect.x = 3;
	fx_shapes[2].rect.y = 4;
	fx_shapes[3].name = fx_shape3;
	fx_shapes[3].which = mt_Shape_which_label;
	fx_shapes[3].label = fx_label;
	e->shapes = fx_shapes;
	e->n_shapes = 4;
	e->missing_text = NULL;
	e->missing_data.ptr = NULL;
	e->empty_list = fx_empty_list;
	e->n_empty_list = 0;
	e->empty_text = fx_empty;
}

void mt_fixture_graph(struct mt_graph_fixture *g, uint8_t *bar0)
{
	uint32_t i;

	memset(g, 0, sizeof(*g));
	memcpy(g->name, "eth7", 5);
	g->dev.name = g->name;
	g->dev.priv = &g->adapter;
	g->dev.mtu = 1500;
	g->adapter.netdev = &g->dev;
	g->adapter.rings = g->rings;
	g->adapter.num_rings = MT_FIXTURE_RINGS;
	g->adapter.tx_ring = &g->rings[0];
	g->adapter.hw_addr = bar0 + 0x100;
	g->adapter.cookie = (void *)(uintptr_t)0xfeedface12345678ull;
	g->adapter.msg_enable = 0x7;
	g->adapter.stats.x = 11;
	g->adapter.stats.y = 22;
	g->adapter.firmware = &g->firmware;
	for (i = 0; i < MT_FIXTURE_RINGS; i++) {
		g->rings[i].count = 256 << i;
		g->rings[i].next_to_use = i;
		g->rings[i].owner = &g->adapter;
		g->rings[i].desc = bar0 + 0x1000 * (i + 1);
	}
	g->blocks[0] = 0xb10c0001;
	g->blocks[1] = 0xb10c0002;
	g->blocks[2] = 0xb10c0003;
	g->blocks[3] = 0xb10c0004;
	g->firmware.blocks = g->blocks;
	g->firmware.n_blocks = 4;
	g->firmware.version = fx_title;
}
