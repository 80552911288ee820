# The AX88772B variant (0b95:772b, chip code 2): the stock asix takes its
# AX88772A/B path (MAC from the EEPROM, bulk IN queue control) and traffic
# flows both ways.
. /test/lib.sh
. /test/ax-lib.sh
trap ax_dump EXIT
ns=$(netns_create)
ax_start "$ns" --variant ax88772b
dev=$(ax_wait_netdev 200)
grep -q 772b /sys/class/net/$dev/device/../idProduct
grep -q "READ_EEPROM .*wValue=0x0004 .*-> ok in=0288" "$AX_LOG"
grep -q "WRITE_RX_QUEUE_CTRL" "$AX_LOG"
ax_net_up "$dev" "$ns"
ping -c 2 -W 5 192.0.2.2
in_netns "$ns" ping -c 2 -W 5 192.0.2.1
ax_no_device_errors
ax_kernel_healthy
