# The split e1000's control path while traffic flows: each step crosses into
# the user half (ndo_stop/ndo_open, ndo_change_mtu, the rx mode and its
# filters, statistics, ethtool queries, settings and ring resizes) and
# traffic must flow after it. $SPLIT_USER_HALF picks the user half (asan.sh
# runs this life under e1000-udrv-asan).
. /test/kstub-lib.sh
. /test/lib.sh
. /test/split-lib.sh
split_start "${SPLIT_USER_HALF:-e1000-udrv}"
two_hosts 52:54:00:00:00:01 52:54:00:00:00:02
# The 82540EM model holds receive for 1 s after an RCTL write: allow for it.
reach() {
	ping -c 4 -W 3 "$@" 192.0.2.2 >/tmp/ping.log || { cat /tmp/ping.log >&2; return 1; }
}
ping -i 0.1 -c 600 -W 1 192.0.2.2 >/tmp/background.log 2>&1 &
background=$!
reach

echo "== down and up (e1000_close, e1000_open: rings freed and reallocated)"
bql=/sys/class/net/$A/queues/tx-0/byte_queue_limits
ip link set "$A" down
# The ring cleanup reset the kernel's byte queue limits (netdev_reset_queue:
# dql_reset of the queue's own counters, not of a copy), and nothing is sent
# while the interface is down.
[ "$(cat "$bql/limit") $(cat "$bql/inflight")" = "0 0" ] ||
	{ echo "BQL after down: limit $(cat "$bql/limit"), inflight $(cat "$bql/inflight")" >&2; exit 1; }
ip link set "$A" up
wait_carrier "$A" "" 80
reach

echo "== MTU 4000 on both sides, a 3000-byte ping"
ip link set "$A" mtu 4000
in_netns "$NS" ip link set "$B" mtu 4000
wait_carrier "$A" "" 80
reach -s 3000

echo "== promiscuous mode (the rx mode crossing)"
ip link set "$A" promisc on
reach
ip link set "$A" promisc off

echo "== statistics and ethtool's driver info, answered by the user half"
rx=$(cat /sys/class/net/"$A"/statistics/rx_packets)
[ "$rx" -gt 0 ]
ethtool -i "$A" >/tmp/drvinfo
grep -q '^driver: e1000$' /tmp/drvinfo
grep -q '^bus-info: 0000:00:0' /tmp/drvinfo

echo "== ethtool: settings changed and read back (pause frames forced on, message level)"
ethtool -A "$A" autoneg off rx on tx on
ethtool -a "$A" >/tmp/pause
grep -q '^Autonegotiate:[[:space:]]*off' /tmp/pause
grep -q '^RX:[[:space:]]*on' /tmp/pause
grep -q '^TX:[[:space:]]*on' /tmp/pause
ethtool -s "$A" msglvl 0x7
ethtool "$A" | grep -q 'Current message level: 0x00000007'
reach -s 3000

echo "== ethtool's buffers: statistics (names and values), registers, EEPROM"
ethtool -S "$A" >/tmp/estats
grep -q '^ *rx_packets: [1-9]' /tmp/estats || { cat /tmp/estats >&2; exit 1; }
grep -q '^ *tx_bytes: [1-9]' /tmp/estats || { cat /tmp/estats >&2; exit 1; }
[ "$(grep -c ': ' /tmp/estats)" -gt 30 ]
ethtool -d "$A" | grep -q '^0x00000: CTRL'
# The EEPROM's first three words are the MAC address.
ethtool -e "$A" length 8 | grep -q '^0x0000:[[:space:]]*52 54 00 00 00 01'

echo "== ring resizes while pings flow (e1000_set_ringparam: new ring arrays, the old ones cleaned and freed)"
ring_size() {
	awk -v what="$1:" '/^Current/ {cur=1} cur && $1 == what {print $2}' /tmp/rings
}
for sizes in "512 1024" "256 512" "80 256"; do
	set -- $sizes
	ethtool -G "$A" rx "$1" tx "$2" || { echo "ethtool -G rx $1 tx $2 failed" >&2; exit 1; }
	ethtool -g "$A" >/tmp/rings
	[ "$(ring_size RX) $(ring_size TX)" = "$1 $2" ] ||
		{ echo "rings after -G rx $1 tx $2:" >&2; cat /tmp/rings >&2; exit 1; }
	wait_carrier "$A" "" 80
	reach -s 3000
done

kill "$background" 2>/dev/null || true
reach
# The hardware counters the user half accumulates (adapter->stats, nested in
# the adapter) survived the resizes' crossings: none rolled them back.
counter() {
	awk -v what="$1:" '$1 == what {print $2}' "$2"
}
ethtool -S "$A" >/tmp/estats2
[ "$(counter rx_packets /tmp/estats2)" -gt "$(counter rx_packets /tmp/estats)" ] ||
	{ echo "rx_packets went from $(counter rx_packets /tmp/estats) to $(counter rx_packets /tmp/estats2)" >&2; exit 1; }
# Byte queue limits: every byte queued was completed or reset with its ring
# (dql_reset on a copy of the counters left them growing until BQL stopped
# the queue for good).
tries=20
until [ "$(cat "$bql/inflight")" -eq 0 ]; do
	tries=$((tries - 1))
	[ "$tries" -gt 0 ] || { echo "BQL: $(cat "$bql/inflight") bytes still in flight" >&2; exit 1; }
	sleep 0.1
done
kill -0 "$UDRV_PID"
check_dmesg 0
