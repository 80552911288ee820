# Traffic through the split asix: ip link set up runs the reset and open
# in the user half (usbnet_open stays the kernel's), the link comes up
# through the model's PHY, and pings cross both ways between the split
# asix and the TAP wire in another namespace; the data path (rx/tx fixups,
# status) never leaves the kernel.
. /test/kstub-lib.sh
. /test/lib.sh
. /test/ax-lib.sh
. /test/split-lib.sh
ns=$(netns_create)
asix_split_start
ax_start "$ns"
dev=$(ax_wait_netdev 600)
before=$(stat_of asix upcalls)
ax_net_up "$dev" "$ns"
[ "$(ax_stat state_link)" = 1 ]
ping -c 3 -W 5 192.0.2.2
in_netns "$ns" ping -c 3 -W 5 192.0.2.1
up=$(stat_of asix upcalls)
ping -c 20 -i 0.05 -W 5 192.0.2.2 >/dev/null
after=$(stat_of asix upcalls)
# phylib polls the PHY once a second through the user half's MDIO
# accessors: a few upcalls, none per packet.
echo "ping: $((up - before)) upcalls to bring the link up, $((after - up)) during 20 pings"
[ $((after - up)) -le 4 ]
[ "$(ax_stat tx_frames)" -ge 23 ]
[ "$(ax_stat rx_frames)" -ge 23 ]
ax_no_device_errors
check_dmesg 0
