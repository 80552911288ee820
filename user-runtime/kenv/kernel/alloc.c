// SPDX-License-Identifier: MIT
/*
 * Memory: kmalloc family, vmalloc family, kmem caches and devres, on the
 * host's malloc (so ASan sees every driver allocation) with the kernel's
 * semantics: ZERO_SIZE_PTR for size 0, kfree(NULL) and kfree(ZERO_SIZE_PTR)
 * are no-ops, power-of-two sizes are naturally aligned, krealloc keeps the
 * object when it fits, blocking allocations in atomic context are reported.
 */
#include <linux/device.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include "internal.h"

/* kmalloc() indexes this before calling kmalloc_trace(); kenv ignores it. */
struct kmem_cache *
kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_SHIFT_HIGH + 1];

static unsigned long kmalloc_align(size_t size)
{
	if (is_power_of_2(size))
		return min_t(size_t, size, PAGE_SIZE);
	return ARCH_KMALLOC_MINALIGN;
}

static void *alloc_checked(size_t size, unsigned long align, gfp_t flags,
			   const char *who)
{
	void *p;

	if (gfpflags_allow_blocking(flags))
		kenv_might_sleep(who);
	if (!size)
		return ZERO_SIZE_PTR;
	if (size > KMALLOC_MAX_SIZE) {
		if (!(flags & __GFP_NOWARN))
			kenv_report("%s: allocation of %zu bytes exceeds KMALLOC_MAX_SIZE",
				    who, size);
		return NULL;
	}
	p = kenv_host_alloc(size, align);
	/* The slab zeroes the whole object, which ksize() reports. */
	if (p && (flags & __GFP_ZERO))
		memset(p, 0, kenv_host_usable_size(p));
	return p;
}

void *__kmalloc(size_t size, gfp_t flags)
{
	return alloc_checked(size, kmalloc_align(size), flags, "kmalloc");
}

void *__kmalloc_node(size_t size, gfp_t flags, int node)
{
	return __kmalloc(size, flags);
}

void *kmalloc_trace(struct kmem_cache *s, gfp_t flags, size_t size)
{
	return __kmalloc(size, flags);
}

void *kmalloc_node_trace(struct kmem_cache *s, gfp_t flags, int node,
			 size_t size)
{
	return __kmalloc(size, flags);
}

void *kmalloc_large(size_t size, gfp_t flags)
{
	return alloc_checked(size, PAGE_SIZE, flags, "kmalloc_large");
}

static void (*free_hook)(void *arg, const void *p);
static void *free_hook_arg;

void kenv_set_free_hook(void (*hook)(void *arg, const void *p), void *arg)
{
	free_hook = hook;
	free_hook_arg = arg;
}

void kenv_notify_free(const void *p)
{
	if (free_hook)
		free_hook(free_hook_arg, p);
}

void kfree(const void *p)
{
	if (ZERO_OR_NULL_PTR(p))
		return;
	kenv_notify_free(p);
	kenv_host_free((void *)p);
}

void kfree_sensitive(const void *p)
{
	if (ZERO_OR_NULL_PTR(p))
		return;
	memzero_explicit((void *)p, kenv_host_usable_size(p));
	kfree(p);
}

size_t __ksize(const void *p)
{
	return ZERO_OR_NULL_PTR(p) ? 0 : kenv_host_usable_size(p);
}

size_t ksize(const void *p)
{
	return __ksize(p);
}

void *krealloc(const void *p, size_t new_size, gfp_t flags)
{
	size_t old;
	void *n;

	if (!new_size) {
		kfree(p);
		return ZERO_SIZE_PTR;
	}
	old = __ksize(p);
	if (new_size <= old) {
		if ((flags & __GFP_ZERO) && new_size < old)
			memset((char *)p + new_size, 0, old - new_size);
		return (void *)p;
	}
	n = __kmalloc(new_size, flags & ~__GFP_ZERO);
	if (!n)
		return NULL;
	if (old)
		memcpy(n, p, old);
	if (flags & __GFP_ZERO)
		memset((char *)n + old, 0, new_size - old);
	kfree(p);
	return n;
}

