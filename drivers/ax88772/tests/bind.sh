# The split asix binds the AX88772 model in user space: asix_k.ko registers
# the usb_driver when asix-udrv attaches, usbnet (stock) probes the model's
# interface and calls the minidriver's bind, which crosses into the user
# half (MAC from the EEPROM, PHY reset and MDIO through control transfers),
# and the interface exists with the model's MAC.
. /test/kstub-lib.sh
. /test/lib.sh
. /test/ax-lib.sh
. /test/split-lib.sh
export UDRV_TRACE=1
ns=$(netns_create)
asix_split_start
ax_start "$ns"
dev=$(ax_wait_netdev 600)
echo "bind: $dev registered by the split asix"
# usbnet's net_device as the kernel set it up (a user half's copy that
# started zeroed once sent its max_mtu of 0 back: mtu 0).
[ "$(cat "/sys/class/net/$dev/mtu")" = 1500 ]
grep -q 'upcall ax88772_bind: 0, returns 0$' /tmp/asix-udrv.log
[ "$(readlink "/sys/class/net/$dev/device/driver")" != "" ]
basename "$(readlink "/sys/class/net/$dev/device/driver")" | grep -qx asix_k
check_dmesg 0
