# Link comes up through the model's PHY and traffic flows both ways between
# the stock asix interface and the TAP wire in another namespace.
. /test/lib.sh
. /test/ax-lib.sh
trap ax_dump EXIT
ns=$(netns_create)
ax_start "$ns"
dev=$(ax_wait_netdev 200)
start=$(cut -d' ' -f1 /proc/uptime)
ax_net_up "$dev" "$ns"
echo "carrier after $(awk -v s="$start" '{print $1 - s}' /proc/uptime) s"
[ "$(ax_stat state_link)" = 1 ]
ping -c 3 -W 5 192.0.2.2
in_netns "$ns" ping -c 3 -W 5 192.0.2.1
# Multicast to all-hosts passes the model's hash filter (AM set, neither
# PRO nor AMALL) only if the model hashes addresses as the driver expects
# when it programs the filter.
rxctl=$(ax_stat state_rx_control)
[ $((rxctl & 0x13)) = 16 ]
echo 0 > /proc/sys/net/ipv4/icmp_echo_ignore_broadcasts
in_netns "$ns" ping -c 2 -W 5 -I axwire0 224.0.0.1
# promiscuous mode reaches the receive control register (PRO, bit 0)
# (the driver writes the register from a work item: poll for it)
rx_promisc_bit_becomes() {
	local tries=50 rxctl
	while [ "$tries" -gt 0 ]; do
		rxctl=$(ax_stat state_rx_control)
		[ $((rxctl & 1)) != "$1" ] || return 0
		sleep 0.1
		tries=$((tries - 1))
	done
	echo "receive control $rxctl: PRO never became $1" >&2
	return 1
}
ip link set "$dev" promisc on
rx_promisc_bit_becomes 1
ip link set "$dev" promisc off
rx_promisc_bit_becomes 0
# Taking the interface down kills usbnet's pending bulk IN and interrupt
# URBs: vhci sends CMD_UNLINK, the model answers RET_UNLINK -ECONNRESET and
# drops them; up again, traffic resumes.
ip link set "$dev" down
echo "after ifdown: $(ax_stat usbip_unlinked_pending) transfers unlinked, $(ax_stat state_pending_transfers) pending"
[ "$(ax_stat usbip_unlinked_pending)" -ge 2 ]
[ "$(ax_stat state_pending_transfers)" = 0 ]
ip link set "$dev" up
wait_carrier "$dev" "" 100
ping -c 2 -W 5 192.0.2.2
# Pulling the cable: the PHY loses link, the driver sees it (phylib polls
# BMSR, the interrupt endpoint reports it) and drops carrier; replugged,
# auto-negotiation brings it back.
kill -USR2 "$AX_PID"
wait_no_carrier "$dev" 50
[ "$(ax_stat state_link)" = 0 ]
kill -USR2 "$AX_PID"
wait_carrier "$dev" "" 100
ping -c 2 -W 5 192.0.2.2
# frames really crossed the model both ways
[ "$(ax_stat tx_frames)" -ge 6 ]
[ "$(ax_stat rx_frames)" -ge 6 ]
[ "$(ax_stat intr_reports)" -ge 1 ]
ax_no_device_errors
ax_kernel_healthy
