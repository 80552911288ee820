// SPDX-License-Identifier: GPL-2.0
/*
 * kstub_test - a kernel half built on udrv.ko, for the QEMU tests of the
 * channel (tests/kstub/) and its benchmark (bench/kstub/).
 *
 * Creates the channel "kstub" at load time, plus one channel "kstub-pci<N>"
 * with BAR 0 and DMA for each Intel 82540EM it binds to. Test scripts
 * trigger upcalls through files in /sys/kernel/debug/kstub_test/; the user
 * half (kstub_client) calls the downcalls of kstub_downcalls[].
 */
#include <linux/debugfs.h>
#include <linux/idr.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <udrv/udrv.h>

#include "kstub_test.h"

struct kstub_obj {
	u32 type;
	u8 data[KSTUB_OBJ_SIZE];
};

struct kstub_instance {
	struct udrv_channel *ch;
	atomic_t quiesced;
	struct pci_dev *pdev;
	void __iomem *bar0;
	int id;
};

static struct kstub_instance kstub_virtual;
static struct dentry *kstub_debugfs;
static u64 kstub_bench_ns;
static DEFINE_IDA(kstub_ida);
static DEFINE_SPINLOCK(kstub_atomic_lock);

static void kstub_obj_release(void *obj)
{
	kfree(obj);
}

static int kstub_dc_nop(struct udrv_channel *ch, void *priv,
			struct udrv_call *call)
{
	return 0;
}

static int kstub_dc_echo(struct udrv_channel *ch, void *priv,
			 struct udrv_call *call)
{
	memcpy(call->resp, call->req, call->req_len);
	call->resp_len = call->req_len;
	return 0;
}

static int kstub_dc_obj_new(struct udrv_channel *ch, void *priv,
			    struct udrv_call *call)
{
	const struct kstub_obj_new *req = call->req;
	struct kstub_obj *obj;
	u64 handle;
	int ret;

	if (req->type != KSTUB_OBJ_A && req->type != KSTUB_OBJ_B)
		return -EINVAL;
	obj = kzalloc(sizeof(*obj), GFP_KERNEL);
	if (!obj)
		return -ENOMEM;
	obj->type = req->type;
	ret = udrv_handle_add(ch, req->type, obj, kstub_obj_release, &handle);
	if (ret) {
		kfree(obj);
		return ret;
	}
	memcpy(call->resp, &handle, sizeof(handle));
	call->resp_len = sizeof(handle);
	return 0;
}

static int kstub_dc_obj_free(struct udrv_channel *ch, void *priv,
			     struct udrv_call *call)
{
	const struct kstub_obj_ref *req = call->req;

	return udrv_handle_remove(ch, req->handle, req->type);
}

/* The object and range an OBJ_READ or OBJ_WRITE names, all checked. */
static struct kstub_obj *kstub_obj_range(struct udrv_channel *ch,
					 const struct kstub_obj_io *io)
{
	struct kstub_obj *obj = udrv_handle_get(ch, io->handle, KSTUB_OBJ_A);
	int ret;

	if (IS_ERR(obj))
		return obj;
	ret = udrv_check_range(ch, io->off, io->len, KSTUB_OBJ_SIZE);
	return ret ? ERR_PTR(ret) : obj;
}

static int kstub_dc_obj_write(struct udrv_channel *ch, void *priv,
			      struct udrv_call *call)
{
	const struct kstub_obj_io *io = call->req;
	struct kstub_obj *obj = kstub_obj_range(ch, io);

	if (IS_ERR(obj))
		return PTR_ERR(obj);
	if (call->req_len != sizeof(*io) + io->len)
		return -EBADMSG;
	memcpy(obj->data + io->off, io + 1, io->len);
	return 0;
}

static int kstub_dc_obj_read(struct udrv_channel *ch, void *priv,
			     struct udrv_call *call)
{
	const struct kstub_obj_io *io = call->req;
	struct kstub_obj *obj = kstub_obj_range(ch, io);

	if (IS_ERR(obj))
		return PTR_ERR(obj);
	memcpy(call->resp, obj->data + io->off, io->len);
	call->resp_len = io->len;
	return 0;
}

static int kstub_dc_nested(struct udrv_channel *ch, void *priv,
			   struct udrv_call *call)
{
	const struct kstub_nested *req = call->req;
	u64 y = 0;
	u32 len;
	int ret;

	ret = udrv_upcall(ch, KSTUB_UP_SQUARE, req, sizeof(*req), &y, sizeof(y),
			  &len);
	if (ret)
		return ret;
	if (len != sizeof(y))
		return -EPROTO;
	y += 1;
	memcpy(call->resp, &y, sizeof(y));
	call->resp_len = sizeof(y);
	return 0;
}

