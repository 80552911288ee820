# The stock asix binds to the model: enumeration, the MAC the model's EEPROM
# holds on the interface, and no request the device had to reject.
. /test/lib.sh
. /test/ax-lib.sh
trap ax_dump EXIT
ns=$(netns_create)
ax_start "$ns"
dev=$(ax_wait_netdev 200)
echo "asix interface: $dev"
driver=$(basename "$(readlink /sys/class/net/$dev/device/driver)")
[ "$driver" = asix ]
grep -q 0b95 /sys/class/net/$dev/device/../idVendor
grep -q 7720 /sys/class/net/$dev/device/../idProduct
ax_no_device_errors
# the driver read the node ID the EEPROM loaded
grep -q "READ_NODE_ID.*-> ok in=028877200001" "$AX_LOG"
ax_kernel_healthy
