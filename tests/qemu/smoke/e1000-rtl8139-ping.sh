# The e1000-rtl8139 preset: an 82540EM and an RTL8139 on one hub, each driven
# by its stock driver (8139cp: QEMU models the C+ chip), ping each other across two namespaces.
. /test/lib.sh
a=$(nic_by_mac 52:54:00:00:00:01)
b=$(nic_by_mac 52:54:00:00:00:02)
test "$(basename "$(readlink "/sys/class/net/$a/device/driver")")" = e1000
test "$(basename "$(readlink "/sys/class/net/$b/device/driver")")" = 8139cp
ns=$(netns_create)
netns_move "$b" "$ns"
ip addr add 192.0.2.1/24 dev "$a"
ip link set "$a" up
in_netns "$ns" ip addr add 192.0.2.2/24 dev "$b"
in_netns "$ns" ip link set "$b" up
wait_carrier "$a" "" 50
wait_carrier "$b" "$ns" 50
ping -c 2 -W 3 192.0.2.2
