# Helpers for guest scripts; sourced as /test/lib.sh. Busybox sh.

# Prints the interface name of the NIC with MAC address $1.
nic_by_mac() {
	local dev
	for dev in /sys/class/net/*; do
		if [ "$(cat "$dev/address")" = "$1" ]; then
			basename "$dev"
			return 0
		fi
	done
	echo "lib.sh: no NIC with MAC $1" >&2
	return 1
}

# Creates a network namespace held by a sleeping process; prints its pid.
netns_create() {
	unshare -n sleep 100000 </dev/null >/dev/null 2>&1 &
	# unshare must have entered the namespace before anything moves into it
	sleep 0.1
	echo $!
}

# Moves interface $1 into the namespace held by pid $2.
netns_move() {
	ip link set "$1" netns "$2"
}

# Runs a command in the namespace held by pid $1.
in_netns() {
	local pid=$1
	shift
	nsenter -t "$pid" -n "$@"
}

# Runs "$@" in the namespace held by pid $1, or the initial one if $1 is
# empty.
in_netns_or_here() {
	local pid=$1
	shift
	if [ -n "$pid" ]; then in_netns "$pid" "$@"; else "$@"; fi
}

# HTTP transfer of /tmp/www/payload ($5 MB): httpd listens on address $2 in
# namespace $1, wget fetches from namespace $3 (each "" for the initial
# one). Prints "<label $6>: <MB> MB in <s> (<MB/s>)"; fails unless the md5
# the receiver computes is $4.
http_transfer() {
	local server_ns=$1 addr=$2 client_ns=$3 want=$4 mb=$5 label=$6 server t0 got
	in_netns_or_here "$server_ns" httpd -f -p "$addr:8080" -h /tmp/www &
	server=$!
	sleep 0.3
	t0=$(cut -d' ' -f1 /proc/uptime)
	got=$(in_netns_or_here "$client_ns" wget -q -O - "http://$addr:8080/payload" | md5sum)
	awk -v a="$t0" -v b="$(cut -d' ' -f1 /proc/uptime)" -v mb="$mb" -v l="$label" \
		'BEGIN{printf "%s: %d MB in %.2f s (%.2f MB/s)\n", l, mb, b - a, mb / (b - a)}'
	kill $server
	[ "$got" = "$want" ]
}

# Waits until interface $1 (in the namespace held by pid $2, or the initial
# one if $2 is empty) reports carrier, for up to $3 tenths of a second.
# Uses ip(8): sysfs stays the initial namespace's view after nsenter -n.
wait_carrier() {
	local dev=$1 ns=$2 tries=$3 state
	while [ "$tries" -gt 0 ]; do
		if [ -n "$ns" ]; then
			state=$(in_netns "$ns" ip link show "$dev" 2>/dev/null || true)
		else
			state=$(ip link show "$dev" 2>/dev/null || true)
		fi
		case "$state" in *LOWER_UP*) return 0 ;; esac
		sleep 0.1
		tries=$((tries - 1))
	done
	echo "lib.sh: $dev has no carrier" >&2
	return 1
}

# Puts the NIC with MAC $1 at 192.0.2.1/24 in the initial namespace and the
# NIC with MAC $2 at 192.0.2.2/24 in a namespace of its own, both up with
# carrier. Sets A, B (interface names) and NS (the namespace's pid).
two_hosts() {
	A=$(nic_by_mac "$1")
	B=$(nic_by_mac "$2")
	NS=$(netns_create)
	netns_move "$B" "$NS"
	ip addr add 192.0.2.1/24 dev "$A"
	ip link set "$A" up
	in_netns "$NS" ip addr add 192.0.2.2/24 dev "$B"
	in_netns "$NS" ip link set "$B" up
	wait_carrier "$A" "" 50
	wait_carrier "$B" "$NS" 50
}
