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

elapsed() {
	awk -v a="$1" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN{printf "%.2f s (%.2f MB/s)", b - a, 20 / (b - a)}'
}

# asix -> wire (bulk OUT): the server is on the asix side
httpd -f -p 192.0.2.1:8080 -h /tmp/www &
server=$!
sleep 0.3
t0=$(cut -d' ' -f1 /proc/uptime)
got=$(in_netns "$ns" wget -q -O - http://192.0.2.1:8080/payload | md5sum)
echo "asix->wire: 20 MB in $(elapsed "$t0")"
kill $server
[ "$got" = "$sent" ]

# wire -> asix (bulk IN): the server is on the TAP side
in_netns "$ns" httpd -f -p 192.0.2.2:8080 -h /tmp/www &
server=$!
sleep 0.3
t0=$(cut -d' ' -f1 /proc/uptime)
got=$(wget -q -O - http://192.0.2.2:8080/payload | md5sum)
echo "wire->asix: 20 MB in $(elapsed "$t0")"
kill $server
[ "$got" = "$sent" ]

[ "$(ax_stat tx_bytes)" -ge 20971520 ]
[ "$(ax_stat rx_bytes)" -ge 20971520 ]
echo "bulk IN: $(ax_stat rx_frames) frames in $(ax_stat rx_transfers) transfers"
ax_no_device_errors
ax_kernel_healthy
