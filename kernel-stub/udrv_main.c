// SPDX-License-Identifier: GPL-2.0
/*
 * udrv - kernel runtime of split-driver microdrivers.
 *
 * Each kernel half creates a channel per device instance; the channel is a
 * misc device /dev/udrv/<name> that one user half at a time opens to serve
 * the instance. This file holds the channel's life cycle and its
 * file_operations; messages, regions, handles and statistics live in their
 * own files.
 */
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "udrv_internal.h"

#define UDRV_DEFAULT_TIMEOUT_MS	5000

static void udrv_channel_free(struct kref *ref)
{
	struct udrv_channel *ch = container_of(ref, struct udrv_channel, ref);

	udrv_handle_release_all(ch);
	srcu_barrier(&ch->srcu);
	cleanup_srcu_struct(&ch->srcu);
	destroy_workqueue(ch->wq);
	kfree(ch);
}

void udrv_channel_put(struct udrv_channel *ch)
{
	kref_put(&ch->ref, udrv_channel_free);
}

static int udrv_open(struct inode *inode, struct file *file)
{
	struct udrv_channel *ch = container_of(file->private_data,
					       struct udrv_channel, misc);
	int ret = 0;

	if ((file->f_mode & (FMODE_READ | FMODE_WRITE)) !=
	    (FMODE_READ | FMODE_WRITE))
		return -EACCES;

	mutex_lock(&ch->session_lock);
	spin_lock_irq(&ch->lock);
	if (ch->dead)
		ret = -ENODEV;
	else if (ch->server)
		ret = -EBUSY;
	spin_unlock_irq(&ch->lock);
	if (ret)
		goto err_unlock;
	if (!try_module_get(ch->cfg.owner)) {
		ret = -ENODEV;
		goto err_unlock;
	}
	spin_lock_irq(&ch->lock);
	ch->server = file;
	spin_unlock_irq(&ch->lock);
	kref_get(&ch->ref);
	file->private_data = ch;

	if (ch->cfg.ops && ch->cfg.ops->attach) {
		ret = ch->cfg.ops->attach(ch, ch->cfg.priv);
		if (ret)
			goto err_detach;
	}
	udrv_stat_inc(ch, UDRV_STAT_ATTACHES);
	mutex_unlock(&ch->session_lock);
	return stream_open(inode, file);

err_detach:
	spin_lock_irq(&ch->lock);
	ch->server = NULL;
	spin_unlock_irq(&ch->lock);
	udrv_msg_fail_pending(ch, -ENOTCONN);
	udrv_msg_purge(ch);
	udrv_channel_put(ch);
	module_put(ch->cfg.owner);
err_unlock:
	mutex_unlock(&ch->session_lock);
	return ret;
}

/*
 * The user half is gone (exit, kill or close: the file's last reference,
 * which mappings of its regions also hold). Fail what waits on it, let
 * deferred downcalls finish, quiesce the device, then free its DMA.
 */
static int udrv_release(struct inode *inode, struct file *file)
{
	struct udrv_channel *ch = file->private_data;
	struct module *owner = ch->cfg.owner;
	bool dead;

	mutex_lock(&ch->session_lock);
	spin_lock_irq(&ch->lock);
	ch->server = NULL;
	dead = ch->dead;
	spin_unlock_irq(&ch->lock);

	udrv_msg_fail_pending(ch, -EPIPE);
	flush_workqueue(ch->wq);
	if (ch->cfg.ops && ch->cfg.ops->quiesce)
		ch->cfg.ops->quiesce(ch, ch->cfg.priv);
	udrv_region_free_dma(ch);
	udrv_ring_free(ch);
	udrv_msg_purge(ch);
	udrv_stat_inc(ch, UDRV_STAT_DETACHES);
	mutex_unlock(&ch->session_lock);

	if (dead)
		complete(&ch->released);
	udrv_channel_put(ch);
	module_put(owner);
	return 0;
}

static ssize_t udrv_read(struct file *file, char __user *buf, size_t count,
			 loff_t *ppos)
{
	return udrv_msg_read(file->private_data, file, buf, count);
}

static ssize_t udrv_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	return udrv_msg_write(file->private_data, file, buf, count);
}

static __poll_t udrv_poll(struct file *file, poll_table *wait)
{
	struct udrv_channel *ch = file->private_data;

	poll_wait(file, &ch->readq, wait);
	return udrv_msg_poll_mask(ch);
}

static long udrv_info_ioctl(struct udrv_channel *ch, void __user *arg)
{
	struct udrv_info info = {
		.version = UDRV_CHANNEL_VERSION,
		.max_payload = UDRV_MSG_MAX_PAYLOAD,
		.n_downcalls = ch->cfg.n_downcalls,
		.n_regions = UDRV_MAX_REGIONS,
	};

	strscpy(info.name, ch->name, sizeof(info.name));
	return copy_to_user(arg, &info, sizeof(info)) ? -EFAULT : 0;
}

static long udrv_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct udrv_channel *ch = file->private_data;

	if (cmd == UDRV_IOC_INFO)
		return udrv_info_ioctl(ch, (void __user *)arg);
	return udrv_region_ioctl(ch, cmd, (void __user *)arg);
}

static int udrv_mmap(struct file *file, struct vm_area_struct *vma)
{
	return udrv_region_mmap(file->private_data, vma);
}

