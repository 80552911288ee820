// SPDX-License-Identifier: GPL-2.0
/*
 * udrv regions: device memory (a bus device's memory resources: BARs) and
 * coherent DMA buffers mapped into the user half, like UIO's maps: mmap()
 * offset = index * PAGE_SIZE.
 *
 * On the wire a pointer into a region is (index, offset); each half
 * translates it against its own mapping (udrv_region_dma(),
 * udrv_region_bar(), udrv_region_locate() here), so kernel addresses never
 * reach user space and user addresses are never trusted.
 *
 * DMA buffers belong to the user half's session: they are freed when it
 * detaches, after the kernel half's quiesce hook stopped the device.
 */
#include <linux/dma-mapping.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "udrv_internal.h"

#define UDRV_DMA_MAX	SZ_4M

static void udrv_vma_open(struct vm_area_struct *vma)
{
	struct udrv_region *r = vma->vm_private_data;

	atomic_inc(&r->mappings);
}

static void udrv_vma_close(struct vm_area_struct *vma)
{
	struct udrv_region *r = vma->vm_private_data;

	atomic_dec(&r->mappings);
}

static const struct vm_operations_struct udrv_dma_vm_ops = {
	.open = udrv_vma_open,
	.close = udrv_vma_close,
};

/* Device memory may also be read by ptrace (a debugger on the user half). */
static const struct vm_operations_struct udrv_bar_vm_ops = {
	.open = udrv_vma_open,
	.close = udrv_vma_close,
#ifdef CONFIG_HAVE_IOREMAP_PROT
	.access = generic_access_phys,
#endif
};

static int udrv_mmap_bar(struct udrv_region *r, struct vm_area_struct *vma)
{
	unsigned long len = vma->vm_end - vma->vm_start;

	vma->vm_flags |= VM_IO | VM_DONTEXPAND | VM_DONTDUMP;
	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return io_remap_pfn_range(vma, vma->vm_start, r->phys >> PAGE_SHIFT,
				  len, vma->vm_page_prot);
}

int udrv_region_mmap(struct udrv_channel *ch, struct vm_area_struct *vma)
{
	unsigned long len = vma->vm_end - vma->vm_start;
	unsigned long index = vma->vm_pgoff;
	struct udrv_region *r;
	int ret;

	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	if (index == UDRV_RING_PGOFF)
		return udrv_ring_mmap(ch, vma);
	if (index >= UDRV_MAX_REGIONS)
		return -EINVAL;
	mutex_lock(&ch->session_lock);
	r = &ch->regions[index];
	ret = -EINVAL;
	if (r->kind == UDRV_REGION_NONE || len > r->size)
		goto out;
	if (r->kind == UDRV_REGION_BAR) {
		ret = udrv_mmap_bar(r, vma);
	} else {
		/* dma_mmap_coherent() reads vm_pgoff as the buffer offset */
		vma->vm_pgoff = 0;
		ret = dma_mmap_coherent(r->dma_dev, vma, r->cpu_addr,
					r->bus_addr, r->size);
	}
	if (ret)
		goto out;
	vma->vm_private_data = r;
	vma->vm_ops = r->kind == UDRV_REGION_BAR ? &udrv_bar_vm_ops :
						   &udrv_dma_vm_ops;
	atomic_inc(&r->mappings);
out:
	mutex_unlock(&ch->session_lock);
	return ret;
}

static int udrv_region_slot(struct udrv_channel *ch)
{
	int i;

	for (i = 0; i < UDRV_MAX_REGIONS; i++)
		if (ch->regions[i].kind == UDRV_REGION_NONE)
			return i;
	return -ENOSPC;
}

/**
 * udrv_region_add_mmio() - let the user half map a device's memory resource
 * @ch:    the channel
 * @res:   the memory resource (requested by the kernel half): a BAR, say
 * @index: its index on its device, reported to the user half (a BAR number)
 * @kaddr: the kernel half's own mapping of it, for udrv_region_locate()
 *
 * Return: the region index, or -EINVAL (not a page-aligned memory
 * resource), -ENOSPC.
 */
int udrv_region_add_mmio(struct udrv_channel *ch, const struct resource *res,
			 u32 index, void __iomem *kaddr)
{
	resource_size_t start, len;
	struct udrv_region *r;
	int slot;

	if (!res || resource_type(res) != IORESOURCE_MEM || !res->end)
		return -EINVAL;
	start = res->start;
	len = resource_size(res);
	if (!PAGE_ALIGNED(start) || !PAGE_ALIGNED(len))
		return -EINVAL;

	mutex_lock(&ch->session_lock);
	slot = udrv_region_slot(ch);
	if (slot >= 0) {
		r = &ch->regions[slot];
		spin_lock_irq(&ch->lock);
		r->bar = index;
		r->size = len;
		r->phys = start;
		r->iomem = kaddr;
		atomic_set(&r->mappings, 0);
		r->kind = UDRV_REGION_BAR;
		spin_unlock_irq(&ch->lock);
	}
	mutex_unlock(&ch->session_lock);
	return slot;
}
EXPORT_SYMBOL_GPL(udrv_region_add_mmio);

