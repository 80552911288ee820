# The split e1000's probe runs in its user half: e1000_k.ko registers the
# PCI driver when e1000-udrv attaches, each 82540EM's probe crosses into the
# user half (PCI enable, BAR mapping, EEPROM and MAC, register_netdev
# downcall), and both netdevs exist with the MACs QEMU gave the NICs.
. /test/kstub-lib.sh
. /test/lib.sh
. /test/split-lib.sh
# Crossings traced on the user half's stderr (UDRV_TRACE).
export UDRV_TRACE=1
split_start
echo "probe: $(nic_by_mac 52:54:00:00:00:01) and $(nic_by_mac 52:54:00:00:00:02) registered"
# e1000_probe's own message, printed by the user half (its stderr).
expect_udrv_log 'Intel(R) PRO/1000 Network Connection' 2
expect_at_least e1000 upcalls 2
expect_at_least e1000 downcalls 10
# Each probe: its upcall, in a fiber of its own, its downcalls in that
# fiber, and its result.
expect_udrv_log 'udrv-trace\[e1000\] [0-9.]* upcall:[0-9]*: upcall e1000_probe: [0-9]* bytes$' 2
expect_udrv_log 'udrv-trace\[e1000\] [0-9.]* upcall:[0-9]*: upcall e1000_probe: 0, returns 0$' 2
grep -q 'udrv-trace\[e1000\] [0-9.]* upcall:[0-9]*: downcall register_netdev: 0, returns 0$' /tmp/e1000-udrv.log
grep -v '^<7>\|^udrv-trace' /tmp/e1000-udrv.log
check_dmesg 0
