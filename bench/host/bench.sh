# Guest script of bench-host: an upcall round trip served by udrv_host
# (hostu: Dingo loop, a fiber per upcall, kenv) vs by a bare udrv_client
# loop (kstub_client serve), interleaved rounds in the same boot.
mount -t debugfs none /sys/kernel/debug
D=/sys/kernel/debug
insmod /lib/modules/extra/udrv.ko
# hostk first: it takes one 82540EM, kstub_test the other.
insmod /lib/modules/extra/hostk.ko
insmod /lib/modules/extra/kstub_test.ko
kstub_client serve /dev/udrv/kstub &
bare=$!
hostu 2>/dev/null &
host=$!
sleep 1
for round in 1 2 3 4 5; do
	echo 5000 > $D/kstub_test/bench_upcall
	b=$(cat $D/kstub_test/bench_upcall)
	echo 5000 > $D/hostk/bench
	h=$(cat $D/hostk/bench)
	echo "round $round: bare client $b ns, udrv_host $h ns, host/bare $(awk -v h=$h -v b=$b 'BEGIN { printf "%.2f", h / b }')x"
done
kill $bare $host
wait || true
