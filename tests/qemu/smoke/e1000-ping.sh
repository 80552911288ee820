# The stock e1000 on two NICs, one moved into its own namespace: ping both ways.
. /test/lib.sh
a=$(nic_by_mac 52:54:00:00:00:01)
b=$(nic_by_mac 52:54:00:00:00:02)
ns=$(netns_create)
netns_move "$b" "$ns"
ip addr add 192.0.2.1/24 dev "$a"
ip link set "$a" up
in_netns "$ns" ip addr add 192.0.2.2/24 dev "$b"
in_netns "$ns" ip link set "$b" up
wait_carrier "$a" "" 50
wait_carrier "$b" "$ns" 50
# QEMU's e1000 holds received packets for 1 s after an RCTL write: -W 3
ping -c 3 -W 3 192.0.2.2
in_netns "$ns" ping -c 3 -W 3 192.0.2.1
