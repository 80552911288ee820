# Unplug (vhci detach) while a transfer runs: the guest stays healthy, the
# interface goes away, the model sees the connection closed; plugging the
# device in again gives a working interface.
#
# vhci-hcd does not give back URBs already sent to the device when the
# connection goes down (see the comment in vhci_shutdown_connection): a
# synchronous control transfer caught in flight waits for its 5 s timeout,
# and when it is phylib's MDIO poll, phy_error() WARNs. That is the stock
# kernel's race, whatever the device does, so the plug is pulled between two
# PHY polls: bulk and interrupt URBs are in flight, control transfers not.
. /test/lib.sh
. /test/ax-lib.sh
trap ax_dump EXIT
ns=$(netns_create)
ax_start "$ns"
dev=$(ax_wait_netdev 200)
ax_net_up "$dev" "$ns"
mkdir -p /tmp/www
dd if=/dev/zero of=/tmp/www/payload bs=1M count=200 2>/dev/null
httpd -f -p 192.0.2.1:8080 -h /tmp/www &
in_netns "$ns" sh -c 'wget -q -O - http://192.0.2.1:8080/payload | wc -c > /tmp/partial' &
fetch=$!
# pull the plug mid-transfer, with ping traffic the other way too
tries=300
until [ "$(sed -n 's/^tx_bytes //p' "$AX_STATS")" -gt 2000000 ]; do
	tries=$((tries - 1))
	[ "$tries" -gt 0 ]
	sleep 0.1
done
in_netns "$ns" ping -c 100 -i 0.01 -q 192.0.2.1 >/dev/null 2>&1 &
ax_wait_control_quiet
before=$(sed -n 's/^tx_bytes //p' "$AX_STATS")
echo "unplugging after $before bytes sent through the model"
[ "$before" -gt 1000000 ]
echo 0 > /sys/devices/platform/vhci_hcd.0/detach
rc=0
wait $AX_PID || rc=$?
echo "model exit status $rc"
[ "$rc" = 0 ]
grep -q "host closed the connection" "$AX_ERR"
if nic_by_mac "$AX_MAC" 2>/dev/null; then
	echo "interface still present after unplug" >&2
	exit 1
fi
# the fetch fails or stops short: it must not hang the guest
in_netns "$ns" ip link set lo up
kill $fetch 2>/dev/null || true
sleep 0.5
ax_kernel_healthy

echo "re-attach"
: > "$AX_ERR"
ax_start "$ns"
dev=$(ax_wait_netdev 200)
ax_net_up "$dev" "$ns"
ping -c 2 -W 5 192.0.2.2
in_netns "$ns" ping -c 2 -W 5 192.0.2.1
ax_no_device_errors
ax_kernel_healthy
dmesg | grep -i -E "vhci|usb 1-1|asix" | tail -12
