# Guest half of scripts/run-e1000.sh, first boot (tests/qemu/harness.py):
# the split e1000. udrv.ko and e1000_k.ko load; e1000-udrv, the user half,
# attaches to /dev/udrv/e1000, and the kernel half registers its PCI driver
# (e1000_k). Each 82540EM's probe then runs in the user half: PCI enable,
# BAR mapping, the reset through the I/O BAR, EEPROM and MAC, and the
# register_netdev downcall. `ip link set up` (e1000_open in the user half) is
# not run here yet: the first interrupt schedules a work item only the user
# half initialized (docs/ARCHITECTURE.md, "Where the pipeline stands").
. /test/lib.sh
echo "== kernel half: udrv.ko + e1000_k.ko; user half: e1000-udrv"
insmod /lib/modules/extra/udrv.ko
insmod /lib/modules/extra/e1000_k.ko
e1000-udrv >/tmp/e1000-udrv.log 2>&1 &
tries=200
while [ -z "$(nic_by_mac 52:54:00:00:00:02 2>/dev/null)" ] && [ $tries -gt 0 ]; do
	sleep 0.1
	tries=$((tries - 1))
done
echo "== what the user half printed while probing (its stderr)"
grep -v '^<7>' /tmp/e1000-udrv.log
echo "== the netdevs it registered"
ip link show "$(nic_by_mac 52:54:00:00:00:01)"
ip link show "$(nic_by_mac 52:54:00:00:00:02)"
echo "== the channel's counters"
mount -t debugfs none /sys/kernel/debug 2>/dev/null || true
grep -E "^(upcalls|downcalls|attached) " /sys/kernel/debug/udrv/e1000/stats
if dmesg | grep -E "WARNING|BUG|Oops"; then
	echo "kernel warnings with the split driver" >&2
	exit 1
fi
