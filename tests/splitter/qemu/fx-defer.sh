# fx_defer split with its codec, in Linux 6.1: the kernel half's timer
# (softirq, a spinlock held) calls fx_defer_report, which the sidecar
# defers. The report runs in the user half after each tick and sees the
# kernel's tick count; the counters it writes reach the kernel half, whose
# module exit prints them; every tick went on before its report had run.
. /test/kstub-lib.sh
insmod /lib/modules/extra/udrv.ko
insmod /lib/modules/extra/fx_defer_k.ko
fx_defer-udrv >/tmp/fx.log 2>&1 &
pid=$!
wait_stat fx_defer attached 1
tries=300
while [ "$(grep -c 'fx_defer: report' /tmp/fx.log)" -lt 5 ] && [ $tries -gt 0 ]; do
	sleep 0.1
	tries=$((tries - 1))
done
# The fifth report's reply follows its log line.
sleep 1
kill -TERM $pid
wait $pid || { cat /tmp/fx.log >&2; echo "fx-defer: the user half failed" >&2; exit 1; }
cat /tmp/fx.log

# The user half ran five reports, each after its tick: 1..5 ticks seen.
seen=$(sed -n 's/.*fx_defer: report \([0-9]*\) saw \([0-9]*\) ticks$/\1:\2/p' /tmp/fx.log | tr '\n' ' ')
echo "fx-defer: the user half's reports (report:ticks): $seen"
test "$seen" = "1:1 2:2 3:3 4:4 5:5 " || {
	echo "fx-defer: want 1:1 2:2 3:3 4:4 5:5" >&2
	exit 1
}

rmmod fx_defer_k
line=$(dmesg | grep 'fx_defer: .* reports')
echo "fx-defer: $line"
echo "$line" | grep -q 'fx_defer: 5 reports, the last saw 5 of 5 ticks, 5 went on before theirs$' || {
	echo "fx-defer: the kernel half did not get the deferred reports' counters" >&2
	exit 1
}
rmmod udrv
check_dmesg
echo "fx-defer: ok"
