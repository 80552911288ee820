// SPDX-License-Identifier: MIT
/*
 * Kernel globals that inline header code reads.
 *
 * Static keys: drivers test them with `asm goto` sites that the kernel
 * patches at run time; kenv never patches, so each site keeps its
 * compiled-in default, which matches these keys' initial values.
 *
 * The direct map is the identity (page_offset_base = phys_base = 0):
 * __pa()/__va() of user-half memory give back the same address. struct
 * page pointers are not backed here (pages come from the kernel through
 * downcalls).
 */
#include <linux/jump_label.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/page-flags.h>
#include "internal.h"

DEFINE_STATIC_KEY_FALSE(devmap_managed_key);
DEFINE_STATIC_KEY_FALSE(hugetlb_optimize_vmemmap_key);

enum system_states system_state = SYSTEM_RUNNING;

unsigned long page_offset_base;
unsigned long vmemmap_base;
unsigned long phys_base;
