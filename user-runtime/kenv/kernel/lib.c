// SPDX-License-Identifier: MIT
/*
 * Library routines of lib/ that drivers call out of line: number parsing,
 * string copies, bit searches, CRC32, bit reversal, random bytes.
 * (memcpy, strlen & co. with identical semantics come from libc.)
 */
#include <linux/bitops.h>
#include <linux/bitrev.h>
#include <linux/crc32.h>
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/bitmap.h>
#include <linux/crc32poly.h>
#include <linux/kernel.h>
#include <linux/kstrtox.h>
#include <linux/list.h>
#include <linux/poison.h>
#include <linux/random.h>
#include <linux/string.h>
#include "internal.h"

/* Unsigned parse of @s in @base (0: auto 0x/0 prefixes), kernel rules. */
static int parse_ull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long acc = 0;
	int digits = 0;

	if (base == 0 || base == 16) {
		if (s[0] == '0' && _tolower(s[1]) == 'x' && isxdigit(s[2])) {
			s += 2;
			base = 16;
		}
	}
	if (base == 0)
		base = s[0] == '0' ? 8 : 10;
	for (;; s++, digits++) {
		unsigned int v;

		if (isdigit(*s))
			v = *s - '0';
		else if (isxdigit(*s))
			v = _tolower(*s) - 'a' + 10;
		else
			break;
		if (v >= base)
			break;
		if (acc > (ULLONG_MAX - v) / base)
			return -ERANGE;
		acc = acc * base + v;
	}
	if (!digits)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = acc;
	return 0;
}

int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	if (s[0] == '+')
		s++;
	return parse_ull(s, base, res);
}

int kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long tmp;
	int rv;

	if (s[0] == '-') {
		rv = parse_ull(s + 1, base, &tmp);
		if (rv < 0)
			return rv;
		if ((long long)-tmp > 0)
			return -ERANGE;
		*res = -tmp;
	} else {
		rv = kstrtoull(s, base, &tmp);
		if (rv < 0)
			return rv;
		if ((long long)tmp < 0)
			return -ERANGE;
		*res = tmp;
	}
	return 0;
}

int _kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long tmp;
	int rv = kstrtoull(s, base, &tmp);

	if (!rv)
		*res = tmp;
	return rv;
}

int _kstrtol(const char *s, unsigned int base, long *res)
{
	long long tmp;
	int rv = kstrtoll(s, base, &tmp);

	if (!rv)
		*res = tmp;
	return rv;
}

#define KSTRTO_UNSIGNED(name, type, maxv)				\
int name(const char *s, unsigned int base, type *res)			\
{									\
	unsigned long long tmp;						\
	int rv = kstrtoull(s, base, &tmp);				\
									\
	if (rv < 0)							\
		return rv;						\
	if (tmp > (maxv))						\
		return -ERANGE;						\
	*res = tmp;							\
	return 0;							\
}

#define KSTRTO_SIGNED(name, type, minv, maxv)				\
int name(const char *s, unsigned int base, type *res)			\
{									\
	long long tmp;							\
	int rv = kstrtoll(s, base, &tmp);				\
									\
	if (rv < 0)							\
		return rv;						\
	if (tmp < (minv) || tmp > (maxv))				\
		return -ERANGE;						\
	*res = tmp;							\
	return 0;							\
}

KSTRTO_UNSIGNED(kstrtouint, unsigned int, UINT_MAX)
KSTRTO_SIGNED(kstrtoint, int, INT_MIN, INT_MAX)
KSTRTO_UNSIGNED(kstrtou16, u16, U16_MAX)
KSTRTO_SIGNED(kstrtos16, s16, S16_MIN, S16_MAX)
KSTRTO_UNSIGNED(kstrtou8, u8, U8_MAX)
KSTRTO_SIGNED(kstrtos8, s8, S8_MIN, S8_MAX)

int kstrtobool(const char *s, bool *res)
{
	if (!s)
		return -EINVAL;
	switch (s[0]) {
	case 'y': case 'Y': case 't': case 'T': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case 'f': case 'F': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		if (_tolower(s[1]) == 'n') {
			*res = true;
			return 0;
		}
		if (_tolower(s[1]) == 'f') {
			*res = false;
			return 0;
		}
		break;
	}
	return -EINVAL;
}

/* Copies at most @count - 1 bytes; -E2BIG when @src did not fit. */
ssize_t strscpy(char *dest, const char *src, size_t count)
{
	size_t i;

	if (count == 0 || WARN_ON_ONCE(count > INT_MAX))
		return -E2BIG;
	for (i = 0; i < count - 1 && src[i]; i++)
		dest[i] = src[i];
	dest[i] = '\0';
	return src[i] ? -E2BIG : (ssize_t)i;
}

ssize_t strscpy_pad(char *dest, const char *src, size_t count)
{
	ssize_t written = strscpy(dest, src, count);

	if (written >= 0 && (size_t)written + 1 < count)
		memset(dest + written + 1, 0, count - written - 1);
	return written;
}

void *memchr_inv(const void *start, int c, size_t bytes)
{
	const u8 *p = start;

	for (size_t i = 0; i < bytes; i++)
		if (p[i] != (u8)c)
			return (void *)(p + i);
	return NULL;
}

