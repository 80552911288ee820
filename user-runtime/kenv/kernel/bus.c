// SPDX-License-Identifier: MIT
/*
 * The bus-agnostic end of kenv's bus plug-ins: after a downcall succeeded,
 * each plug-in built into kenv (kenv_buses.h, written by the build from its
 * list of user-runtime/kenv/<bus>/ folders) runs its hook for the function.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include "kenv/downcall.h"
#include "kenv_buses.h"

static const struct kenv_bus *const kenv_buses[] = { KENV_BUS_LIST };

void kenv_downcall_done(const struct kenv_downcall_fn *fn, const void *frame,
			unsigned long long ret)
{
	const struct kenv_downcall_hook *hook;
	size_t i;

	if ((int)ret != 0)
		return;
	for (i = 0; i < ARRAY_SIZE(kenv_buses); i++)
		for (hook = kenv_buses[i]->granted; hook && hook->function; hook++)
			if (!strcmp(hook->function, fn->name))
				hook->granted(frame);
}
