# The split e1000's probe runs in its user half: e1000_k.ko registers the
# PCI driver when e1000-udrv attaches, each 82540EM's probe crosses into the
# user half (PCI enable, BAR mapping, EEPROM and MAC, register_netdev
# downcall), and both netdevs exist with the MACs QEMU gave the NICs.
. /test/kstub-lib.sh
. /test/lib.sh
. /test/split-lib.sh
split_start
echo "probe: $(nic_by_mac 52:54:00:00:00:01) and $(nic_by_mac 52:54:00:00:00:02) registered"
# e1000_probe's own message, printed by the user half (its stderr).
expect_udrv_log 'Intel(R) PRO/1000 Network Connection' 2
expect_at_least e1000 upcalls 2
expect_at_least e1000 downcalls 10
grep -v '^<7>' /tmp/e1000-udrv.log
check_dmesg 0
