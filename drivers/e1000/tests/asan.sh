# The split e1000's user half built with ASan and UBSan (e1000-udrv-asan):
# probe, open, the watchdog, traffic, down and up, then SIGTERM: the run
# ends with exit status 0 and no sanitizer report.
. /test/kstub-lib.sh
. /test/lib.sh
. /test/split-lib.sh
split_start e1000-udrv-asan
two_hosts 52:54:00:00:00:01 52:54:00:00:00:02
ping -c 4 -W 3 192.0.2.2
ip link set "$A" down
ip link set "$A" up
wait_carrier "$A" "" 80
ping -c 4 -W 3 192.0.2.2
in_netns "$NS" ping -c 4 -W 3 192.0.2.1
kill -TERM "$UDRV_PID"
status=0
wait "$UDRV_PID" || status=$?
echo "user half exit status $status"
if grep -E "AddressSanitizer|runtime error|LeakSanitizer" /tmp/e1000-udrv.log; then
	echo "asan: the user half has sanitizer reports" >&2
	exit 1
fi
[ "$status" -eq 0 ]
check_dmesg 0
