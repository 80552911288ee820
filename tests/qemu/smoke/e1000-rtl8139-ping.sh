# The e1000-rtl8139 preset: an 82540EM and an RTL8139 on one hub, each driven
# by its stock driver (8139cp: QEMU models the C+ chip), ping each other
# across two namespaces.
. /test/lib.sh
driver_of() { basename "$(readlink "/sys/class/net/$(nic_by_mac "$1")/device/driver")"; }
test "$(driver_of 52:54:00:00:00:01)" = e1000
test "$(driver_of 52:54:00:00:00:02)" = 8139cp
two_hosts 52:54:00:00:00:01 52:54:00:00:00:02
ping -c 2 -W 3 192.0.2.2
