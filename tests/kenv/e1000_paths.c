// SPDX-License-Identifier: MIT
/*
 * Kernel-recipe glue that drives real e1000 code paths (the unmodified
 * e1000_hw.c / e1000_param.c of Debian's linux-source, built by the test)
 * on an adapter whose BAR 0 is the test's emulated register window.
 * It stands in for what probe would have set up (alloc_etherdev, the PCI
 * device), nothing more.
 */
#include "e1000.h"
#include "ktest.h"
#include "e1000_paths.h"

/* As if the e1000 driver were bound to the device: dev_* prefixes use it. */
static struct device_driver kt_driver = { .name = "e1000" };

static struct e1000_adapter *kt_adapter_new(void *bar0, u16 device_id)
{
	size_t priv = ALIGN(sizeof(struct net_device), NETDEV_ALIGN);
	struct net_device *netdev = kzalloc(priv + sizeof(struct e1000_adapter),
					    GFP_KERNEL);
	struct pci_dev *pdev = kzalloc(sizeof(*pdev), GFP_KERNEL);
	struct e1000_adapter *adapter;

	strscpy(netdev->name, "eth0", sizeof(netdev->name));
	pdev->vendor = PCI_VENDOR_ID_INTEL;
	pdev->device = device_id;
	pdev->dev.init_name = "0000:00:03.0";
	pdev->dev.driver = &kt_driver;
	netdev->dev.parent = &pdev->dev;
	netdev->reg_state = NETREG_REGISTERED;
	adapter = netdev_priv(netdev);
	adapter->netdev = netdev;
	adapter->pdev = pdev;
	adapter->msg_enable = netif_msg_init(-1, NETIF_MSG_DRV | NETIF_MSG_PROBE);
	adapter->hw.back = adapter;
	adapter->hw.hw_addr = bar0;
	adapter->hw.device_id = device_id;
	adapter->hw.vendor_id = PCI_VENDOR_ID_INTEL;
	adapter->num_tx_queues = 1;
	adapter->num_rx_queues = 1;
	adapter->tx_ring = kcalloc(1, sizeof(*adapter->tx_ring), GFP_KERNEL);
	adapter->rx_ring = kcalloc(1, sizeof(*adapter->rx_ring), GFP_KERNEL);
	return adapter;
}

static void kt_adapter_free(struct e1000_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;

	kfree(adapter->tx_ring);
	kfree(adapter->rx_ring);
	kfree(adapter->pdev);
	kfree(netdev);
}

void kt_e1000_mac_types(void)
{
	static const struct {
		u16 device_id;
		e1000_mac_type mac_type;
	} cases[] = {
		{ E1000_DEV_ID_82540EM, e1000_82540 },
		{ E1000_DEV_ID_82545GM_COPPER, e1000_82545_rev_3 },
		{ E1000_DEV_ID_82546EB_COPPER, e1000_82546 },
		{ E1000_DEV_ID_82541GI, e1000_82541_rev_2 },
	};
	struct e1000_hw hw = {};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		hw.device_id = cases[i].device_id;
		hw.revision_id = 0;
		KT_EXPECT(e1000_set_mac_type(&hw) == E1000_SUCCESS);
		KT_EXPECT(hw.mac_type == cases[i].mac_type);
	}
	hw.device_id = 0xbeef;
	KT_EXPECT(e1000_set_mac_type(&hw) == -E1000_ERR_MAC_TYPE);
}

int kt_e1000_read_mac(void *bar0, unsigned char mac[6])
{
	struct e1000_adapter *adapter = kt_adapter_new(bar0, E1000_DEV_ID_82540EM);
	struct e1000_hw *hw = &adapter->hw;
	int rc;

	KT_EXPECT(e1000_set_mac_type(hw) == E1000_SUCCESS);
	KT_EXPECT(e1000_init_eeprom_params(hw) == E1000_SUCCESS);
	KT_EXPECT(hw->eeprom.type == e1000_eeprom_microwire);
	KT_EXPECT(hw->eeprom.word_size == 64);
	rc = e1000_read_mac_addr(hw);
	memcpy(mac, hw->mac_addr, ETH_ALEN);
	KT_EXPECT(ether_addr_equal(hw->mac_addr, hw->perm_mac_addr));
	kt_adapter_free(adapter);
	return rc;
}

int kt_e1000_validate_checksum(void *bar0)
{
	struct e1000_adapter *adapter = kt_adapter_new(bar0, E1000_DEV_ID_82540EM);
	struct e1000_hw *hw = &adapter->hw;
	int rc;

	e1000_set_mac_type(hw);
	e1000_init_eeprom_params(hw);
	rc = e1000_validate_eeprom_checksum(hw);
	kt_adapter_free(adapter);
	return rc;
}

void kt_e1000_check_options(struct kt_e1000_options *out)
{
	struct e1000_adapter *adapter = kt_adapter_new(NULL, E1000_DEV_ID_82540EM);

	e1000_set_mac_type(&adapter->hw);
	adapter->hw.media_type = e1000_media_type_copper;
	adapter->bd_number = 0;
	e1000_check_options(adapter);
	out->tx_count = adapter->tx_ring->count;
	out->rx_count = adapter->rx_ring->count;
	out->itr = adapter->itr;
	out->itr_setting = adapter->itr_setting;
	kt_adapter_free(adapter);
}
