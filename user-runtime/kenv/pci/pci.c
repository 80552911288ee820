// SPDX-License-Identifier: MIT
/*
 * kenv's PCI bus plug-in: what a PCI downcall grants the user half beyond
 * its result. A driver that got its BARs with pci_request_selected_regions()
 * may use the I/O-port ones with in/out instructions (some MACs reset
 * through an I/O BAR): the user half asks for exactly those ports with
 * ioperm(2). Memory BARs need nothing here: they are mapped as regions.
 */
#include <linux/pci.h>
#include <linux/string.h>
#include "kenv/downcall.h"
#include "kenv/host.h"
#include "internal.h"

/* The generated stub's frame of the call (same members, same order). */
struct kenv_pci_regions_frame {
	struct pci_dev *pdev;
	int bars;
	const char *name;
};

static void kenv_grant_io_bars(struct pci_dev *pdev, int bars)
{
	int i;

	for (i = 0; i < PCI_STD_NUM_BARS; i++) {
		resource_size_t start = pci_resource_start(pdev, i);
		resource_size_t len = pci_resource_len(pdev, i);
		int err;

		if (!(bars & (1 << i)) || !(pci_resource_flags(pdev, i) & IORESOURCE_IO) ||
		    !len)
			continue;
		err = kenv_host_ioperm(start, len);
		if (err)
			pr_warn("kenv: %s: no access to I/O ports %#llx+%#llx (BAR %d): %d\n",
				pci_name(pdev), (unsigned long long)start,
				(unsigned long long)len, i, err);
	}
}

static void kenv_pci_regions_granted(const void *frame)
{
	const struct kenv_pci_regions_frame *f = frame;

	kenv_grant_io_bars(f->pdev, f->bars);
}

static const struct kenv_downcall_hook kenv_pci_hooks[] = {
	{ "pci_request_selected_regions", kenv_pci_regions_granted },
	{ NULL, NULL },
};

const struct kenv_bus kenv_pci_bus = {
	.name = "pci",
	.granted = kenv_pci_hooks,
};
