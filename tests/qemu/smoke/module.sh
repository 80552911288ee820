# A module built by the project's Kbuild rules loads, its device node appears,
# a user program reaches it, and it unloads cleanly.
insmod /lib/modules/extra/udrv_smoke.ko
test -c /dev/udrv_smoke
smoke_client /dev/udrv_smoke
rmmod udrv_smoke
test ! -e /dev/udrv_smoke
if dmesg | grep -E "WARNING|BUG|Oops"; then
	echo "kernel warnings after the smoke module" >&2
	exit 1
fi
