# fx_defer split with its codec, in Linux 6.1: the kernel half's timer
# (softirq, a spinlock held) calls fx_defer_report, which the sidecar
# defers. The report runs in the user half after its tick and sees the
# kernel's tick count; the counters it writes reach the kernel half, whose
# module exit prints them; every tick went on before its report had run.
. /test/kstub-lib.sh
insmod /lib/modules/extra/udrv.ko
insmod /lib/modules/extra/fx_defer_k.ko
fx_defer-udrv >/tmp/fx.log 2>&1 &
pid=$!
wait_stat fx_defer attached 1
tries=300
while ! grep -q 'saw 5 ticks$' /tmp/fx.log && [ $tries -gt 0 ]; do
	sleep 0.1
	tries=$((tries - 1))
done
# The last report's reply follows its log line.
sleep 1
kill -TERM $pid
wait $pid || { cat /tmp/fx.log >&2; echo "fx-defer: the user half failed" >&2; exit 1; }
cat /tmp/fx.log

# The user half ran the reports, each after its tick and seeing it: ticks
# strictly increasing up to the fifth. A tick whose report was still
# waiting shares it (the same arguments: one call), so there may be fewer
# than five, never more.
seen=$(sed -n 's/.*fx_defer: report \([0-9]*\) saw \([0-9]*\) ticks$/\1:\2/p' /tmp/fx.log | tr '\n' ' ')
echo "fx-defer: the user half's reports (report:ticks): $seen"
n=0 last=0
for r in $seen; do
	n=$((n + 1))
	t=${r#*:}
	if [ "${r%:*}" -ne $n ] || [ "$t" -le $last ]; then
		echo "fx-defer: report $r after $last ticks: out of order" >&2
		exit 1
	fi
	last=$t
done
[ $n -ge 1 ] && [ $last -eq 5 ] || { echo "fx-defer: $n reports, the last saw $last ticks, want 5" >&2; exit 1; }

rmmod fx_defer_k
line=$(dmesg | grep 'fx_defer: .* reports')
echo "fx-defer: $line"
echo "$line" | grep -q "fx_defer: $n reports, the last saw 5 of 5 ticks, 5 went on before theirs$" || {
	echo "fx-defer: the kernel half did not get the deferred reports' counters" >&2
	exit 1
}
rmmod udrv
check_dmesg
echo "fx-defer: ok"
