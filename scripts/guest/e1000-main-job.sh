# Guest half of scripts/run-e1000.sh (runs under tests/qemu/harness.py).
# 1. The split e1000's kernel half loads on udrv.ko and claims both 82540EM;
#    its probe crosses to the user half. No user half serves it yet (its
#    pointer arguments need generated codecs), so probe fails cleanly with
#    -ENOTCONN and the kernel stays healthy.
# 2. The stock e1000 then drives the same NICs and passes traffic.
. /test/lib.sh
echo "== kernel half: udrv.ko + e1000_k.ko"
insmod /lib/modules/extra/udrv.ko
insmod /lib/modules/extra/e1000_k.ko
ls -l /dev/udrv/
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
