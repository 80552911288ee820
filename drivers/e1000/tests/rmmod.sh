# The user half exits with both interfaces up; `rmmod` then finds their
# remove crossings failing and releases, in reverse order, what the user
# half's downcalls acquired (IRQ, netdev registration, netdev, regions, the
# PCI function): no oops, no leak of a netdev into an unloaded module. The
# modules load again and a new user half drives the NICs as before.
. /test/kstub-lib.sh
. /test/lib.sh
. /test/split-lib.sh
split_start
two_hosts 52:54:00:00:00:01 52:54:00:00:00:02
ping -c 2 -W 3 192.0.2.2 >/dev/null
kill -TERM "$UDRV_PID"
wait "$UDRV_PID"
wait_stat e1000 attached 0
rmmod e1000_k
rmmod udrv
[ "$(dmesg | grep -c 'did not release resource')" -eq 10 ]
if ip link show | grep -q '52:54:00:00:00:0'; then
	echo "rmmod: a netdev outlived its module" >&2
	exit 1
fi
kill "$NS" 2>/dev/null || true
echo "== loaded again"
split_start
two_hosts 52:54:00:00:00:01 52:54:00:00:00:02
ping -c 3 -W 3 192.0.2.2
check_dmesg 0
