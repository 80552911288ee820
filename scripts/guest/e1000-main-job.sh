# Guest half of scripts/run-e1000.sh (runs under tests/qemu/harness.py).
# 1. The split e1000's kernel half loads on udrv.ko and creates
#    /dev/udrv/e1000; the driver's own init (registering the PCI driver as
#    e1000_k) waits for a user half to attach. The user half cannot be built
#    yet (marshal has no in-place codec for e1000's structs: see
#    docs/ARCHITECTURE.md, "Where the pipeline stands"), so none attaches,
#    and the kernel half unloads cleanly.
# 2. The stock e1000 then drives the same NICs and passes traffic.
. /test/lib.sh
echo "== kernel half: udrv.ko + e1000_k.ko"
insmod /lib/modules/extra/udrv.ko
insmod /lib/modules/extra/e1000_k.ko
ls -l /dev/udrv/
test -c /dev/udrv/e1000
dmesg | grep -E "e1000_k|udrv" || true
rmmod e1000_k
rmmod udrv
if dmesg | grep -E "WARNING|BUG|Oops"; then
	echo "kernel warnings after the kernel half" >&2
	exit 1
fi
echo "== stock e1000: ping between two NICs in two namespaces"
insmod /lib/modules/extra/e1000.ko
two_hosts 52:54:00:00:00:01 52:54:00:00:00:02
ping -c 3 -W 3 192.0.2.2
in_netns "$NS" ping -c 3 -W 3 192.0.2.1
