// SPDX-License-Identifier: MIT
/*
 * The kernel's printf family, written for kenv: C99 conversions plus the
 * kernel's pointer extensions drivers print with (%pM, %pI4, %ph, %pS, %pe,
 * %pa, %pV...). kcc.py renames sprintf/snprintf/vsnprintf/vsprintf in all
 * kernel objects to kenv_*, so libc keeps its own for the C++ runtime.
 *
 * Departures, on purpose: plain %p prints the address itself (the kernel
 * hashes it to hide kernel addresses; a user half has none to hide);
 * %pI6c prints the uncompressed form; unsupported extensions print the
 * pointer as %p does.
 */
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/types.h>
#include "internal.h"

struct out {
	char *buf;
	char *end;
	size_t count;
};

enum {
	F_LEFT = 1, F_PLUS = 2, F_SPACE = 4, F_SPECIAL = 8, F_ZERO = 16,
	F_UPPER = 32, F_SIGNED = 64,
};

struct spec {
	unsigned int flags;
	int width;		/* -1: none */
	int precision;		/* -1: none */
	int base;
};

static void put(struct out *o, char c)
{
	if (o->buf < o->end)
		*o->buf = c;
	o->buf++;
	o->count++;
}

static void pad(struct out *o, int n, char c)
{
	while (n-- > 0)
		put(o, c);
}

static void put_str(struct out *o, const char *s, const struct spec *sp)
{
	int len = 0;

	if (!s)
		s = "(null)";
	while (s[len] && (sp->precision < 0 || len < sp->precision))
		len++;
	if (!(sp->flags & F_LEFT))
		pad(o, sp->width - len, ' ');
	for (int i = 0; i < len; i++)
		put(o, s[i]);
	if (sp->flags & F_LEFT)
		pad(o, sp->width - len, ' ');
}

static void put_number(struct out *o, unsigned long long num, bool negative,
		       const struct spec *sp)
{
	const char *digits = (sp->flags & F_UPPER) ? "0123456789ABCDEF" :
						     "0123456789abcdef";
	char tmp[24];
	int n = 0, len, zeros, prefix = 0;
	char sign = 0;

	if (negative)
		sign = '-';
	else if (sp->flags & F_SIGNED && sp->flags & F_PLUS)
		sign = '+';
	else if (sp->flags & F_SIGNED && sp->flags & F_SPACE)
		sign = ' ';
	do {
		tmp[n++] = digits[num % sp->base];
		num /= sp->base;
	} while (num);
	if (sp->precision == 0 && n == 1 && tmp[0] == '0')
		n = 0;
	if (sp->flags & F_SPECIAL)
		prefix = sp->base == 16 ? 2 : (sp->base == 8 && n && tmp[n - 1] != '0');
	zeros = sp->precision > n ? sp->precision - n : 0;
	len = n + zeros + prefix + (sign ? 1 : 0);
	if (!(sp->flags & F_LEFT) &&
	    !((sp->flags & F_ZERO) && sp->precision < 0))
		pad(o, sp->width - len, ' ');
	if (sign)
		put(o, sign);
	if (prefix) {
		put(o, '0');
		if (sp->base == 16)
			put(o, (sp->flags & F_UPPER) ? 'X' : 'x');
	}
	if (!(sp->flags & F_LEFT) && (sp->flags & F_ZERO) && sp->precision < 0)
		pad(o, sp->width - len, '0');
	pad(o, zeros, '0');
	while (n)
		put(o, tmp[--n]);
	if (sp->flags & F_LEFT)
		pad(o, sp->width - len, ' ');
}

static void put_hex_byte(struct out *o, u8 b, bool upper)
{
	const char *d = upper ? "0123456789ABCDEF" : "0123456789abcdef";

	put(o, d[b >> 4]);
	put(o, d[b & 15]);
}

static void put_raw_pointer(struct out *o, const void *p)
{
	struct spec sp = { .flags = F_ZERO, .width = 16, .precision = -1,
			   .base = 16 };

	put_number(o, (unsigned long)p, false, &sp);
}

static void put_mac(struct out *o, const u8 *a, char fmt, bool reversed,
		    char sep)
{
	for (int i = 0; i < 6; i++) {
		put_hex_byte(o, a[reversed ? 5 - i : i], false);
		if (fmt == 'M' && i < 5)
			put(o, sep);
	}
}

static void put_ip4(struct out *o, const u8 *a, bool padded)
{
	struct spec sp = { .flags = padded ? F_ZERO : 0,
			   .width = padded ? 3 : -1, .precision = -1, .base = 10 };

	for (int i = 0; i < 4; i++) {
		put_number(o, a[i], false, &sp);
		if (i < 3)
			put(o, '.');
	}
}

static void put_ip6(struct out *o, const u8 *a, bool colons)
{
	for (int i = 0; i < 16; i++) {
		put_hex_byte(o, a[i], false);
		if (colons && (i & 1) && i < 15)
			put(o, ':');
	}
}

