// SPDX-License-Identifier: GPL-2.0
/*
 * udrv_smoke - fixture module for the QEMU harness's own smoke test.
 *
 * A misc character device /dev/udrv_smoke that keeps what was last written
 * to it per open file and gives it back reversed, so a test in the guest can
 * prove that a module built by the project's Kbuild rules loads and that a
 * user program reaches it through its file_operations.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#define SMOKE_BUF_SIZE 256

struct smoke_file {
	size_t len;
	char buf[SMOKE_BUF_SIZE];
};

static int smoke_open(struct inode *inode, struct file *file)
{
	struct smoke_file *sf = kzalloc(sizeof(*sf), GFP_KERNEL);

	if (!sf)
		return -ENOMEM;
	file->private_data = sf;
	return 0;
}

static int smoke_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	return 0;
}

static ssize_t smoke_write(struct file *file, const char __user *ubuf,
			   size_t count, loff_t *ppos)
{
	struct smoke_file *sf = file->private_data;
	size_t i;

	if (count > SMOKE_BUF_SIZE)
		return -EMSGSIZE;
	if (copy_from_user(sf->buf, ubuf, count))
		return -EFAULT;
	sf->len = count;
	for (i = 0; i < count / 2; i++)
		swap(sf->buf[i], sf->buf[count - 1 - i]);
	return count;
}

static ssize_t smoke_read(struct file *file, char __user *ubuf, size_t count,
			  loff_t *ppos)
{
	struct smoke_file *sf = file->private_data;

	return simple_read_from_buffer(ubuf, count, ppos, sf->buf, sf->len);
}

static const struct file_operations smoke_fops = {
	.owner = THIS_MODULE,
	.open = smoke_open,
	.release = smoke_release,
	.read = smoke_read,
	.write = smoke_write,
	.llseek = no_llseek,
};

static struct miscdevice smoke_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "udrv_smoke",
	.fops = &smoke_fops,
	.mode = 0600,
};

module_misc_device(smoke_dev);

MODULE_DESCRIPTION("split-driver QEMU harness smoke-test device");
MODULE_LICENSE("GPL");