static const struct file_operations udrv_fops = {
	.owner = THIS_MODULE,
	.open = udrv_open,
	.release = udrv_release,
	.read = udrv_read,
	.write = udrv_write,
	.poll = udrv_poll,
	.unlocked_ioctl = udrv_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.mmap = udrv_mmap,
	.llseek = no_llseek,
};

static bool udrv_name_valid(const char *name)
{
	size_t len = name ? strnlen(name, UDRV_NAME_MAX) : 0;

	if (!len || len >= UDRV_NAME_MAX)
		return false;
	return !strpbrk(name, "/ ");
}

/**
 * udrv_channel_create() - create a channel and its device node
 * @cfg: the kernel half's description of the instance; copied
 *
 * The node /dev/udrv/@cfg->name (mode 0600) appears at once; upcalls fail
 * with -ENOTCONN until a user half opens it.
 *
 * Return: the channel or an ERR_PTR().
 */
struct udrv_channel *udrv_channel_create(const struct udrv_channel_config *cfg)
{
	struct udrv_channel *ch;
	int ret;

	if (!cfg || !udrv_name_valid(cfg->name) ||
	    (cfg->n_downcalls && !cfg->downcalls) ||
	    (cfg->n_kapi_downcalls && !cfg->kapi_downcalls) ||
	    cfg->n_downcalls > UDRV_FUNC_KAPI_BASE ||
	    cfg->n_kapi_downcalls >= UDRV_FUNC_RESERVED - UDRV_FUNC_KAPI_BASE)
		return ERR_PTR(-EINVAL);

	ch = kzalloc(sizeof(*ch), GFP_KERNEL);
	if (!ch)
		return ERR_PTR(-ENOMEM);
	kref_init(&ch->ref);
	ch->cfg = *cfg;
	if (!ch->cfg.upcall_timeout_ms)
		ch->cfg.upcall_timeout_ms = UDRV_DEFAULT_TIMEOUT_MS;
	strscpy(ch->name, cfg->name, sizeof(ch->name));
	ch->cfg.name = ch->name;
	spin_lock_init(&ch->lock);
	spin_lock_init(&ch->trace_lock);
	mutex_init(&ch->session_lock);
	INIT_LIST_HEAD(&ch->outq);
	INIT_LIST_HEAD(&ch->pending);
	INIT_LIST_HEAD(&ch->inline_callers);
	init_waitqueue_head(&ch->readq);
	init_completion(&ch->released);
	xa_init_flags(&ch->handles, XA_FLAGS_ALLOC1);

	ret = init_srcu_struct(&ch->srcu);
	if (ret)
		goto err_free;
	/* Not ordered: a nested downcall must not wait behind its parent. */
	ch->wq = alloc_workqueue("udrv-%s", WQ_UNBOUND, 0, ch->name);
	if (!ch->wq) {
		ret = -ENOMEM;
		goto err_srcu;
	}

	snprintf(ch->miscname, sizeof(ch->miscname), "udrv-%s", ch->name);
	snprintf(ch->nodename, sizeof(ch->nodename), "udrv/%s", ch->name);
	ch->misc.minor = MISC_DYNAMIC_MINOR;
	ch->misc.name = ch->miscname;
	ch->misc.nodename = ch->nodename;
	ch->misc.mode = 0600;
	ch->misc.fops = &udrv_fops;
	ret = misc_register(&ch->misc);
	if (ret)
		goto err_wq;
	udrv_debugfs_add(ch);
	return ch;

err_wq:
	destroy_workqueue(ch->wq);
err_srcu:
	cleanup_srcu_struct(&ch->srcu);
err_free:
	kfree(ch);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(udrv_channel_create);

/**
 * udrv_channel_destroy() - remove a channel
 * @ch: from udrv_channel_create()
 *
 * Pending upcalls fail with -ENODEV. If a user half is attached (possible
 * only on device removal: the owner module is pinned while attached), it
 * sees POLLHUP and every call fails; like vfio, this waits for it to close.
 * The kernel half's objects behind handles are released here at the latest.
 */
void udrv_channel_destroy(struct udrv_channel *ch)
{
	bool attached;

	if (IS_ERR_OR_NULL(ch))
		return;
	misc_deregister(&ch->misc);
	spin_lock_irq(&ch->lock);
	ch->dead = true;
	attached = ch->server;
	spin_unlock_irq(&ch->lock);
	udrv_msg_fail_pending(ch, -ENODEV);
	wake_up_interruptible_all(&ch->readq);
	if (attached)
		wait_for_completion(&ch->released);
	udrv_debugfs_remove(ch);
	udrv_channel_put(ch);
}
EXPORT_SYMBOL_GPL(udrv_channel_destroy);

/**
 * udrv_channel_attached() - whether a user half serves the channel now
 * @ch: the channel
 *
 * Return: true while a user half holds the device open.
 */
bool udrv_channel_attached(struct udrv_channel *ch)
{
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&ch->lock, flags);
	ret = ch->server && !ch->dead;
	spin_unlock_irqrestore(&ch->lock, flags);
	return ret;
}
EXPORT_SYMBOL_GPL(udrv_channel_attached);

static int __init udrv_init(void)
{
	udrv_debugfs_init_root();
	return 0;
}

static void __exit udrv_exit(void)
{
	udrv_debugfs_exit_root();
}

module_init(udrv_init);
module_exit(udrv_exit);

MODULE_DESCRIPTION("split-driver kernel runtime: channels to user-space driver halves");
MODULE_LICENSE("GPL");