static const struct { int err; const char *name; } errnames[] = {
	{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EINTR, "EINTR" },
	{ EIO, "EIO" }, { ENXIO, "ENXIO" }, { E2BIG, "E2BIG" },
	{ EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" }, { EACCES, "EACCES" },
	{ EFAULT, "EFAULT" }, { EBUSY, "EBUSY" }, { EEXIST, "EEXIST" },
	{ ENODEV, "ENODEV" }, { EINVAL, "EINVAL" }, { ENOSPC, "ENOSPC" },
	{ ERANGE, "ERANGE" }, { EPIPE, "EPIPE" }, { ENOSYS, "ENOSYS" },
	{ ETIMEDOUT, "ETIMEDOUT" }, { EOPNOTSUPP, "EOPNOTSUPP" },
	{ EPROTO, "EPROTO" }, { ENODATA, "ENODATA" }, { ESHUTDOWN, "ESHUTDOWN" },
	{ ECONNRESET, "ECONNRESET" }, { EPROBE_DEFER, "EPROBE_DEFER" },
	{ ENOTSUPP, "ENOTSUPP" }, { EOVERFLOW, "EOVERFLOW" },
	{ EINPROGRESS, "EINPROGRESS" }, { ENOLINK, "ENOLINK" },
};

static void put_err(struct out *o, const void *p)
{
	static const struct spec dec = { F_SIGNED, -1, -1, 10 };
	long err = (long)p;

	for (size_t i = 0; i < ARRAY_SIZE(errnames); i++) {
		if (errnames[i].err == -err) {
			const struct spec sp = { 0, -1, -1, 10 };

			put(o, '-');
			put_str(o, errnames[i].name, &sp);
			return;
		}
	}
	put_number(o, err < 0 ? -err : err, err < 0, &dec);
}

static const char *format(struct out *o, const char *fmt, va_list *args);

/* %p<ext>; returns fmt past the extension letters it consumed. */
static const char *put_pointer(struct out *o, const char *fmt, const void *p,
			       const struct spec *sp)
{
	const struct spec plain = { 0, -1, -1, 10 };
	char sym[128];

	if (!p && strchr("MmIiheSsFfBaV", *fmt)) {
		put_str(o, "(null)", &plain);
		goto skip;
	}
	switch (*fmt) {
	case 'x':
	case 'K':
		put_raw_pointer(o, p);
		return fmt + 1;
	case 'M':
	case 'm':
		put_mac(o, p, *fmt, fmt[1] == 'R', fmt[1] == 'F' ? '-' : ':');
		goto skip;
	case 'I':
	case 'i':
		if (fmt[1] == '4')
			put_ip4(o, p, *fmt == 'i');
		else if (fmt[1] == '6')
			put_ip6(o, p, *fmt == 'I');
		else
			put_raw_pointer(o, p);
		goto skip;
	case 'h': {
		char sep = fmt[1] == 'C' ? ':' : fmt[1] == 'D' ? '-' :
			   fmt[1] == 'N' ? 0 : ' ';
		int len = sp->width < 0 ? 1 : min(sp->width, 64);

		for (int i = 0; i < len; i++) {
			if (i && sep)
				put(o, sep);
			put_hex_byte(o, ((const u8 *)p)[i], false);
		}
		goto skip;
	}
	case 'e':
		put_err(o, p);
		goto skip;
	case 'S':
	case 's':
	case 'F':
	case 'f':
	case 'B':
		if (kenv_host_symbolize(p, sym, sizeof(sym))) {
			if (*fmt == 's' || *fmt == 'f') {
				char *plus = strchr(sym, '+');

				if (plus)
					*plus = '\0';
			}
			put_str(o, sym, &plain);
		} else {
			put_raw_pointer(o, p);
		}
		goto skip;
	case 'a': {
		struct spec hex = { F_SPECIAL | F_ZERO, 18, -1, 16 };

		if (fmt[1] == 'd')
			put_number(o, *(const dma_addr_t *)p, false, &hex);
		else
			put_number(o, *(const phys_addr_t *)p, false, &hex);
		goto skip;
	}
	case 'V': {
		const struct va_format *vaf = p;
		va_list va;

		va_copy(va, *vaf->va);
		format(o, vaf->fmt, &va);
		va_end(va);
		return fmt + 1;
	}
	default:
		put_raw_pointer(o, p);
		return fmt;
	}
skip:
	while (isalnum(*fmt))
		fmt++;
	return fmt;
}

static int parse_int(const char **fmt)
{
	int n = 0;

	while (isdigit(**fmt))
		n = n * 10 + *(*fmt)++ - '0';
	return n;
}

static const char *format(struct out *o, const char *fmt, va_list *args)
{
	while (*fmt) {
		struct spec sp = { 0, -1, -1, 10 };
		char len = 0;
		unsigned long long num;

		if (*fmt != '%') {
			put(o, *fmt++);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				sp.flags |= F_LEFT;
			else if (*fmt == '+')
				sp.flags |= F_PLUS;
			else if (*fmt == ' ')
				sp.flags |= F_SPACE;
			else if (*fmt == '#')
				sp.flags |= F_SPECIAL;
			else if (*fmt == '0')
				sp.flags |= F_ZERO;
			else
				break;
		}
		if (*fmt == '*') {
			fmt++;
			sp.width = va_arg(*args, int);
			if (sp.width < 0) {
				sp.width = -sp.width;
				sp.flags |= F_LEFT;
			}
		} else if (isdigit(*fmt)) {
			sp.width = parse_int(&fmt);
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				fmt++;
				sp.precision = max(va_arg(*args, int), -1);
			} else {
				sp.precision = parse_int(&fmt);
			}
		}
		if (*fmt == 'h' || *fmt == 'l' || *fmt == 'z' || *fmt == 'Z' ||
		    *fmt == 't' || *fmt == 'j' || *fmt == 'L') {
			len = *fmt++;
			if (len == 'h' && *fmt == 'h') {
				len = 'H';
				fmt++;
			} else if (len == 'l' && *fmt == 'l') {
				len = 'L';
				fmt++;
			}
		}
		switch (*fmt++) {
		case '%':
			put(o, '%');
			continue;
		case 'c': {
			char c = (char)va_arg(*args, int);

			if (!(sp.flags & F_LEFT))
				pad(o, sp.width - 1, ' ');
			put(o, c);
			if (sp.flags & F_LEFT)
				pad(o, sp.width - 1, ' ');
			continue;
		}
		case 's':
			put_str(o, va_arg(*args, const char *), &sp);
			continue;
		case 'p':
			fmt = put_pointer(o, fmt, va_arg(*args, void *), &sp);
			continue;
		case 'n':	/* the kernel ignores %n */
			(void)va_arg(*args, void *);
			continue;
		case 'd':
		case 'i':
			sp.flags |= F_SIGNED;
			break;
		case 'u':
			break;
		case 'X':
			sp.flags |= F_UPPER;
			fallthrough;
		case 'x':
			sp.base = 16;
			break;
		case 'o':
			sp.base = 8;
			break;
		default:	/* unknown conversion: print it verbatim */
			put(o, '%');
			put(o, fmt[-1]);
			continue;
		}
		switch (len) {
		case 'L':
			num = va_arg(*args, unsigned long long);
			break;
		case 'l':
		case 'z':
		case 'Z':
		case 't':
		case 'j':
			num = va_arg(*args, unsigned long);
			if (sp.flags & F_SIGNED)
				num = (long long)(long)num;
			break;
		default:
			num = va_arg(*args, unsigned int);
			if (len == 'H')
				num = (sp.flags & F_SIGNED) ? (long long)(signed char)num :
							      (unsigned char)num;
			else if (len == 'h')
				num = (sp.flags & F_SIGNED) ? (long long)(short)num :
							      (unsigned short)num;
			else if (sp.flags & F_SIGNED)
				num = (long long)(int)num;
		}
		if ((sp.flags & F_SIGNED) && (long long)num < 0)
			put_number(o, -(unsigned long long)num, true, &sp);
		else
			put_number(o, num, false, &sp);
	}
	return fmt;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct out o = { buf, buf + size, 0 };
	va_list va;

	if (WARN_ON_ONCE(size > INT_MAX))
		return 0;
	va_copy(va, args);
	format(&o, fmt, &va);
	va_end(va);
	if (size) {
		if (o.buf < o.end)
			*o.buf = '\0';
		else
			o.end[-1] = '\0';
	}
	return o.count;
}

int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int i = vsnprintf(buf, size, fmt, args);

	if (likely(i < size))
		return i;
	return size ? size - 1 : 0;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int i;

	va_start(args, fmt);
	i = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return i;
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int i;

	va_start(args, fmt);
	i = vscnprintf(buf, size, fmt, args);
	va_end(args);
	return i;
}

int vsprintf(char *buf, const char *fmt, va_list args)
{
	return vsnprintf(buf, INT_MAX, fmt, args);
}

int sprintf(char *buf, const char *fmt, ...)
{
	va_list args;
	int i;

	va_start(args, fmt);
	i = vsnprintf(buf, INT_MAX, fmt, args);
	va_end(args);
	return i;
}

char *kvasprintf(gfp_t gfp, const char *fmt, va_list args)
{
	va_list aq;
	char *p;
	int len;

	va_copy(aq, args);
	len = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	p = kmalloc(len + 1, gfp);
	if (p)
		vsnprintf(p, len + 1, fmt, args);
	return p;
}

char *kasprintf(gfp_t gfp, const char *fmt, ...)
{
	va_list args;
	char *p;

	va_start(args, fmt);
	p = kvasprintf(gfp, fmt, args);
	va_end(args);
	return p;
}
