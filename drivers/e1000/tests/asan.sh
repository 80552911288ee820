# The split e1000's user half built with ASan and UBSan (e1000-udrv-asan)
# through the control test's whole life (probe, open, the watchdog, traffic,
# down and up, MTU, promiscuous mode, statistics, ethtool queries and ring
# resizes), then SIGTERM: the run ends with exit status 0 and no sanitizer
# report.
SPLIT_USER_HALF=e1000-udrv-asan
. /test/control.sh
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
