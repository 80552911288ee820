# Guest script of bench-e1000: the split e1000 side by side with the stock
# e1000 in one boot, alternating, same NICs: bulk TCP throughput (50 MB
# served by busybox httpd, fetched from the other namespace), crossings per
# packet during the transfer (udrv's upcall+downcall counters over the
# packets eth0 moved: 0 means the data path never left the kernel), and the
# wall time of `ip link set up`.
. /test/lib.sh
. /test/kstub-lib.sh
now() { cut -d' ' -f1 /proc/uptime; }
mkdir -p /tmp/www
dd if=/dev/urandom of=/tmp/www/payload bs=1M count=50 2>/dev/null
want=$(md5sum </tmp/www/payload)

# Brings the two NICs up in two namespaces like two_hosts, timing eth0's up.
hosts_up() {
	A=$(nic_by_mac 52:54:00:00:00:01)
	B=$(nic_by_mac 52:54:00:00:00:02)
	NS=$(netns_create)
	netns_move "$B" "$NS"
	ip addr add 192.0.2.1/24 dev "$A"
	in_netns "$NS" ip addr add 192.0.2.2/24 dev "$B"
	in_netns "$NS" ip link set "$B" up
	t0=$(now)
	ip link set "$A" up
	UP=$(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.0f", (b - a) * 1000}')
	wait_carrier "$A" "" 80
	wait_carrier "$B" "$NS" 80
	ping -c 2 -W 3 192.0.2.2 >/dev/null
}
packets() { echo $(($(cat /sys/class/net/"$A"/statistics/rx_packets) + $(cat /sys/class/net/"$A"/statistics/tx_packets))); }
crossings() { echo $(($(stat_of e1000 upcalls) + $(stat_of e1000 downcalls))); }

# Sets MBS (MB/s of 50 MB, .1 serves, .2 fetches) and PKTS.
transfer() {
	httpd -f -p 192.0.2.1:8080 -h /tmp/www &
	server=$!
	sleep 0.3
	p0=$(packets)
	t0=$(now)
	got=$(in_netns "$NS" wget -q -O - http://192.0.2.1:8080/payload | md5sum)
	MBS=$(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.1f", 50 / (b - a)}')
	PKTS=$(($(packets) - p0))
	kill $server
	[ "$got" = "$want" ]
}

stock() {
	insmod /lib/modules/extra/e1000.ko
	hosts_up
	transfer
	echo "stock: ip link set up $UP ms, $MBS MB/s"
	S_MBS="$S_MBS $MBS"
	S_UP="$S_UP $UP"
	kill "$NS"
	rmmod e1000
}

split() {
	insmod /lib/modules/extra/udrv.ko
	insmod /lib/modules/extra/e1000_k.ko
	e1000-udrv 2>/dev/null &
	udrv=$!
	wait_stat e1000 attached 1
	while [ -z "$(nic_by_mac 52:54:00:00:00:02 2>/dev/null)" ]; do sleep 0.1; done
	hosts_up
	c0=$(crossings)
	transfer
	c=$(($(crossings) - c0))
	echo "split: ip link set up $UP ms, $MBS MB/s, $c crossings over $PKTS packets"
	P_MBS="$P_MBS $MBS"
	P_UP="$P_UP $UP"
	kill "$NS"
	kill -TERM $udrv
	wait $udrv
	rmmod e1000_k
	rmmod udrv
}

for round in 1 2 3; do
	stock
	split
done
awk -v s="$S_MBS" -v p="$P_MBS" -v su="$S_UP" -v pu="$P_UP" 'BEGIN {
	n = split(s, a, " "); split(p, b, " "); split(su, c, " "); split(pu, d, " ")
	for (i = 1; i <= n; i++)
		printf "round %d: throughput split/stock %.2fx, ip link set up split/stock %.1fx\n",
			i, b[i] / a[i], d[i] / c[i]
}'
