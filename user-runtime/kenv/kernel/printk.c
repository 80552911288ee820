// SPDX-License-Identifier: MIT
/*
 * printk and the dev_* / netdev_* families: formatted with the kernel's
 * vsnprintf (vsprintf.c, %pM & co.), prefixed as the kernel prefixes them,
 * and handed line by line with their level to the host's log sink.
 */
#include <linux/device.h>
#include <linux/dynamic_debug.h>
#include <linux/kernel.h>
#include <linux/netdevice.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include "internal.h"

#define KENV_LINE_MAX 1024

/* Splits "<SOH>3text" into its level and text; -1 for KERN_CONT. */
static int take_level(const char **text, int fallback)
{
	int level = fallback;

	while ((*text)[0] == KERN_SOH_ASCII && (*text)[1]) {
		char c = (*text)[1];

		if (c >= '0' && c <= '7')
			level = c - '0';
		else if (c == 'c')
			level = -1;
		*text += 2;
	}
	return level;
}

static void emit_lines(int level, const char *prefix, char *text)
{
	char line[KENV_LINE_MAX];
	char *next;

	for (; text && *text; text = next) {
		next = strchr(text, '\n');
		if (next)
			*next++ = '\0';
		scnprintf(line, sizeof(line), "%s%s", prefix, text);
		kenv_host_log(level, line);
	}
}

static int vlog(int level, const char *prefix, const char *fmt, va_list args)
{
	char text[KENV_LINE_MAX];
	int n;

	level = take_level(&fmt, level);
	n = vscnprintf(text, sizeof(text), fmt, args);
	emit_lines(level < 0 ? CONFIG_MESSAGE_LOGLEVEL_DEFAULT : level, prefix,
		   text);
	return n;
}

int vprintk(const char *fmt, va_list args)
{
	return vlog(CONFIG_MESSAGE_LOGLEVEL_DEFAULT, "", fmt, args);
}

int _printk(const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vprintk(fmt, args);
	va_end(args);
	return n;
}

const char *dev_driver_string(const struct device *dev)
{
	struct device_driver *drv = READ_ONCE(dev->driver);

	if (drv)
		return drv->name;
	if (dev->bus)
		return dev->bus->name;
	if (dev->class)
		return dev->class->name;
	return "";
}

static void dev_vlog(int level, const struct device *dev, const char *fmt,
		     va_list args)
{
	char prefix[128];

	if (dev)
		scnprintf(prefix, sizeof(prefix), "%s %s: ",
			  dev_driver_string(dev), dev_name(dev));
	else
		scnprintf(prefix, sizeof(prefix), "(NULL device *): ");
	vlog(level, prefix, fmt, args);
}

void _dev_printk(const char *level, const struct device *dev,
		 const char *fmt, ...)
{
	int lvl = take_level(&level, CONFIG_MESSAGE_LOGLEVEL_DEFAULT);
	va_list args;

	va_start(args, fmt);
	dev_vlog(lvl, dev, fmt, args);
	va_end(args);
}

#define DEFINE_DEV_LEVEL(func, lvl)					\
void func(const struct device *dev, const char *fmt, ...)		\
{									\
	va_list args;							\
									\
	va_start(args, fmt);						\
	dev_vlog(lvl, dev, fmt, args);					\
	va_end(args);							\
}

DEFINE_DEV_LEVEL(_dev_emerg, LOGLEVEL_EMERG)
DEFINE_DEV_LEVEL(_dev_alert, LOGLEVEL_ALERT)
DEFINE_DEV_LEVEL(_dev_crit, LOGLEVEL_CRIT)
DEFINE_DEV_LEVEL(_dev_err, LOGLEVEL_ERR)
DEFINE_DEV_LEVEL(_dev_warn, LOGLEVEL_WARNING)
DEFINE_DEV_LEVEL(_dev_notice, LOGLEVEL_NOTICE)
DEFINE_DEV_LEVEL(_dev_info, LOGLEVEL_INFO)

static void netdev_vlog(int level, const struct net_device *dev,
			const char *fmt, va_list args)
{
	char prefix[160];

	if (dev && dev->dev.parent)
		scnprintf(prefix, sizeof(prefix), "%s %s %s%s: ",
			  dev_driver_string(dev->dev.parent),
			  dev_name(dev->dev.parent), netdev_name(dev),
			  netdev_reg_state(dev));
	else if (dev)
		scnprintf(prefix, sizeof(prefix), "%s%s: ", netdev_name(dev),
			  netdev_reg_state(dev));
	else
		scnprintf(prefix, sizeof(prefix), "(NULL net_device): ");
	vlog(level, prefix, fmt, args);
}

