// SPDX-License-Identifier: MIT
/* Kernel-recipe callers of two downcalls, for the downcall hook tests. */
#include <linux/etherdevice.h>
#include <linux/pci.h>
#include "ktest.h"

int kt_call_pci_enable_device(void *pdev)
{
	return pci_enable_device(pdev);
}

void *kt_call_alloc_etherdev(int sizeof_priv)
{
	return alloc_etherdev(sizeof_priv);
}
