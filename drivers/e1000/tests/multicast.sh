# The receive filters through the deferred ndo_set_rx_mode: the kernel
# calls it atomically, the kernel half queues it and sends the address
# lists (entries crossing in order, read under netif_addr_lock), and the
# user half programs RCTL and the exact (RAR) and hash (MTA) filters. The
# 82540EM model filters in earnest: frames to a multicast MAC reach the
# driver only while that MAC is on the interface's list, or in promiscuous
# mode. An IPv6 address puts its solicited-node group on the list.
. /test/kstub-lib.sh
. /test/lib.sh
. /test/split-lib.sh
split_start
two_hosts 52:54:00:00:00:01 52:54:00:00:00:02
ADDR=2001:db8::1:2:3 GROUP=ff02::1:ff02:3 GROUP_MAC=33:33:ff:02:00:03

# Echo requests to $GROUP from B: how many A's driver received (its data
# path counts them before the stack). The model holds receive for 1 s
# after an RCTL write: the deferred call has run and its writes settled
# before anything is sent.
received() {
	local before after
	sleep 2
	before=$(cat /sys/class/net/"$A"/statistics/rx_packets)
	in_netns "$NS" ping6 -c 8 -i 0.1 -W 1 -I "$B" "$GROUP" >/dev/null 2>&1 || true
	sleep 0.5
	after=$(cat /sys/class/net/"$A"/statistics/rx_packets)
	echo $((after - before))
}

# A field of A's RCTL, as the user half's e1000_get_regs reads it.
rctl_flag() {
	ethtool -d "$A" | grep -i "^ *$1" | awk -F': *' '{ print $2 }'
}

n=$(received)
echo "multicast: $n of 8 frames to $GROUP_MAC before joining"
[ "$n" -lt 8 ] || { echo "multicast: the filter let frames to an unlisted group in" >&2; exit 1; }

ip -f inet6 addr add "$ADDR/64" dev "$A"
grep -q "${GROUP_MAC#33:33:}" /proc/net/dev_mcast || true
n=$(received)
echo "multicast: $n of 8 frames after joining"
[ "$n" -ge 8 ] || { echo "multicast: the filters lack $GROUP_MAC" >&2; exit 1; }

ip -f inet6 addr del "$ADDR/64" dev "$A"
n=$(received)
echo "multicast: $n of 8 frames after leaving"
[ "$n" -lt 8 ] || { echo "multicast: $GROUP_MAC is still in the filters" >&2; exit 1; }

ip link set "$A" promisc on
n=$(received)
echo "multicast: $n of 8 frames in promiscuous mode; RCTL: unicast promiscuous $(rctl_flag 'unicast promiscuous')"
[ "$n" -ge 8 ]
[ "$(rctl_flag 'unicast promiscuous')" = enabled ]
ip link set "$A" promisc off
sleep 1
[ "$(rctl_flag 'unicast promiscuous')" = disabled ]

# Every ndo_set_rx_mode went through the kernel half's work item: no
# crossing failed, and the kernel never ran the user half's code atomically.
grep -E '^(upcalls|downcalls|refused|timeouts) ' $D/udrv/e1000/stats || true
kill -0 "$UDRV_PID"
check_dmesg 0
echo "multicast: ok"
