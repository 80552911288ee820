# The split e1000's control path while traffic flows: each step crosses into
# the user half (ndo_stop/ndo_open, ndo_change_mtu, the rx mode and its
# filters, statistics, ethtool queries and ring sizes) and traffic must flow
# after it.
. /test/kstub-lib.sh
. /test/lib.sh
. /test/split-lib.sh
split_start
two_hosts 52:54:00:00:00:01 52:54:00:00:00:02
# The 82540EM model holds receive for 1 s after an RCTL write: allow for it.
reach() {
	ping -c 4 -W 3 "$@" 192.0.2.2 >/tmp/ping.log || { cat /tmp/ping.log >&2; return 1; }
}
ping -i 0.1 -c 600 -W 1 192.0.2.2 >/tmp/background.log 2>&1 &
background=$!
reach

echo "== down and up (e1000_close, e1000_open: rings freed and reallocated)"
ip link set "$A" down
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

echo "== ethtool: rings resized twice (e1000_set_ringparam: down, new rings, old ones freed, up)"
ethtool -g "$A" | grep -A5 'Current hardware' | grep -q '^RX:[[:space:]]*256'
for size in 512 1024; do
	ethtool -G "$A" rx $size tx $size
	wait_carrier "$A" "" 80
	ethtool -g "$A" | grep -A5 'Current hardware' >/tmp/rings
	grep -q "^RX:[[:space:]]*$size" /tmp/rings
	grep -q "^TX:[[:space:]]*$size" /tmp/rings
	reach -s 3000
done

echo "== ethtool's buffers: statistics (names and values), registers, EEPROM"
ethtool -S "$A" >/tmp/estats
grep -q '^ *rx_packets: [1-9]' /tmp/estats
grep -q '^ *tx_bytes: [1-9]' /tmp/estats
[ "$(grep -c ': ' /tmp/estats)" -gt 30 ]
ethtool -d "$A" | grep -q '^0x00000: CTRL'
# The EEPROM's first three words are the MAC address.
ethtool -e "$A" length 8 | grep -q '^0x0000:[[:space:]]*52 54 00 00 00 01'

kill "$background" 2>/dev/null || true
reach
kill -0 "$UDRV_PID"
check_dmesg 0
