# fx_kapi split with its codec, in Linux 6.1: the user half's setup
# registers a net_device through kernel API downcalls; `ip link set up`
# runs its open in the user half, which sets fx_kapi_active, a pointer
# variable the kernel half reads. Whether the open then gets its IRQ or
# not, the pointer crossed back with the open's reply as the kernel's own
# net_device: the kernel half's module exit names it.
. /test/kstub-lib.sh
insmod /lib/modules/extra/udrv.ko
insmod /lib/modules/extra/fx_kapi_k.ko
fx_kapi-udrv >/tmp/fx.log 2>&1 &
pid=$!
wait_stat fx_kapi attached 1
tries=100
dev=
while [ -z "$dev" ] && [ $tries -gt 0 ]; do
	dev=$(ip -o link | awk -F': ' '/02:00:00:00:00:01/ { print $2 }')
	sleep 0.1
	tries=$((tries - 1))
done
test -n "$dev" || { cat /tmp/fx.log >&2; echo "fx-kapi: no netdev registered" >&2; exit 1; }
echo "fx-kapi: the user half registered $dev"
ip link set dev "$dev" up || echo "fx-kapi: the open failed (its IRQ), as it may"
kill -TERM $pid
wait $pid || { cat /tmp/fx.log >&2; echo "fx-kapi: the user half failed" >&2; exit 1; }
rmmod fx_kapi_k
dmesg | grep "fx_kapi: $dev still open at exit" || {
	dmesg | tail -20 >&2
	echo "fx-kapi: the kernel half's fx_kapi_active is not $dev" >&2
	exit 1
}
rmmod udrv
check_dmesg
echo "fx-kapi: ok"
