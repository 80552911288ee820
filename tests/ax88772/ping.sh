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
# frames really crossed the model both ways
[ "$(ax_stat tx_frames)" -ge 6 ]
[ "$(ax_stat rx_frames)" -ge 6 ]
[ "$(ax_stat intr_reports)" -ge 1 ]
ax_no_device_errors
ax_kernel_healthy