static int kstub_dc_region_check(struct udrv_channel *ch, void *priv,
				 struct udrv_call *call)
{
	const struct kstub_region_check *req = call->req;
	u64 len = (u64)req->words * 4;
	void __iomem *io = NULL;
	u32 *mem = NULL;
	u32 i, word, first = 0;

	if (req->kind == UDRV_REGION_BAR)
		io = udrv_region_bar(ch, req->index, req->off, len);
	else if (req->kind == UDRV_REGION_DMA)
		mem = udrv_region_dma(ch, req->index, req->off, len);
	if (!io && !mem)
		return -ERANGE;
	for (i = 0; i < req->words; i++) {
		word = io ? ioread32(io + 4 * i) : READ_ONCE(mem[i]);
		if (!i)
			first = word;
		if (word != kstub_pattern(req->seed, i)) {
			pr_err("kstub_test: region %u word %u: %#x, want %#x\n",
			       req->index, i, word,
			       kstub_pattern(req->seed, i));
			return -EIO;
		}
	}
	memcpy(call->resp, &first, sizeof(first));
	call->resp_len = sizeof(first);
	return 0;
}

/* Notifications from a context that cannot sleep, as an IRQ would send. */
static int kstub_dc_notify(struct udrv_channel *ch, void *priv,
			   struct udrv_call *call)
{
	const struct kstub_notify *req = call->req;
	unsigned long flags;
	u32 i, *note;
	int ret = 0;

	if (req->len < sizeof(u32) || req->len > SZ_4K)
		return -ERANGE;
	note = kzalloc(req->len, GFP_KERNEL);
	if (!note)
		return -ENOMEM;
	for (i = 0; i < req->n && !ret; i++) {
		*note = i;
		local_irq_save(flags);
		ret = udrv_notify(ch, KSTUB_NOTE, note, req->len);
		local_irq_restore(flags);
	}
	kfree(note);
	return ret;
}

static int kstub_dc_locate(struct udrv_channel *ch, void *priv,
			   struct udrv_call *call)
{
	const struct kstub_region_ref *req = call->req;
	struct kstub_region_ref out = { 0 };
	void *kaddr = udrv_region_dma(ch, req->index, req->off, 1);
	int ret;

	if (!kaddr)
		return -ERANGE;
	ret = udrv_region_locate(ch, kaddr, &out.index, &out.off);
	if (ret)
		return ret;
	memcpy(call->resp, &out, sizeof(out));
	call->resp_len = sizeof(out);
	return 0;
}

#define KSTUB_DC(_id, _fn, _min, _max, _resp, _flags)			\
	[_id] = { .name = #_id, .handler = _fn, .min_len = _min,	\
		  .max_len = _max, .resp_max = _resp, .flags = _flags }

static const struct udrv_downcall kstub_downcalls[KSTUB_DC_COUNT] = {
	KSTUB_DC(KSTUB_DC_NOP, kstub_dc_nop, 0, 0, 0, 0),
	KSTUB_DC(KSTUB_DC_ECHO, kstub_dc_echo, 0, UDRV_MSG_MAX_PAYLOAD,
		 UDRV_MSG_MAX_PAYLOAD, 0),
	KSTUB_DC(KSTUB_DC_OBJ_NEW, kstub_dc_obj_new,
		 sizeof(struct kstub_obj_new), sizeof(struct kstub_obj_new),
		 sizeof(u64), 0),
	KSTUB_DC(KSTUB_DC_OBJ_FREE, kstub_dc_obj_free,
		 sizeof(struct kstub_obj_ref), sizeof(struct kstub_obj_ref),
		 0, 0),
	KSTUB_DC(KSTUB_DC_OBJ_WRITE, kstub_dc_obj_write,
		 sizeof(struct kstub_obj_io),
		 sizeof(struct kstub_obj_io) + KSTUB_OBJ_SIZE, 0, 0),
	KSTUB_DC(KSTUB_DC_OBJ_READ, kstub_dc_obj_read,
		 sizeof(struct kstub_obj_io), sizeof(struct kstub_obj_io),
		 KSTUB_OBJ_SIZE, 0),
	KSTUB_DC(KSTUB_DC_NESTED, kstub_dc_nested, sizeof(struct kstub_nested),
		 sizeof(struct kstub_nested), sizeof(u64), UDRV_DC_MAY_UPCALL),
	KSTUB_DC(KSTUB_DC_REGION_CHECK, kstub_dc_region_check,
		 sizeof(struct kstub_region_check),
		 sizeof(struct kstub_region_check), sizeof(u32), 0),
	KSTUB_DC(KSTUB_DC_NOTIFY, kstub_dc_notify, sizeof(struct kstub_notify),
		 sizeof(struct kstub_notify), 0, 0),
	KSTUB_DC(KSTUB_DC_LOCATE, kstub_dc_locate,
		 sizeof(struct kstub_region_ref),
		 sizeof(struct kstub_region_ref),
		 sizeof(struct kstub_region_ref), 0),
	KSTUB_DC(KSTUB_DC_BAD_NESTED, kstub_dc_nested,
		 sizeof(struct kstub_nested), sizeof(struct kstub_nested),
		 sizeof(u64), 0),
};

