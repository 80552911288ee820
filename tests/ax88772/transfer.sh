# 20 MB over TCP in each direction through the stock asix and the model,
# checksummed at the receiver (busybox httpd serves, wget fetches).
. /test/lib.sh
. /test/ax-lib.sh
trap ax_dump EXIT
ns=$(netns_create)
ax_start "$ns"
dev=$(ax_wait_netdev 200)
ax_net_up "$dev" "$ns"
mkdir -p /tmp/www
dd if=/dev/urandom of=/tmp/www/payload bs=1M count=20 2>/dev/null
sent=$(md5sum < /tmp/www/payload)

# asix -> wire (bulk OUT): the server is on the asix side; then wire ->
# asix (bulk IN): the server is on the TAP side.
http_transfer "" 192.0.2.1 "$ns" "$sent" 20 "asix->wire"
http_transfer "$ns" 192.0.2.2 "" "$sent" 20 "wire->asix"

[ "$(ax_stat tx_bytes)" -ge 20971520 ]
[ "$(ax_stat rx_bytes)" -ge 20971520 ]
echo "bulk IN: $(ax_stat rx_frames) frames in $(ax_stat rx_transfers) transfers"
ax_no_device_errors
ax_kernel_healthy
