# The split e1000's probe runs in its user half: e1000_k.ko registers the
# PCI driver when e1000-udrv attaches, each 82540EM's probe crosses into the
# user half (PCI enable, BAR mapping, EEPROM and MAC, register_netdev
# downcall), and both netdevs exist with the MACs QEMU gave the NICs.
. /test/kstub-lib.sh
. /test/lib.sh
insmod /lib/modules/extra/udrv.ko
insmod /lib/modules/extra/e1000_k.ko
test -c /dev/udrv/e1000

e1000-udrv >/tmp/udrv.log 2>&1 &
udrv=$!
wait_stat e1000 attached 1
tries=200
while [ -z "$(nic_by_mac 52:54:00:00:00:02 2>/dev/null)" ] && [ $tries -gt 0 ]; do
	sleep 0.1
	tries=$((tries - 1))
done
a=$(nic_by_mac 52:54:00:00:00:01)
b=$(nic_by_mac 52:54:00:00:00:02)
echo "probe: $a and $b registered"
test -n "$a" && test -n "$b"
# e1000_probe's own message, printed by the user half (its stderr).
test "$(grep -c 'Intel(R) PRO/1000 Network Connection' /tmp/udrv.log)" -eq 2
expect_at_least e1000 upcalls 2
expect_at_least e1000 downcalls 10
cat /tmp/udrv.log | grep -v '^<7>' | head -20
check_dmesg 0
