// SPDX-License-Identifier: MIT
/*
 * The ioread and iowrite families on __iomem cookies (lib/iomap.c). A BAR mapped into the
 * user half is ordinary memory-mapped I/O, reached with the same MOV
 * instructions as in the kernel. Port I/O cookies (below PIO_RESERVED)
 * would need the kernel: kenv refuses them by name.
 */
#include <linux/io.h>
#include "internal.h"

#define PIO_RESERVED 0x40000UL

static void __iomem *mmio(const void __iomem *addr, const char *who)
{
	if ((unsigned long)addr < PIO_RESERVED)
		kenv_fatal("%s(%px): port I/O is not available in a user half",
			   who, addr);
	return (void __iomem *)addr;
}

unsigned int ioread8(const void __iomem *addr)
{
	return readb(mmio(addr, "ioread8"));
}

unsigned int ioread16(const void __iomem *addr)
{
	return readw(mmio(addr, "ioread16"));
}

unsigned int ioread32(const void __iomem *addr)
{
	return readl(mmio(addr, "ioread32"));
}

void iowrite8(u8 val, void __iomem *addr)
{
	writeb(val, mmio(addr, "iowrite8"));
}

void iowrite16(u16 val, void __iomem *addr)
{
	writew(val, mmio(addr, "iowrite16"));
}

void iowrite32(u32 val, void __iomem *addr)
{
	writel(val, mmio(addr, "iowrite32"));
}

void ioread8_rep(const void __iomem *addr, void *dst, unsigned long count)
{
	u8 *d = dst;

	while (count--)
		*d++ = readb(mmio(addr, "ioread8_rep"));
}

void ioread16_rep(const void __iomem *addr, void *dst, unsigned long count)
{
	u16 *d = dst;

	while (count--)
		*d++ = readw(mmio(addr, "ioread16_rep"));
}

void ioread32_rep(const void __iomem *addr, void *dst, unsigned long count)
{
	u32 *d = dst;

	while (count--)
		*d++ = readl(mmio(addr, "ioread32_rep"));
}

void iowrite8_rep(void __iomem *addr, const void *src, unsigned long count)
{
	const u8 *s = src;

	while (count--)
		writeb(*s++, mmio(addr, "iowrite8_rep"));
}

void iowrite16_rep(void __iomem *addr, const void *src, unsigned long count)
{
	const u16 *s = src;

	while (count--)
		writew(*s++, mmio(addr, "iowrite16_rep"));
}

void iowrite32_rep(void __iomem *addr, const void *src, unsigned long count)
{
	const u32 *s = src;

	while (count--)
		writel(*s++, mmio(addr, "iowrite32_rep"));
}
