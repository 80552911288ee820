// SPDX-License-Identifier: MIT
/* Kernel-recipe glue linked with the real asix objects. */
#include <linux/module.h>
#include "ktest.h"

const char *kt_asix_module_name(void)
{
	return THIS_MODULE->name;
}

int kt_asix_has_init(void)
{
	return THIS_MODULE->init != NULL && THIS_MODULE->exit != NULL;
}
