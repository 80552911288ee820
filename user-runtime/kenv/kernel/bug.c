// SPDX-License-Identifier: MIT
/*
 * WARN and BUG sites: the kernel compiles each into a ud2 instruction plus a
 * __bug_table entry (relative pointers to the instruction and to the file
 * name, line, flags). The host's SIGILL handler asks this lookup what the
 * trapping ud2 was, then logs and continues (WARN) or dies (BUG).
 */
#include <linux/bug.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include "internal.h"

/* Weak: a program whose kernel objects hold no WARN has no such section. */
extern struct bug_entry __start___bug_table[] __weak;
extern struct bug_entry __stop___bug_table[] __weak;

static unsigned long bug_address(const struct bug_entry *b)
{
	return (unsigned long)&b->bug_addr_disp + b->bug_addr_disp;
}

static const char *bug_file(const struct bug_entry *b)
{
	return (const char *)&b->file_disp + b->file_disp;
}

int kenv_bug_lookup(unsigned long addr, const char **file, unsigned int *line)
{
	struct bug_entry *b;

	for (b = __start___bug_table; b && b < __stop___bug_table; b++) {
		if (bug_address(b) != addr)
			continue;
		*file = bug_file(b);
		*line = b->line;
		if (!(b->flags & BUGFLAG_WARNING))
			return 2;
		if (b->flags & BUGFLAG_ONCE) {
			if (b->flags & BUGFLAG_DONE)
				return 3;
			b->flags |= BUGFLAG_DONE;
		}
		kenv_count_warn();
		return 1;
	}
	return 0;
}

/* WARN(cond, fmt, ...) prints its message through this before the ud2. */
void __warn_printk(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vprintk(fmt, args);
	va_end(args);
}
