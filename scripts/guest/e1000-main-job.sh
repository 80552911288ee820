# Guest half of scripts/run-e1000.sh, first boot (tests/qemu/harness.py):
# the split e1000. udrv.ko and e1000_k.ko load; e1000-udrv, the user half,
# attaches to /dev/udrv/e1000, and the kernel half registers its PCI driver
# (e1000_k). Each 82540EM's probe then runs in the user half (PCI enable,
# BAR mapping, the reset through the I/O BAR, EEPROM and MAC,
# register_netdev); `ip link set up` runs e1000_open there, the link
# interrupt schedules the watchdog, which runs there too; then traffic flows
# through the kernel half's data path between two namespaces.
. /test/lib.sh
echo "== kernel half: udrv.ko + e1000_k.ko; user half: e1000-udrv"
insmod /lib/modules/extra/udrv.ko
insmod /lib/modules/extra/e1000_k.ko
e1000-udrv >/tmp/e1000-udrv.log 2>&1 &
tries=300
while [ -z "$(nic_by_mac 52:54:00:00:00:02 2>/dev/null)" ] && [ $tries -gt 0 ]; do
	sleep 0.1
	tries=$((tries - 1))
done
echo "== the netdevs the user half registered"
ip link show "$(nic_by_mac 52:54:00:00:00:01)"
ip link show "$(nic_by_mac 52:54:00:00:00:02)"
echo "== up in two namespaces (e1000_open and the watchdog in the user half)"
two_hosts 52:54:00:00:00:01 52:54:00:00:00:02
echo "== what the user half printed (its stderr)"
grep -v '^<7>' /tmp/e1000-udrv.log
echo "== ping through the split e1000, both ways"
ping -c 3 -W 3 192.0.2.2
in_netns "$NS" ping -c 3 -W 3 192.0.2.1
echo "== the channel's counters"
mount -t debugfs none /sys/kernel/debug 2>/dev/null || true
grep -E "^(upcalls|downcalls|attached) " /sys/kernel/debug/udrv/e1000/stats
if dmesg | grep -E "WARNING|BUG|Oops"; then
	echo "kernel warnings with the split driver" >&2
	exit 1
fi
