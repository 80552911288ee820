// SPDX-License-Identifier: MIT
/*
 * Module parameters: the kernel_param_ops drivers name in module_param*()
 * and kenv_param_set(), which finds a parameter in the __param section of
 * the linked objects and sets it through its ops, as the kernel does for
 * "modname.param=value" on the command line or at insmod.
 */
#include <linux/kernel.h>
#include <linux/kstrtox.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "internal.h"

extern const struct kernel_param __start___param[] __weak;
extern const struct kernel_param __stop___param[] __weak;

#define STANDARD_PARAM(name, type, format, strtolfn)			\
int param_set_##name(const char *val, const struct kernel_param *kp)	\
{									\
	return strtolfn(val, 0, (type *)kp->arg);			\
}									\
int param_get_##name(char *buffer, const struct kernel_param *kp)	\
{									\
	return scnprintf(buffer, PAGE_SIZE, format "\n",		\
			 *((type *)kp->arg));				\
}									\
const struct kernel_param_ops param_ops_##name = {			\
	.set = param_set_##name,					\
	.get = param_get_##name,					\
}

STANDARD_PARAM(byte, unsigned char, "%hhu", kstrtou8);
STANDARD_PARAM(short, short, "%hi", kstrtos16);
STANDARD_PARAM(ushort, unsigned short, "%hu", kstrtou16);
STANDARD_PARAM(int, int, "%i", kstrtoint);
STANDARD_PARAM(uint, unsigned int, "%u", kstrtouint);
STANDARD_PARAM(long, long, "%li", kstrtol);
STANDARD_PARAM(ulong, unsigned long, "%lu", kstrtoul);
STANDARD_PARAM(ullong, unsigned long long, "%llu", kstrtoull);

int param_set_hexint(const char *val, const struct kernel_param *kp)
{
	return kstrtouint(val, 0, (unsigned int *)kp->arg);
}

int param_get_hexint(char *buffer, const struct kernel_param *kp)
{
	return scnprintf(buffer, PAGE_SIZE, "%#08x\n", *((unsigned int *)kp->arg));
}

const struct kernel_param_ops param_ops_hexint = {
	.set = param_set_hexint,
	.get = param_get_hexint,
};

int param_set_bool(const char *val, const struct kernel_param *kp)
{
	if (!val)
		val = "1";
	return kstrtobool(val, kp->arg);
}

int param_get_bool(char *buffer, const struct kernel_param *kp)
{
	return sprintf(buffer, "%c\n", *(bool *)kp->arg ? 'Y' : 'N');
}

const struct kernel_param_ops param_ops_bool = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG,
	.set = param_set_bool,
	.get = param_get_bool,
};

int param_set_invbool(const char *val, const struct kernel_param *kp)
{
	bool b;
	int ret = kstrtobool(val ? val : "1", &b);

	if (!ret)
		*(bool *)kp->arg = !b;
	return ret;
}

int param_get_invbool(char *buffer, const struct kernel_param *kp)
{
	return sprintf(buffer, "%c\n", (*(bool *)kp->arg) ? 'N' : 'Y');
}

const struct kernel_param_ops param_ops_invbool = {
	.set = param_set_invbool,
	.get = param_get_invbool,
};

int param_set_charp(const char *val, const struct kernel_param *kp)
{
	char *copy;

	if (strlen(val) > 1024)
		return -ENOSPC;
	copy = kstrdup(val, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	*(char **)kp->arg = copy;
	return 0;
}

int param_get_charp(char *buffer, const struct kernel_param *kp)
{
	return scnprintf(buffer, PAGE_SIZE, "%s\n", *((char **)kp->arg));
}

const struct kernel_param_ops param_ops_charp = {
	.set = param_set_charp,
	.get = param_get_charp,
};

int param_set_copystring(const char *val, const struct kernel_param *kp)
{
	const struct kparam_string *kps = kp->str;

	if (strlen(val) + 1 > kps->maxlen) {
		pr_err("%s: string doesn't fit in %u chars.\n", kp->name,
		       kps->maxlen - 1);
		return -ENOSPC;
	}
	strcpy(kps->string, val);
	return 0;
}

int param_get_string(char *buffer, const struct kernel_param *kp)
{
	return scnprintf(buffer, PAGE_SIZE, "%s\n", kp->str->string);
}

const struct kernel_param_ops param_ops_string = {
	.set = param_set_copystring,
	.get = param_get_string,
};

/* "a,b,c" into the array, each element through the element ops. */
static int param_array_set(const char *val, const struct kernel_param *kp)
{
	const struct kparam_array *arr = kp->arr;
	char *copy = kstrdup(val, GFP_KERNEL), *cur, *next;
	unsigned int count = 0;
	int ret = 0;

	if (!copy)
		return -ENOMEM;
	for (cur = copy; cur; cur = next) {
		struct kernel_param elem = *kp;

		next = strchr(cur, ',');
		if (next)
			*next++ = '\0';
		if (count == arr->max) {
			pr_err("%s: can only take %i arguments\n", kp->name, arr->max);
			ret = -EINVAL;
			break;
		}
		elem.arg = arr->elem + arr->elemsize * count;
		ret = arr->ops->set(cur, &elem);
		if (ret) {
			pr_err("%s: bad value '%s' (%d)\n", kp->name, cur, ret);
			break;
		}
		count++;
	}
	if (!ret && arr->num)
		*arr->num = count;
	kfree(copy);
	return ret;
}

static int param_array_get(char *buffer, const struct kernel_param *kp)
{
	const struct kparam_array *arr = kp->arr;
	unsigned int n = arr->num ? *arr->num : arr->max;
	int off = 0;

	for (unsigned int i = 0; i < n; i++) {
		struct kernel_param elem = *kp;

		if (i)
			buffer[off - 1] = ',';
		elem.arg = arr->elem + arr->elemsize * i;
		off += arr->ops->get(buffer + off, &elem);
	}
	buffer[off] = '\0';
	return off;
}

const struct kernel_param_ops param_array_ops = {
	.set = param_array_set,
	.get = param_array_get,
};

/*
 * A module's parameters carry no prefix (MODULE_PARAM_PREFIX is empty when
 * MODULE is defined): "e1000.TxDescriptors" matches kp->mod's name and the
 * parameter's; a name without a dot matches the parameter in any module.
 */
static bool param_matches(const struct kernel_param *kp, const char *name)
{
	const char *dot = strchr(name, '.');
	size_t modlen;

	if (!strcmp(kp->name, name))
		return true;
	if (!dot)
		return false;
	modlen = dot - name;
	return kp->mod && strlen(kp->mod->name) == modlen &&
	       !strncmp(kp->mod->name, name, modlen) && !strcmp(kp->name, dot + 1);
}

int kenv_param_set(const char *name, const char *value)
{
	const struct kernel_param *kp;

	for (kp = __start___param; kp && kp < __stop___param; kp++) {
		if (!param_matches(kp, name))
			continue;
		if (!value && !(kp->ops->flags & KERNEL_PARAM_OPS_FL_NOARG))
			return -EINVAL;
		return kp->ops->set(value, kp);
	}
	return -ENOENT;
}