/* The second allowlist: ids from UDRV_FUNC_KAPI_BASE, as kernel halves use. */
static const struct udrv_downcall kstub_kapi_downcalls[] = {
	{ .name = "kapi_echo", .handler = kstub_dc_echo, .min_len = 0,
	  .max_len = 32, .resp_max = 32 },
};

static void kstub_quiesce(struct udrv_channel *ch, void *priv)
{
	struct kstub_instance *inst = priv;

	atomic_inc(&inst->quiesced);
}

static const struct udrv_channel_ops kstub_ops = {
	.quiesce = kstub_quiesce,
};

static struct udrv_channel *kstub_channel(struct kstub_instance *inst,
					  const char *name,
					  struct device *dma_dev)
{
	struct udrv_channel_config cfg = {
		.name = name,
		.owner = THIS_MODULE,
		.dma_dev = dma_dev,
		.downcalls = kstub_downcalls,
		.n_downcalls = ARRAY_SIZE(kstub_downcalls),
		.kapi_downcalls = kstub_kapi_downcalls,
		.n_kapi_downcalls = ARRAY_SIZE(kstub_kapi_downcalls),
		.ops = &kstub_ops,
		.priv = inst,
	};

	return udrv_channel_create(&cfg);
}

/* One MIX upcall with arguments derived from @i; checks the result. */
static int kstub_mix_once(struct udrv_channel *ch, u32 i, u8 *req, u8 *resp)
{
	struct kstub_mix_req *mr = (struct kstub_mix_req *)req;
	struct kstub_mix_resp *ms = (struct kstub_mix_resp *)resp;
	u32 n = i % KSTUB_MIX_MAX, j, len;
	int ret;

	mr->a = (u64)i * 0x9e3779b97f4a7c15ull;
	mr->b = i;
	mr->n = n;
	mr->pad = 0;
	for (j = 0; j < n; j++)
		req[sizeof(*mr) + j] = (u8)(i + j);
	ret = udrv_upcall(ch, KSTUB_UP_MIX, req, sizeof(*mr) + n, resp,
			  sizeof(*ms) + KSTUB_MIX_MAX, &len);
	if (ret)
		return ret;
	if (len != sizeof(*ms) + n || ms->r != mr->a * 31 + mr->b)
		goto mismatch;
	for (j = 0; j < n; j++)
		if (resp[sizeof(*ms) + j] != (u8)(i + n - 1 - j))
			goto mismatch;
	return 0;
mismatch:
	pr_err("kstub_test: upcall %u answered wrongly (len %u)\n", i, len);
	return -EIO;
}

static int kstub_parse(const char __user *ubuf, size_t count, u32 *val)
{
	return kstrtou32_from_user(ubuf, count, 0, val);
}

static ssize_t kstub_upcalls_write(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	size_t size = sizeof(struct kstub_mix_req) + KSTUB_MIX_MAX;
	u8 *req, *resp;
	u32 n, i;
	int ret;

	ret = kstub_parse(ubuf, count, &n);
	if (ret)
		return ret;
	req = kmalloc(size, GFP_KERNEL);
	resp = kmalloc(size, GFP_KERNEL);
	ret = -ENOMEM;
	if (!req || !resp)
		goto out;
	for (i = 0, ret = 0; i < n && !ret; i++)
		ret = kstub_mix_once(kstub_virtual.ch, i, req, resp);
out:
	kfree(req);
	kfree(resp);
	return ret ? ret : count;
}

static ssize_t kstub_bench_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	u64 start;
	u32 n, i;
	int ret;

	ret = kstub_parse(ubuf, count, &n);
	if (ret)
		return ret;
	if (!n)
		return -EINVAL;
	start = ktime_get_ns();
	for (i = 0; i < n && !ret; i++)
		ret = udrv_upcall(kstub_virtual.ch, KSTUB_UP_NOP, NULL, 0,
				  NULL, 0, NULL);
	if (ret)
		return ret;
	kstub_bench_ns = div_u64(ktime_get_ns() - start, n);
	return count;
}

static ssize_t kstub_bench_read(struct file *file, char __user *ubuf,
				size_t count, loff_t *ppos)
{
	char buf[32];
	int len = scnprintf(buf, sizeof(buf), "%llu\n", kstub_bench_ns);

	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

/* An upcall the user half never answers: returns its error. */
static ssize_t kstub_hang_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	u32 timeout_ms;
	int ret;

	ret = kstub_parse(ubuf, count, &timeout_ms);
	if (ret)
		return ret;
	ret = udrv_upcall_timeout(kstub_virtual.ch, KSTUB_UP_HANG, NULL, 0,
				  NULL, 0, NULL, timeout_ms);
	return ret ? ret : -EPROTO;
}

