// SPDX-License-Identifier: GPL-2.0
/*
 * udrv object handles: the only way a user half names a kernel object.
 *
 * A handle is an index into a per-channel table of (type, object) entries,
 * allocated cyclically so that a freed handle is not reissued soon: a stale
 * handle finds no entry, a handle of another type finds the wrong one, and
 * both are refused and counted. Downcall handlers run inside an SRCU read
 * section, and removed objects are released only after it, so an object a
 * handler looked up stays valid until the handler returns.
 */
#include <linux/slab.h>
#include <linux/xarray.h>

#include "udrv_internal.h"

struct udrv_handle_entry {
	u32 type;
	void *obj;
	void (*release)(void *obj);
	struct rcu_head rcu;
};

/**
 * udrv_handle_add() - make a kernel object nameable by the user half
 * @ch:      the channel
 * @type:    the kernel half's type tag (never 0)
 * @obj:     the object
 * @release: called on the object once it is removed and no downcall uses
 *           it any more (from softirq context), or when the channel goes;
 *           may be NULL
 * @handle:  the new handle
 *
 * Return: 0, -EINVAL, -ENOMEM or -EBUSY (table full).
 */
int udrv_handle_add(struct udrv_channel *ch, u32 type, void *obj,
		    void (*release)(void *obj), u64 *handle)
{
	struct udrv_handle_entry *e;
	u32 id;
	int ret;

	if (!type || !obj || !handle)
		return -EINVAL;
	e = kmalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->type = type;
	e->obj = obj;
	e->release = release;
	ret = xa_alloc_cyclic(&ch->handles, &id, e, xa_limit_31b,
			      &ch->next_handle, GFP_KERNEL);
	if (ret < 0) {
		kfree(e);
		return ret;
	}
	*handle = id;
	return 0;
}
EXPORT_SYMBOL_GPL(udrv_handle_add);

/**
 * udrv_handle_get() - the object behind a handle from the user half
 * @ch:     the channel
 * @handle: as the user half sent it
 * @type:   the type the caller needs
 *
 * For downcall handlers: the object stays valid until the handler returns.
 *
 * Return: the object, ERR_PTR(-ESTALE) for a handle that names nothing
 * (never issued or removed), ERR_PTR(-EPROTOTYPE) for one of another type.
 */
void *udrv_handle_get(struct udrv_channel *ch, u64 handle, u32 type)
{
	struct udrv_handle_entry *e = NULL;

	if (handle && handle <= U32_MAX)
		e = xa_load(&ch->handles, handle);
	if (!e) {
		udrv_stat_inc(ch, UDRV_STAT_STALE_HANDLE);
		return ERR_PTR(-ESTALE);
	}
	if (e->type != type) {
		udrv_stat_inc(ch, UDRV_STAT_WRONG_TYPE);
		return ERR_PTR(-EPROTOTYPE);
	}
	return e->obj;
}
EXPORT_SYMBOL_GPL(udrv_handle_get);

static void udrv_handle_free_rcu(struct rcu_head *rcu)
{
	struct udrv_handle_entry *e =
		container_of(rcu, struct udrv_handle_entry, rcu);

	if (e->release)
		e->release(e->obj);
	kfree(e);
}

/**
 * udrv_handle_remove() - retire a handle
 * @ch:     the channel
 * @handle: the handle
 * @type:   its expected type
 *
 * Safe inside a downcall handler: the object's release runs only after
 * every downcall in progress has returned.
 *
 * Return: 0, -ESTALE or -EPROTOTYPE (nothing removed).
 */
int udrv_handle_remove(struct udrv_channel *ch, u64 handle, u32 type)
{
	struct udrv_handle_entry *e;

	xa_lock(&ch->handles);
	e = handle && handle <= U32_MAX ? xa_load(&ch->handles, handle) : NULL;
	if (e && e->type == type)
		__xa_erase(&ch->handles, handle);
	xa_unlock(&ch->handles);
	if (!e) {
		udrv_stat_inc(ch, UDRV_STAT_STALE_HANDLE);
		return -ESTALE;
	}
	if (e->type != type) {
		udrv_stat_inc(ch, UDRV_STAT_WRONG_TYPE);
		return -EPROTOTYPE;
	}
	call_srcu(&ch->srcu, &e->rcu, udrv_handle_free_rcu);
	return 0;
}
EXPORT_SYMBOL_GPL(udrv_handle_remove);

/**
 * udrv_check_range() - check that [@off, @off + @len) lies within @size
 * @ch:   the channel (counts a violation)
 * @off:  offset from the user half
 * @len:  length from the user half
 * @size: size of the object
 *
 * Return: 0 or -ERANGE, overflow included.
 */
int udrv_check_range(struct udrv_channel *ch, u64 off, u64 len, u64 size)
{
	if (off > size || len > size - off) {
		udrv_stat_inc(ch, UDRV_STAT_OUT_OF_BOUNDS);
		return -ERANGE;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(udrv_check_range);

/* The channel is going: release every object still named by a handle. */
void udrv_handle_release_all(struct udrv_channel *ch)
{
	struct udrv_handle_entry *e;
	unsigned long id;

	srcu_barrier(&ch->srcu);
	xa_for_each(&ch->handles, id, e) {
		xa_erase(&ch->handles, id);
		if (e->release)
			e->release(e->obj);
		kfree(e);
	}
	xa_destroy(&ch->handles);
}
