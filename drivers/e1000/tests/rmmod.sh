# The user half exits with both interfaces up; the kernel half stops the
# devices before udrv frees their rings (queues, NAPI, bus mastering);
# `rmmod` then finds their remove crossings failing and releases, in reverse
# order, what the user half's downcalls acquired (IRQ, netdev registration,
# netdev, regions, the PCI function): no oops, no leak of a netdev into an unloaded module, of an
# IRQ, an I/O or memory region claim, an enabled PCI function or a DMA
# buffer. The modules load again and a new user half drives the NICs as
# before.
. /test/kstub-lib.sh
. /test/lib.sh
. /test/split-lib.sh
split_start
two_hosts 52:54:00:00:00:01 52:54:00:00:00:02
ping -c 2 -W 3 192.0.2.2 >/dev/null

# What the split driver holds while it runs (the same checks must then
# find all of it released).
held() {
	echo "iomem $(grep -c ' : e1000$' /proc/iomem)"
	echo "ioports $(grep -c ' : e1000$' /proc/ioports)"
	echo "irqs $(grep -c -E ' eth[01]$' /proc/interrupts)"
	echo "enabled $(cat /sys/bus/pci/devices/0000:00:0[23].0/enable | grep -c 1)"
	echo "dma $(cat "$D/udrv/e1000/regions" 2>/dev/null | grep -c " dma ")"
}
held >/tmp/running
grep -qx 'iomem 2' /tmp/running
grep -qx 'ioports 2' /tmp/running
grep -qx 'irqs 2' /tmp/running
grep -qx 'enabled 2' /tmp/running
grep -q '^dma [1-9]' /tmp/running

# The PCI command register's bus master bit of each function.
bus_masters() {
	for f in /sys/bus/pci/devices/0000:00:0[23].0/config; do
		echo $(($(dd if="$f" bs=1 skip=4 count=1 2>/dev/null | od -An -tu1) & 4))
	done | grep -c 4
}
[ "$(bus_masters)" -eq 2 ]

kill -TERM "$UDRV_PID"
wait "$UDRV_PID"
wait_stat e1000 attached 0
# Before udrv freed the rings, the kernel half stopped what would touch
# them: the queues, the NAPI polls and the devices' DMA (quiesce).
[ "$(bus_masters)" -eq 0 ] || { echo "quiesce: bus mastering still on" >&2; exit 1; }
[ "$(cat /sys/class/net/"$A"/carrier)" = 0 ] || { echo "quiesce: carrier still on" >&2; exit 1; }
dmesg | grep -q 'the user half is gone: 2 interface(s) stopped, 2 NAPI context(s) disabled, 2 bus master(s) off'
# The user half's DMA buffers (rings) go with its session.
[ "$(grep -c ' dma ' "$D/udrv/e1000/regions")" -eq 0 ]
rmmod e1000_k
rmmod udrv
# each device's IRQ, registration, net_device, regions and enable
[ "$(dmesg | grep -c 'the user half did not release [A-Z_]*; releasing it')" -eq 10 ]
if ip link show | grep -q '52:54:00:00:00:0'; then
	echo "rmmod: a netdev outlived its module" >&2
	exit 1
fi
held >/tmp/after
if [ "$(cat /tmp/after)" != "$(printf 'iomem 0\nioports 0\nirqs 0\nenabled 0\ndma 0')" ]; then
	cat /tmp/running /tmp/after >&2
	echo "rmmod: the split driver left resources behind" >&2
	exit 1
fi
kill "$NS" 2>/dev/null || true
echo "== loaded again"
split_start
two_hosts 52:54:00:00:00:01 52:54:00:00:00:02
ping -c 3 -W 3 192.0.2.2
check_dmesg 0
