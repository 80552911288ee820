// SPDX-License-Identifier: GPL-2.0
/*
 * udrv's bus-agnostic core of the bus plug-ins: asks each plug-in built
 * into udrv.ko (udrv_buses.h, written by the build from its list of
 * kernel-stub/<bus>/ folders) in turn.
 */
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>

#include "udrv_internal.h"
#include "udrv_buses.h"

static const struct udrv_bus_ops *const udrv_buses[] = { UDRV_BUS_LIST };

/**
 * udrv_bus_find_mmio() - the bus device memory resource holding an address
 * @phys: a physical address (a user half's ioremap() of it)
 * @out:  the device (with a reference: put_device() it), resource, index
 *
 * Return: 0, or -ENODEV if no bus plug-in knows a device memory resource
 * holding @phys.
 */
int udrv_bus_find_mmio(phys_addr_t phys, struct udrv_mmio *out)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(udrv_buses); i++)
		if (udrv_buses[i]->find_mmio &&
		    !udrv_buses[i]->find_mmio(phys, out))
			return 0;
	return -ENODEV;
}
EXPORT_SYMBOL_GPL(udrv_bus_find_mmio);