/* An upcall under a spinlock must be refused, not sleep. */
static ssize_t kstub_atomic_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	int ret;

	spin_lock(&kstub_atomic_lock);
	ret = udrv_upcall(kstub_virtual.ch, KSTUB_UP_NOP, NULL, 0, NULL, 0,
			  NULL);
	spin_unlock(&kstub_atomic_lock);
	return ret == -EWOULDBLOCK ? count : -EIO;
}

static const struct file_operations kstub_upcalls_fops = {
	.owner = THIS_MODULE,
	.write = kstub_upcalls_write,
};

static const struct file_operations kstub_bench_fops = {
	.owner = THIS_MODULE,
	.write = kstub_bench_write,
	.read = kstub_bench_read,
};

static const struct file_operations kstub_hang_fops = {
	.owner = THIS_MODULE,
	.write = kstub_hang_write,
};

static const struct file_operations kstub_atomic_fops = {
	.owner = THIS_MODULE,
	.write = kstub_atomic_write,
};

static void kstub_debugfs_init(void)
{
	kstub_debugfs = debugfs_create_dir("kstub_test", NULL);
	debugfs_create_file("upcalls", 0200, kstub_debugfs, NULL,
			    &kstub_upcalls_fops);
	debugfs_create_file("bench_upcall", 0600, kstub_debugfs, NULL,
			    &kstub_bench_fops);
	debugfs_create_file("hang", 0200, kstub_debugfs, NULL,
			    &kstub_hang_fops);
	debugfs_create_file("atomic", 0200, kstub_debugfs, NULL,
			    &kstub_atomic_fops);
	debugfs_create_atomic_t("quiesced", 0400, kstub_debugfs,
				&kstub_virtual.quiesced);
}

static int kstub_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct kstub_instance *inst;
	char name[UDRV_NAME_MAX];
	int ret;

	inst = devm_kzalloc(&pdev->dev, sizeof(*inst), GFP_KERNEL);
	if (!inst)
		return -ENOMEM;
	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	ret = pcim_iomap_regions(pdev, BIT(0), "kstub_test");
	if (ret)
		return ret;
	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(32));
	if (ret)
		return ret;
	pci_set_master(pdev);
	inst->pdev = pdev;
	inst->bar0 = pcim_iomap_table(pdev)[0];
	inst->id = ida_alloc(&kstub_ida, GFP_KERNEL);
	if (inst->id < 0)
		return inst->id;

	snprintf(name, sizeof(name), "kstub-pci%d", inst->id);
	inst->ch = kstub_channel(inst, name, &pdev->dev);
	if (IS_ERR(inst->ch)) {
		ret = PTR_ERR(inst->ch);
		goto err_ida;
	}
	ret = udrv_region_add_mmio(inst->ch, &pdev->resource[0], 0, inst->bar0);
	if (ret < 0)
		goto err_channel;
	pci_set_drvdata(pdev, inst);
	return 0;

err_channel:
	udrv_channel_destroy(inst->ch);
err_ida:
	ida_free(&kstub_ida, inst->id);
	return ret;
}

static void kstub_pci_remove(struct pci_dev *pdev)
{
	struct kstub_instance *inst = pci_get_drvdata(pdev);

	udrv_channel_destroy(inst->ch);
	ida_free(&kstub_ida, inst->id);
}

static const struct pci_device_id kstub_pci_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_INTEL, 0x100e) },	/* 82540EM */
	{ }
};
MODULE_DEVICE_TABLE(pci, kstub_pci_ids);

static struct pci_driver kstub_pci_driver = {
	.name = "kstub_test",
	.id_table = kstub_pci_ids,
	.probe = kstub_pci_probe,
	.remove = kstub_pci_remove,
};

static int __init kstub_init(void)
{
	int ret;

	kstub_virtual.ch = kstub_channel(&kstub_virtual, "kstub", NULL);
	if (IS_ERR(kstub_virtual.ch))
		return PTR_ERR(kstub_virtual.ch);
	ret = pci_register_driver(&kstub_pci_driver);
	if (ret)
		goto err_channel;
	kstub_debugfs_init();
	return 0;

err_channel:
	udrv_channel_destroy(kstub_virtual.ch);
	return ret;
}

static void __exit kstub_exit(void)
{
	debugfs_remove(kstub_debugfs);
	pci_unregister_driver(&kstub_pci_driver);
	udrv_channel_destroy(kstub_virtual.ch);
}

module_init(kstub_init);
module_exit(kstub_exit);

MODULE_DESCRIPTION("split-driver udrv test kernel half");
MODULE_LICENSE("GPL");
