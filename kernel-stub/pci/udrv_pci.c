// SPDX-License-Identifier: GPL-2.0
/*
 * udrv's PCI bus plug-in: the memory BAR of a PCI function that holds a
 * physical address (a user half's ioremap() of it becomes that BAR's
 * region). Everything else PCI-specific a split driver needs is data: the
 * kernel API rules in annotations/kernel-api/pci.rules.
 */
#include <linux/ioport.h>
#include <linux/pci.h>

#include "udrv_internal.h"

static int udrv_pci_find_mmio(phys_addr_t phys, struct udrv_mmio *out)
{
	struct pci_dev *pdev = NULL;
	const struct resource *res;
	int bar;

	for_each_pci_dev(pdev) {
		for (bar = 0; bar < PCI_STD_NUM_BARS; bar++) {
			res = &pdev->resource[bar];
			if (resource_type(res) != IORESOURCE_MEM || !res->end ||
			    phys < res->start || phys > res->end)
				continue;
			out->dev = get_device(&pdev->dev);
			out->res = res;
			out->index = bar;
			pci_dev_put(pdev);
			return 0;
		}
	}
	return -ENODEV;
}

const struct udrv_bus_ops udrv_pci_bus = {
	.name = "pci",
	.find_mmio = udrv_pci_find_mmio,
};