void *kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = __kmalloc(len, gfp);

	if (p && len)
		memcpy(p, src, len);
	return p;
}

char *kstrdup(const char *s, gfp_t gfp)
{
	return s ? kmemdup(s, strlen(s) + 1, gfp) : NULL;
}

const char *kstrdup_const(const char *s, gfp_t gfp)
{
	return kstrdup(s, gfp);
}

void kfree_const(const void *x)
{
	kfree(x);
}

char *kstrndup(const char *s, size_t max, gfp_t gfp)
{
	size_t len;
	char *p;

	if (!s)
		return NULL;
	len = strnlen(s, max);
	p = __kmalloc(len + 1, gfp);
	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

/* vmalloc family: page-granular, recognised by is_vmalloc_addr(). */
void *vmalloc(unsigned long size)
{
	kenv_might_sleep("vmalloc");
	return size ? kenv_host_vmalloc(size) : NULL;
}

void *vzalloc(unsigned long size)
{
	void *p = vmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void *__vmalloc(unsigned long size, gfp_t gfp)
{
	return (gfp & __GFP_ZERO) ? vzalloc(size) : vmalloc(size);
}

void *vmalloc_array(size_t n, size_t size)
{
	size_t bytes;

	return check_mul_overflow(n, size, &bytes) ? NULL : vmalloc(bytes);
}

void *vcalloc(size_t n, size_t size)
{
	size_t bytes;

	return check_mul_overflow(n, size, &bytes) ? NULL : vzalloc(bytes);
}

void vfree(const void *addr)
{
	if (!addr)
		return;
	if (!kenv_host_is_vmalloc(addr)) {
		kenv_report("vfree: %px was not allocated by vmalloc", addr);
		return;
	}
	kenv_notify_free(addr);
	kenv_host_vfree(addr);
}

bool is_vmalloc_addr(const void *x)
{
	return kenv_host_is_vmalloc(x);
}

void *kvmalloc_node(size_t size, gfp_t flags, int node)
{
	void *p = __kmalloc(size, flags | __GFP_NOWARN);

	if (p || !gfpflags_allow_blocking(flags))
		return p;
	return __vmalloc(size, flags);
}

void kvfree(const void *addr)
{
	if (is_vmalloc_addr(addr))
		vfree(addr);
	else
		kfree(addr);
}

void kvfree_sensitive(const void *addr, size_t len)
{
	if (addr) {
		memzero_explicit((void *)addr, len);
		kvfree(addr);
	}
}

void *kvrealloc(const void *p, size_t oldsize, size_t newsize, gfp_t flags)
{
	void *n;

	if (oldsize >= newsize)
		return (void *)p;
	n = kvmalloc_node(newsize, flags, NUMA_NO_NODE);
	if (!n)
		return NULL;
	memcpy(n, p, oldsize);
	kvfree(p);
	return n;
}

/*
 * kmem caches: kenv's own struct kmem_cache (the kernel's lives in
 * mm/slab.h, private to the allocator, and drivers never look inside).
 */
struct kmem_cache {
	const char *name;
	unsigned int size;
	unsigned int align;
	slab_flags_t flags;
	void (*ctor)(void *);
	long live;
};

struct kmem_cache *kmem_cache_create_usercopy(const char *name,
					      unsigned int size,
					      unsigned int align,
					      slab_flags_t flags,
					      unsigned int useroffset,
					      unsigned int usersize,
					      void (*ctor)(void *))
{
	struct kmem_cache *s = kzalloc(sizeof(*s), GFP_KERNEL);

	if (!s)
		return NULL;
	s->name = kstrdup_const(name, GFP_KERNEL);
	s->size = size;
	s->align = max_t(unsigned int, align ? align : ARCH_KMALLOC_MINALIGN,
			 (flags & SLAB_HWCACHE_ALIGN) ? L1_CACHE_BYTES : 1);
	s->flags = flags;
	s->ctor = ctor;
	return s;
}

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *))
{
	return kmem_cache_create_usercopy(name, size, align, flags, 0, 0, ctor);
}

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags)
{
	void *p;

	if (s->ctor && (flags & __GFP_ZERO))
		kenv_report("kmem_cache_alloc(%s): __GFP_ZERO with a constructor", s->name);
	p = alloc_checked(s->size, s->align, flags, "kmem_cache_alloc");
	if (!ZERO_OR_NULL_PTR(p)) {
		s->live++;
		if (s->ctor)
			s->ctor(p);
	}
	return p;
}