/* Looks a region up for a downcall handler; counts a violation. */
static struct udrv_region *udrv_region_find(struct udrv_channel *ch, u32 index,
					    u32 kind, u64 off, u64 len,
					    struct udrv_region *copy)
{
	unsigned long flags;
	bool found;

	if (index >= UDRV_MAX_REGIONS) {
		udrv_stat_inc(ch, UDRV_STAT_OUT_OF_BOUNDS);
		return NULL;
	}
	spin_lock_irqsave(&ch->lock, flags);
	found = ch->regions[index].kind == kind;
	if (found) {
		copy->size = ch->regions[index].size;
		copy->iomem = ch->regions[index].iomem;
		copy->cpu_addr = ch->regions[index].cpu_addr;
	}
	spin_unlock_irqrestore(&ch->lock, flags);
	if (!found) {
		udrv_stat_inc(ch, UDRV_STAT_STALE_HANDLE);
		return NULL;
	}
	if (udrv_check_range(ch, off, len, copy->size))
		return NULL;
	return copy;
}

/**
 * udrv_region_dma() - kernel address of a place in a DMA region
 * @ch:    the channel
 * @index: region index from the user half
 * @off:   offset from the user half
 * @len:   bytes the caller will touch
 *
 * For downcall handlers; valid until the handler returns.
 *
 * Return: the address, or NULL if the region is not a live DMA region or
 * the range is out of bounds (counted).
 */
void *udrv_region_dma(struct udrv_channel *ch, u32 index, u64 off, u64 len)
{
	struct udrv_region copy, *r;

	r = udrv_region_find(ch, index, UDRV_REGION_DMA, off, len, &copy);
	return r ? r->cpu_addr + off : NULL;
}
EXPORT_SYMBOL_GPL(udrv_region_dma);

/**
 * udrv_region_kernel_map() - where a whole region is in the kernel
 * @ch:    the channel
 * @index: region index from the user half
 * @kaddr: set to the kernel address (DMA) or mapping (BAR) of its start
 * @size:  set to its size in bytes
 *
 * For a kernel half's object tracker, which translates (region, offset)
 * pointers the user half sends into a region it allocated (a descriptor
 * ring) for as long as the kernel keeps them: a DMA buffer lives until the
 * user half frees it or its session ends, after the quiesce hook stopped
 * the device.
 *
 * Return: 0, or -ENOENT if @index is not a live region (counted).
 */
int udrv_region_kernel_map(struct udrv_channel *ch, u32 index, void **kaddr,
			   u64 *size)
{
	struct udrv_region copy, *r;

	r = udrv_region_find(ch, index, UDRV_REGION_DMA, 0, 0, &copy);
	if (r) {
		*kaddr = r->cpu_addr;
		*size = r->size;
		return 0;
	}
	r = udrv_region_find(ch, index, UDRV_REGION_BAR, 0, 0, &copy);
	if (r && r->iomem) {
		*kaddr = (void __force *)r->iomem;
		*size = r->size;
		return 0;
	}
	return -ENOENT;
}
EXPORT_SYMBOL_GPL(udrv_region_kernel_map);

/**
 * udrv_region_bar() - kernel mapping of a place in a BAR region
 * @ch:    the channel
 * @index: region index from the user half
 * @off:   offset from the user half
 * @len:   bytes the caller will touch
 *
 * Return: the address, or NULL (as udrv_region_dma()).
 */
void __iomem *udrv_region_bar(struct udrv_channel *ch, u32 index, u64 off,
			      u64 len)
{
	struct udrv_region copy, *r;

	r = udrv_region_find(ch, index, UDRV_REGION_BAR, off, len, &copy);
	return r && r->iomem ? r->iomem + off : NULL;
}
EXPORT_SYMBOL_GPL(udrv_region_bar);

/**
 * udrv_region_locate() - the (index, offset) form of a kernel pointer
 * @ch:    the channel
 * @kaddr: an address inside a region's kernel mapping
 * @index: its region
 * @off:   its offset there
 *
 * What the object tracker puts on the wire for a pointer into a region.
 *
 * Return: 0 or -ENOENT.
 */
int udrv_region_locate(struct udrv_channel *ch, const void *kaddr, u32 *index,
		       u64 *off)
{
	unsigned long flags, addr = (unsigned long)kaddr, base;
	int i, ret = -ENOENT;

	spin_lock_irqsave(&ch->lock, flags);
	for (i = 0; i < UDRV_MAX_REGIONS; i++) {
		struct udrv_region *r = &ch->regions[i];

		if (r->kind == UDRV_REGION_DMA)
			base = (unsigned long)r->cpu_addr;
		else if (r->kind == UDRV_REGION_BAR && r->iomem)
			base = (unsigned long)r->iomem;
		else
			continue;
		if (addr >= base && addr - base < r->size) {
			*index = i;
			*off = addr - base;
			ret = 0;
			break;
		}
	}
	spin_unlock_irqrestore(&ch->lock, flags);
	return ret;
}
EXPORT_SYMBOL_GPL(udrv_region_locate);

