# Traffic through the split e1000: both 82540EMs run on e1000_k.ko with
# their control path in e1000-udrv. `ip link set up` runs e1000_open in the
# user half, the first link interrupt (kernel half) schedules the watchdog,
# which runs in the user half and turns the carrier on; then pings cross the
# kernel half's data path both ways between two namespaces.
. /test/kstub-lib.sh
. /test/lib.sh
. /test/split-lib.sh
split_start
two_hosts 52:54:00:00:00:01 52:54:00:00:00:02
# e1000_watchdog's own message: the link came up in the user half.
expect_udrv_log 'NIC Link is Up 1000 Mbps Full Duplex' 2
ping -c 3 -W 3 192.0.2.2
in_netns "$NS" ping -c 3 -W 3 192.0.2.1
ping -c 20 -i 0.05 -W 2 192.0.2.2 >/tmp/ping.log
tail -2 /tmp/ping.log
grep -q ' 0% packet loss' /tmp/ping.log
grep -E '^(upcalls|downcalls|refused|timeouts) ' $D/udrv/e1000/stats || true
kill -0 "$UDRV_PID"
check_dmesg 0
