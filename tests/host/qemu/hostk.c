// SPDX-License-Identifier: GPL-2.0
/*
 * hostk: a small kernel half for the udrv_host QEMU test. It binds one
 * 82540EM (for coherent DMA), creates /dev/udrv/hostk and, when a number
 * is written to debugfs hostk/probe, upcalls PROBE into the user half and
 * checks everything the user half reports: its msleep, its work item's
 * downcall (which this module answers with a nested upcall) and the DMA
 * region it wrote. hostk/hang upcalls HANG, which the user half never
 * answers.
 */
#include <linux/debugfs.h>
#include <linux/dma-mapping.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <udrv/udrv.h>
#include "hostk.h"

static struct udrv_channel *hostk_ch;
static struct dentry *hostk_debugfs;

static int hostk_down_nested(struct udrv_channel *ch, void *priv,
			     struct udrv_call *call)
{
	u32 v, r = 0, len = 0;
	int ret;

	memcpy(&v, call->req, sizeof(v));
	ret = udrv_upcall(ch, HOSTK_UP_NESTED, &v, sizeof(v), &r, sizeof(r),
			  &len);
	if (ret)
		return ret;
	if (len != sizeof(r))
		return -EPROTO;
	r += 1;
	memcpy(call->resp, &r, sizeof(r));
	call->resp_len = sizeof(r);
	return 0;
}

static const struct udrv_downcall hostk_downcalls[] = {
	[HOSTK_DOWN_NESTED] = { "nested", hostk_down_nested, 4, 4, 4,
				UDRV_DC_MAY_UPCALL },
};

static int hostk_check_probe(u32 seed, const struct hostk_probe_reply *r)
{
	const u8 *dma;
	u32 i;

	if (r->slept_ms < HOSTK_SLEEP_MS) {
		pr_err("hostk: msleep(%d) returned after %u ms\n",
		       HOSTK_SLEEP_MS, r->slept_ms);
		return -EIO;
	}
	if (r->work_status || r->work_value != seed * 3 + 1 ||
	    !r->work_saw_itself) {
		pr_err("hostk: work item: status %d value %u (want %u) saw itself %u\n",
		       r->work_status, r->work_value, seed * 3 + 1,
		       r->work_saw_itself);
		return -EIO;
	}
	dma = udrv_region_dma(hostk_ch, r->dma_index, 0, HOSTK_DMA_BYTES);
	if (!dma) {
		pr_err("hostk: region %u is no DMA region of %d bytes\n",
		       r->dma_index, HOSTK_DMA_BYTES);
		return -EIO;
	}
	for (i = 0; i < HOSTK_DMA_BYTES; i++) {
		if (dma[i] != hostk_pattern(seed, i)) {
			pr_err("hostk: DMA byte %u is %#x, want %#x\n", i,
			       dma[i], hostk_pattern(seed, i));
			return -EIO;
		}
	}
	pr_info("hostk: probe %u checked (slept %u ms, bus %#llx)\n", seed,
		r->slept_ms, r->dma_bus);
	return 0;
}

static ssize_t hostk_probe_write(struct file *f, const char __user *buf,
				 size_t count, loff_t *pos)
{
	struct hostk_probe_reply r = { };
	u32 seed, len = 0;
	int ret;

	ret = kstrtou32_from_user(buf, count, 0, &seed);
	if (ret)
		return ret;
	ret = udrv_upcall(hostk_ch, HOSTK_UP_PROBE, &seed, sizeof(seed), &r,
			  sizeof(r), &len);
	if (ret)
		return ret;
	if (len != sizeof(r))
		return -EPROTO;
	ret = hostk_check_probe(seed, &r);
	return ret ? ret : count;
}

static ssize_t hostk_hang_write(struct file *f, const char __user *buf,
				size_t count, loff_t *pos)
{
	int ret = udrv_upcall_timeout(hostk_ch, HOSTK_UP_HANG, NULL, 0, NULL,
				      0, NULL, 20000);

	return ret ? ret : count;
}

/* bench: writing N makes N NESTED upcalls; reading gives ns per upcall. */
static u64 hostk_bench_ns;

static ssize_t hostk_bench_write(struct file *f, const char __user *buf,
				 size_t count, loff_t *pos)
{
	u32 n, i, r, len;
	u64 start;
	int ret;

	ret = kstrtou32_from_user(buf, count, 0, &n);
	if (ret)
		return ret;
	if (!n)
		return -EINVAL;
	start = ktime_get_ns();
	for (i = 0; i < n; i++) {
		ret = udrv_upcall(hostk_ch, HOSTK_UP_NESTED, &i, sizeof(i), &r,
				  sizeof(r), &len);
		if (ret)
			return ret;
		if (len != sizeof(r) || r != i * 3)
			return -EIO;
	}
	hostk_bench_ns = div_u64(ktime_get_ns() - start, n);
	return count;
}

static ssize_t hostk_bench_read(struct file *f, char __user *buf,
				size_t count, loff_t *pos)
{
	char line[32];
	int n = scnprintf(line, sizeof(line), "%llu\n", hostk_bench_ns);

	return simple_read_from_buffer(buf, count, pos, line, n);
}

static const struct file_operations hostk_bench_fops = {
	.owner = THIS_MODULE,
	.write = hostk_bench_write,
	.read = hostk_bench_read,
};

static const struct file_operations hostk_probe_fops = {
	.owner = THIS_MODULE,
	.write = hostk_probe_write,
};

static const struct file_operations hostk_hang_fops = {
	.owner = THIS_MODULE,
	.write = hostk_hang_write,
};

static int hostk_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct udrv_channel_config cfg = {
		.name = "hostk",
		.owner = THIS_MODULE,
		.dma_dev = &pdev->dev,
		.downcalls = hostk_downcalls,
		.n_downcalls = ARRAY_SIZE(hostk_downcalls),
	};
	int ret;

	if (hostk_ch)
		return -EBUSY;	/* one instance is enough */
	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(32));
	if (ret)
		return ret;
	hostk_ch = udrv_channel_create(&cfg);
	if (IS_ERR(hostk_ch)) {
		ret = PTR_ERR(hostk_ch);
		hostk_ch = NULL;
		return ret;
	}
	pci_set_drvdata(pdev, hostk_ch);
	hostk_debugfs = debugfs_create_dir("hostk", NULL);
	debugfs_create_file("probe", 0200, hostk_debugfs, NULL,
			    &hostk_probe_fops);
	debugfs_create_file("hang", 0200, hostk_debugfs, NULL,
			    &hostk_hang_fops);
	debugfs_create_file("bench", 0600, hostk_debugfs, NULL,
			    &hostk_bench_fops);
	return 0;
}

static void hostk_pci_remove(struct pci_dev *pdev)
{
	struct udrv_channel *ch = pci_get_drvdata(pdev);

	debugfs_remove_recursive(hostk_debugfs);
	udrv_channel_destroy(ch);
	hostk_ch = NULL;
}

static const struct pci_device_id hostk_pci_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_INTEL, 0x100e) },	/* 82540EM */
	{ }
};
MODULE_DEVICE_TABLE(pci, hostk_pci_ids);

static struct pci_driver hostk_pci_driver = {
	.name = "hostk",
	.id_table = hostk_pci_ids,
	.probe = hostk_pci_probe,
	.remove = hostk_pci_remove,
};
module_pci_driver(hostk_pci_driver);

MODULE_DESCRIPTION("udrv host test: a kernel half that checks its user half");
MODULE_LICENSE("GPL");