char *skip_spaces(const char *str)
{
	while (isspace(*str))
		++str;
	return (char *)str;
}

/* Bit searches: the out-of-line halves of find_next_bit() & co. */
unsigned long _find_next_bit(const unsigned long *addr, unsigned long nbits,
			     unsigned long start)
{
	for (; start < nbits; start++)
		if (test_bit(start, addr))
			return start;
	return nbits;
}

unsigned long _find_next_zero_bit(const unsigned long *addr, unsigned long nbits,
				  unsigned long start)
{
	for (; start < nbits; start++)
		if (!test_bit(start, addr))
			return start;
	return nbits;
}

unsigned long _find_first_bit(const unsigned long *addr, unsigned long size)
{
	return _find_next_bit(addr, size, 0);
}

unsigned long _find_first_zero_bit(const unsigned long *addr, unsigned long size)
{
	return _find_next_zero_bit(addr, size, 0);
}

unsigned long _find_last_bit(const unsigned long *addr, unsigned long size)
{
	while (size--)
		if (test_bit(size, addr))
			return size;
	return size;
}

/* CRC32 (little-endian, polynomial 0xedb88320), bitwise. */
u32 __pure crc32_le(u32 crc, unsigned char const *p, size_t len)
{
	while (len--) {
		crc ^= *p++;
		for (int i = 0; i < 8; i++)
			crc = (crc >> 1) ^ ((crc & 1) ? CRC32_POLY_LE : 0);
	}
	return crc;
}

u32 __pure crc32_be(u32 crc, unsigned char const *p, size_t len)
{
	while (len--) {
		crc ^= (u32)*p++ << 24;
		for (int i = 0; i < 8; i++)
			crc = (crc << 1) ^ ((crc & 0x80000000) ? CRC32_POLY_BE : 0);
	}
	return crc;
}

/* Bit reversal of every byte, generated two bits at a time. */
#define REV2(n) (n), (n) + 2 * 64, (n) + 1 * 64, (n) + 3 * 64
#define REV4(n) REV2(n), REV2((n) + 2 * 16), REV2((n) + 1 * 16), REV2((n) + 3 * 16)
#define REV6(n) REV4(n), REV4((n) + 2 * 4), REV4((n) + 1 * 4), REV4((n) + 3 * 4)

u8 const byte_rev_table[256] = { REV6(0), REV6(2), REV6(1), REV6(3) };

void get_random_bytes(void *buf, size_t len)
{
	kenv_host_random(buf, len);
}

u32 get_random_u32(void)
{
	u32 v;

	kenv_host_random(&v, sizeof(v));
	return v;
}

u64 get_random_u64(void)
{
	u64 v;

	kenv_host_random(&v, sizeof(v));
	return v;
}

u16 get_random_u16(void)
{
	u16 v;

	kenv_host_random(&v, sizeof(v));
	return v;
}

u8 get_random_u8(void)
{
	u8 v;

	kenv_host_random(&v, sizeof(v));
	return v;
}

/* glibc 2.36 has no strlcpy; the kernel's semantics: returns strlen(src). */
size_t strlcpy(char *dest, const char *src, size_t size)
{
	size_t ret = strlen(src);

	if (size) {
		size_t len = (ret >= size) ? size - 1 : ret;

		memcpy(dest, src, len);
		dest[len] = '\0';
	}
	return ret;
}

/* Character classes of ISO 8859-1, as <linux/ctype.h> expects them. */
const unsigned char _ctype[256] = {
	[0 ... 8] = _C, [9 ... 13] = _C | _S, [14 ... 31] = _C,
	[' '] = _S | _SP,
	['!' ... '/'] = _P, ['0' ... '9'] = _D, [':' ... '@'] = _P,
	['A' ... 'F'] = _U | _X, ['G' ... 'Z'] = _U, ['[' ... '`'] = _P,
	['a' ... 'f'] = _L | _X, ['g' ... 'z'] = _L, ['{' ... '~'] = _P,
	[127 ... 159] = _C, [160] = _S | _SP, [161 ... 191] = _P,
	[192 ... 214] = _U, [215] = _P, [216 ... 222] = _U,
	[223 ... 246] = _L, [247] = _P, [248 ... 255] = _L,
};

/*
 * CONFIG_DEBUG_LIST: list_add()/list_del() validate their neighbours out of
 * line. Corruption is reported and the operation skipped, as in the kernel.
 */
bool __list_add_valid(struct list_head *new, struct list_head *prev,
		      struct list_head *next)
{
	if (next->prev != prev || prev->next != next || new == prev ||
	    new == next) {
		kenv_report("list_add corruption: new=%px prev=%px (next %px) next=%px (prev %px)",
			    new, prev, prev->next, next, next->prev);
		return false;
	}
	return true;
}

bool __list_del_entry_valid(struct list_head *entry)
{
	struct list_head *prev = entry->prev, *next = entry->next;

	if (next == LIST_POISON1 || prev == LIST_POISON2 ||
	    prev->next != entry || next->prev != entry) {
		kenv_report("list_del corruption: %px (prev %px, next %px)",
			    entry, prev, next);
		return false;
	}
	return true;
}