void *kmem_cache_alloc_lru(struct kmem_cache *s, struct list_lru *lru,
			   gfp_t flags)
{
	return kmem_cache_alloc(s, flags);
}

void *kmem_cache_alloc_node(struct kmem_cache *s, gfp_t flags, int node)
{
	return kmem_cache_alloc(s, flags);
}

void kmem_cache_free(struct kmem_cache *s, void *p)
{
	if (ZERO_OR_NULL_PTR(p))
		return;
	s->live--;
	kenv_notify_free(p);
	kenv_host_free(p);
}

void kmem_cache_destroy(struct kmem_cache *s)
{
	if (!s)
		return;
	if (s->live)
		kenv_report("kmem_cache_destroy %s: Slab cache still has objects (%ld)",
			    s->name, s->live);
	kfree_const(s->name);
	kfree(s);
}

/*
 * devres: managed resources on dev->devres_head, released in reverse order
 * by kenv_devres_release_all() (the driver core's devres_release_all()).
 */
struct kenv_devres {
	struct list_head entry;
	void (*release)(struct device *dev, void *res);
	void (*action)(void *data);
	void *action_data;
	size_t size;
	u8 data[] __aligned(ARCH_KMALLOC_MINALIGN);
};

static void devres_link(struct device *dev, struct kenv_devres *dr)
{
	if (!dev->devres_head.next)
		INIT_LIST_HEAD(&dev->devres_head);
	list_add_tail(&dr->entry, &dev->devres_head);
}

void *devm_kmalloc(struct device *dev, size_t size, gfp_t gfp)
{
	struct kenv_devres *dr;

	if (unlikely(!size))
		return ZERO_SIZE_PTR;
	dr = __kmalloc(struct_size(dr, data, size), gfp);
	if (!dr)
		return NULL;
	memset(dr, 0, sizeof(*dr));
	dr->size = size;
	devres_link(dev, dr);
	return dr->data;
}

void devm_kfree(struct device *dev, const void *p)
{
	struct kenv_devres *dr;

	if (ZERO_OR_NULL_PTR(p) || !dev->devres_head.next)
		return;
	list_for_each_entry(dr, &dev->devres_head, entry) {
		if (dr->data == p) {
			list_del(&dr->entry);
			kenv_notify_free(p);
			kenv_host_free(dr);
			return;
		}
	}
	kenv_report("devm_kfree: %px is not a managed allocation of %s", p,
		    dev_name(dev));
}

void *devm_kmemdup(struct device *dev, const void *src, size_t len, gfp_t gfp)
{
	void *p = devm_kmalloc(dev, len, gfp);

	if (p)
		memcpy(p, src, len);
	return p;
}

char *devm_kstrdup(struct device *dev, const char *s, gfp_t gfp)
{
	return s ? devm_kmemdup(dev, s, strlen(s) + 1, gfp) : NULL;
}

int devm_add_action(struct device *dev, void (*action)(void *), void *data)
{
	struct kenv_devres *dr = kzalloc(sizeof(*dr), GFP_KERNEL);

	if (!dr)
		return -ENOMEM;
	dr->action = action;
	dr->action_data = data;
	devres_link(dev, dr);
	return 0;
}

void kenv_devres_release_all(struct device *dev)
{
	struct kenv_devres *dr, *tmp;

	if (!dev->devres_head.next)
		return;
	list_for_each_entry_safe_reverse(dr, tmp, &dev->devres_head, entry) {
		list_del(&dr->entry);
		if (dr->action)
			dr->action(dr->action_data);
		else
			kenv_notify_free(dr->data);
		kenv_host_free(dr);
	}
}