static long udrv_dma_alloc(struct udrv_channel *ch, void __user *arg)
{
	struct udrv_dma_alloc req;
	struct udrv_region *r;
	struct device *dev;
	dma_addr_t bus;
	void *cpu;
	int index;
	u64 size;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (!req.size || req.size > UDRV_DMA_MAX)
		return -EINVAL;
	size = PAGE_ALIGN(req.size);

	mutex_lock(&ch->session_lock);
	dev = ch->cfg.dma_dev;
	index = -ENODEV;
	if (!dev)
		goto out;
	index = udrv_region_slot(ch);
	if (index < 0)
		goto out;
	cpu = dma_alloc_coherent(dev, size, &bus, GFP_KERNEL);
	if (!cpu) {
		index = -ENOMEM;
		goto out;
	}
	r = &ch->regions[index];
	spin_lock_irq(&ch->lock);
	r->size = size;
	r->cpu_addr = cpu;
	r->bus_addr = bus;
	r->dma_dev = get_device(dev);
	atomic_set(&r->mappings, 0);
	r->kind = UDRV_REGION_DMA;
	spin_unlock_irq(&ch->lock);
out:
	mutex_unlock(&ch->session_lock);
	if (index < 0)
		return index;
	req.index = index;
	req.bus_addr = bus;
	return copy_to_user(arg, &req, sizeof(req)) ? -EFAULT : 0;
}

/* Unpublishes a DMA region and frees it once no downcall can use it. */
static void udrv_dma_release(struct udrv_channel *ch, struct udrv_region *r)
{
	struct udrv_region old;

	spin_lock_irq(&ch->lock);
	old = *r;
	r->kind = UDRV_REGION_NONE;
	spin_unlock_irq(&ch->lock);
	synchronize_srcu(&ch->srcu);
	dma_free_coherent(old.dma_dev, old.size, old.cpu_addr, old.bus_addr);
	put_device(old.dma_dev);
	memset(r, 0, sizeof(*r));
}

static long udrv_dma_free(struct udrv_channel *ch, void __user *arg)
{
	struct udrv_region *r;
	u32 index;
	long ret;

	if (get_user(index, (u32 __user *)arg))
		return -EFAULT;
	if (index >= UDRV_MAX_REGIONS)
		return -EINVAL;
	mutex_lock(&ch->session_lock);
	r = &ch->regions[index];
	if (r->kind != UDRV_REGION_DMA) {
		ret = -EINVAL;
	} else if (atomic_read(&r->mappings)) {
		ret = -EBUSY;
	} else {
		udrv_dma_release(ch, r);
		ret = 0;
	}
	mutex_unlock(&ch->session_lock);
	return ret;
}

static long udrv_region_info(struct udrv_channel *ch, void __user *arg)
{
	struct udrv_region_info info;
	struct udrv_region *r;

	if (copy_from_user(&info, arg, sizeof(info)))
		return -EFAULT;
	if (info.index >= UDRV_MAX_REGIONS)
		return -EINVAL;
	mutex_lock(&ch->session_lock);
	r = &ch->regions[info.index];
	info.kind = r->kind;
	info.size = r->size;
	info.bus_addr = r->kind == UDRV_REGION_DMA ? r->bus_addr : 0;
	info.bar = r->bar;
	info.mappings = atomic_read(&r->mappings);
	mutex_unlock(&ch->session_lock);
	return copy_to_user(arg, &info, sizeof(info)) ? -EFAULT : 0;
}

long udrv_region_ioctl(struct udrv_channel *ch, unsigned int cmd,
		       void __user *arg)
{
	switch (cmd) {
	case UDRV_IOC_REGION_INFO:
		return udrv_region_info(ch, arg);
	case UDRV_IOC_DMA_ALLOC:
		return udrv_dma_alloc(ch, arg);
	case UDRV_IOC_DMA_FREE:
		return udrv_dma_free(ch, arg);
	case UDRV_IOC_RING_SETUP:
		return udrv_ring_setup(ch, arg);
	default:
		return -ENOTTY;
	}
}

/* The session ended: its mappings are gone (they pin the file). */
void udrv_region_free_dma(struct udrv_channel *ch)
{
	int i;

	for (i = 0; i < UDRV_MAX_REGIONS; i++) {
		struct udrv_region *r = &ch->regions[i];

		if (r->kind != UDRV_REGION_DMA)
			continue;
		WARN_ON(atomic_read(&r->mappings));
		udrv_dma_release(ch, r);
	}
}

/**
 * udrv_channel_set_dma_dev() - name the device DMA buffers come from
 * @ch:  the channel
 * @dev: the device, or NULL to refuse further DMA allocations
 *
 * A channel is created at module init, before any device is probed; the
 * kernel half names the device once its probe knows it, and clears it
 * before the device goes. Buffers already allocated keep (and hold a
 * reference to) the device they were allocated for.
 */
void udrv_channel_set_dma_dev(struct udrv_channel *ch, struct device *dev)
{
	mutex_lock(&ch->session_lock);
	ch->cfg.dma_dev = dev;
	mutex_unlock(&ch->session_lock);
}
EXPORT_SYMBOL_GPL(udrv_channel_set_dma_dev);
