# fx_shared split with its codec, in Linux 6.1: the kernel half's timer
# counts ticks and schedules a work item whose handler runs in the user
# half; there the handler reads the count and writes a struct of stats that
# the kernel half's module exit prints. Neither half sees the other's
# writes unless the variables cross with the calls.
. /test/kstub-lib.sh
insmod /lib/modules/extra/udrv.ko
insmod /lib/modules/extra/fx_shared_k.ko fx_shared_debug=1
test -c /dev/udrv/fx_shared
fx_shared-udrv >/tmp/fx.log 2>&1 &
pid=$!
wait_stat fx_shared attached 1
# Each tick is one upcall: wait for five of them.
tries=300
while [ "$(grep -c 'ticks$' /tmp/fx.log)" -lt 5 ] && [ $tries -gt 0 ]; do
	sleep 0.1
	tries=$((tries - 1))
done
kill -TERM $pid
wait $pid || { cat /tmp/fx.log >&2; echo "fx-shared: the user half failed" >&2; exit 1; }
cat /tmp/fx.log

# The user half saw the kernel's counter grow (the module parameter it
# prints under came from insmod too): 1, 2, 3... with no reset to 0.
counts=$(sed -n 's/.*fx_shared (2): \([0-9]*\) ticks$/\1/p' /tmp/fx.log | tr '\n' ' ')
echo "fx-shared: the user half saw counts: $counts"
set -- $counts
test $# -ge 5 || { echo "fx-shared: $# reports, want 5" >&2; exit 1; }
prev=0
for c in "$@"; do
	if [ "$c" -le "$prev" ]; then
		echo "fx-shared: count $c after $prev: the kernel's counter did not cross" >&2
		exit 1
	fi
	prev=$c
done

# The kernel half got the user half's struct: as many reports as the user
# half printed (or one more, if a tick crossed after the log was read), the
# count the last one saw, and the tag it copied; and the string the user
# half pointed fx_shared_mode to.
rmmod fx_shared_k
line=$(dmesg | grep 'fx_shared: .* reports')
echo "fx-shared: $line"
reports=$(echo "$line" | sed 's/.*fx_shared: \([0-9]*\) reports.*/\1/')
seen=$(echo "$line" | sed 's/.*the last saw \([0-9]*\) of.*/\1/')
if [ "$reports" -lt $# ] || [ "$reports" -gt $(($# + 1)) ] || [ "$seen" -lt "$prev" ]; then
	echo "fx-shared: the kernel half has $reports reports, last $seen; the user half made $#, last $prev" >&2
	exit 1
fi
echo "$line" | grep -q 'tag fx, mode reported$'
rmmod udrv
check_dmesg
echo "fx-shared: ok"