void netdev_printk(const char *level, const struct net_device *dev,
		   const char *fmt, ...)
{
	int lvl = take_level(&level, CONFIG_MESSAGE_LOGLEVEL_DEFAULT);
	va_list args;

	va_start(args, fmt);
	netdev_vlog(lvl, dev, fmt, args);
	va_end(args);
}

#define DEFINE_NETDEV_LEVEL(func, lvl)					\
void func(const struct net_device *dev, const char *fmt, ...)		\
{									\
	va_list args;							\
									\
	va_start(args, fmt);						\
	netdev_vlog(lvl, dev, fmt, args);				\
	va_end(args);							\
}

DEFINE_NETDEV_LEVEL(netdev_emerg, LOGLEVEL_EMERG)
DEFINE_NETDEV_LEVEL(netdev_alert, LOGLEVEL_ALERT)
DEFINE_NETDEV_LEVEL(netdev_crit, LOGLEVEL_CRIT)
DEFINE_NETDEV_LEVEL(netdev_err, LOGLEVEL_ERR)
DEFINE_NETDEV_LEVEL(netdev_warn, LOGLEVEL_WARNING)
DEFINE_NETDEV_LEVEL(netdev_notice, LOGLEVEL_NOTICE)
DEFINE_NETDEV_LEVEL(netdev_info, LOGLEVEL_INFO)

/*
 * Dynamic debug sites call these only when their descriptor is enabled
 * (static branch, default off), so what reaches here is meant to print.
 */
void __dynamic_pr_debug(struct _ddebug *descriptor, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vlog(LOGLEVEL_DEBUG, "", fmt, args);
	va_end(args);
}

void __dynamic_dev_dbg(struct _ddebug *descriptor, const struct device *dev,
		       const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	dev_vlog(LOGLEVEL_DEBUG, dev, fmt, args);
	va_end(args);
}

void __dynamic_netdev_dbg(struct _ddebug *descriptor,
			  const struct net_device *dev, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	netdev_vlog(LOGLEVEL_DEBUG, dev, fmt, args);
	va_end(args);
}

/* The kernel's rate limiter: at most @burst messages per @interval. */
int ___ratelimit(struct ratelimit_state *rs, const char *func)
{
	int ret;

	if (!rs->interval)
		return 1;
	kenv_update_jiffies();
	if (!rs->begin)
		rs->begin = jiffies;
	if (time_is_before_jiffies(rs->begin + rs->interval)) {
		if (rs->missed && !(rs->flags & RATELIMIT_MSG_ON_RELEASE))
			pr_warn("%s: %d callbacks suppressed\n", func, rs->missed);
		rs->begin = jiffies;
		rs->printed = 0;
		rs->missed = 0;
	}
	if (rs->burst && rs->burst > rs->printed) {
		rs->printed++;
		ret = 1;
	} else {
		rs->missed++;
		ret = 0;
	}
	return ret;
}

static DEFINE_RATELIMIT_STATE(net_ratelimit_state, 5 * HZ, 10);

int net_ratelimit(void)
{
	return __ratelimit(&net_ratelimit_state);
}

void print_hex_dump(const char *level, const char *prefix_str,
		    int prefix_type, int rowsize, int groupsize,
		    const void *buf, size_t len, bool ascii)
{
	int lvl = take_level(&level, CONFIG_MESSAGE_LOGLEVEL_DEFAULT);
	const u8 *ptr = buf;
	char line[KENV_LINE_MAX];
	size_t i;

	if (rowsize != 16 && rowsize != 32)
		rowsize = 16;
	for (i = 0; i < len; i += rowsize) {
		size_t n = min_t(size_t, rowsize, len - i);
		int pos = 0;
		size_t j;

		if (prefix_type == DUMP_PREFIX_ADDRESS)
			pos = scnprintf(line, sizeof(line), "%s%px: ", prefix_str, ptr + i);
		else if (prefix_type == DUMP_PREFIX_OFFSET)
			pos = scnprintf(line, sizeof(line), "%s%.8zx: ", prefix_str, i);
		else
			pos = scnprintf(line, sizeof(line), "%s", prefix_str);
		for (j = 0; j < n; j++)
			pos += scnprintf(line + pos, sizeof(line) - pos, "%02x%s",
					 ptr[i + j],
					 (groupsize > 0 && (j + 1) % groupsize == 0) ? " " : "");
		if (ascii) {
			pos += scnprintf(line + pos, sizeof(line) - pos, " ");
			for (j = 0; j < n; j++)
				pos += scnprintf(line + pos, sizeof(line) - pos, "%c",
						 isprint(ptr[i + j]) ? ptr[i + j] : '.');
		}
		kenv_host_log(lvl, line);
	}
}
