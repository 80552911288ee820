// SPDX-License-Identifier: MIT
/*
 * Networking helpers that are pure functions of their arguments (no kernel
 * state): they run in the user half rather than crossing to the kernel.
 */
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/net_tstamp.h>
#include <net/checksum.h>
#include "internal.h"

int eth_validate_addr(struct net_device *dev)
{
	if (!is_valid_ether_addr(dev->dev_addr))
		return -EADDRNOTAVAIL;
	return 0;
}

u32 ethtool_op_get_link(struct net_device *dev)
{
	return netif_carrier_ok(dev) ? 1 : 0;
}

int ethtool_op_get_ts_info(struct net_device *dev, struct ethtool_ts_info *info)
{
	info->so_timestamping = SOF_TIMESTAMPING_TX_SOFTWARE |
				SOF_TIMESTAMPING_RX_SOFTWARE |
				SOF_TIMESTAMPING_SOFTWARE;
	info->phc_index = -1;
	return 0;
}

void ethtool_convert_legacy_u32_to_link_mode(unsigned long *dst, u32 legacy_u32)
{
	for (unsigned int i = 0; i < BITS_TO_LONGS(__ETHTOOL_LINK_MODE_MASK_NBITS); i++)
		dst[i] = 0;
	dst[0] = legacy_u32;
}

/* False when @src has modes beyond the 32 a legacy u32 can express. */
bool ethtool_convert_link_mode_to_legacy_u32(u32 *legacy_u32,
					     const unsigned long *src)
{
	bool fits = true;

	for (unsigned int bit = 32; bit < __ETHTOOL_LINK_MODE_MASK_NBITS; bit++)
		if (test_bit(bit, src))
			fits = false;
	*legacy_u32 = (u32)src[0];
	return fits;
}

/* One's-complement sum of the IPv6 pseudo header, folded. */
__sum16 csum_ipv6_magic(const struct in6_addr *saddr,
			const struct in6_addr *daddr, __u32 len, __u8 proto,
			__wsum csum)
{
	u64 sum = (__force u32)csum;

	for (int i = 0; i < 4; i++)
		sum += (__force u32)saddr->s6_addr32[i] +
		       (__force u32)daddr->s6_addr32[i];
	sum += (__force u32)htonl(len) + (__force u32)htonl(proto);
	while (sum >> 32)
		sum = (sum & 0xffffffff) + (sum >> 32);
	return csum_fold((__force __wsum)(u32)sum);
}
