/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fixtures.h - fixed test objects of mtest.capnp, shared by the user-space
 * tests and the kernel self-test module (so both must produce the committed
 * golden bytes).
 */
#ifndef MT_FIXTURES_H
#define MT_FIXTURES_H

#include "mtest_sdm.h"

#ifdef __cplusplus
extern "C" {
#endif

void mt_fixture_everything(struct mt_Everything *e);

/* netdev <-> adapter cycle, rings[] array aliased by tx_ring, back pointers. */
#define MT_FIXTURE_RINGS 3
struct mt_graph_fixture {
	struct mt_Device dev;
	struct mt_Adapter adapter;
	struct mt_Ring rings[MT_FIXTURE_RINGS];
	struct mt_Firmware firmware;
	char name[16];
	uint32_t blocks[4];
};

/* @bar0: base of the fake register region, @bar_size its size. */
void mt_fixture_graph(struct mt_graph_fixture *g, uint8_t *bar0);

#ifdef __cplusplus
}
#endif

#endif
