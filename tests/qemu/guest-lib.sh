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
