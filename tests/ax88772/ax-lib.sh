# Helpers for the AX88772 model's guest scripts; sourced after /test/lib.sh.

AX_MAC=02:88:77:20:00:01
AX_STATS=/tmp/ax88772.stats
AX_LOG=/tmp/ax88772.ctrl
AX_ERR=/tmp/ax88772.err

# Starts the model with its TAP wire in the namespace held by pid $1 and
# further options $2...; the model's pid goes to $AX_PID.
ax_start() {
	local ns=$1
	shift
	usbip-ax88772 --tap axwire0 --tap-netns "/proc/$ns/ns/net" --mac "$AX_MAC" \
		--stats "$AX_STATS" --control-log "$AX_LOG" "$@" 2>>"$AX_ERR" &
	AX_PID=$!
}

# Waits up to $1 tenths of a second for the asix interface with the model's
# MAC; prints its name.
ax_wait_netdev() {
	local tries=$1 dev
	while [ "$tries" -gt 0 ]; do
		if dev=$(nic_by_mac "$AX_MAC" 2>/dev/null); then
			echo "$dev"
			return 0
		fi
		sleep 0.1
		tries=$((tries - 1))
	done
	echo "ax-lib: no interface with MAC $AX_MAC" >&2
	return 1
}

# Makes the model rewrite its stats file now and waits for the new copy.
ax_fresh_stats() {
	local old tries=50
	old=$(sed -n 's/^stats_generation //p' "$AX_STATS" 2>/dev/null)
	kill -USR1 "$AX_PID" 2>/dev/null || return 0  # exited: its last copy stands
	while [ "$(sed -n 's/^stats_generation //p' "$AX_STATS" 2>/dev/null)" = "$old" ]; do
		tries=$((tries - 1))
		if [ "$tries" = 0 ]; then
			echo "ax-lib: the model did not rewrite $AX_STATS" >&2
			return 1
		fi
		sleep 0.1
	done
}

# Value of counter $1 in a fresh copy of the model's stats file.
ax_stat() {
	ax_fresh_stats
	sed -n "s/^$1 //p" "$AX_STATS"
}

# Fails if the model counted any driver or protocol error.
ax_no_device_errors() {
	local name v rc=0
	ax_fresh_stats
	for name in ctrl_stalls ctrl_unknown ctrl_bad_length ctrl_bad_direction ctrl_bad_argument \
		mii_without_ownership mii_no_phy mii_phy_in_reset tx_framing_errors usbip_bad_endpoint; do
		v=$(sed -n "s/^$name //p" "$AX_STATS")
		if [ "$v" != 0 ]; then
			echo "ax-lib: device error counter $name = $v" >&2
			rc=1
		fi
	done
	return $rc
}

# Fails on any kernel warning, oops or BUG in the log.
ax_kernel_healthy() {
	if dmesg | grep -E "WARNING:|Oops|BUG:|Call Trace|general protection"; then
		echo "ax-lib: kernel reported a problem" >&2
		return 1
	fi
}

ax_dump() {
	echo "--- model stderr"; cat "$AX_ERR" 2>/dev/null || true
	echo "--- model stats"; cat "$AX_STATS" 2>/dev/null || true
	echo "--- control log"; cat "$AX_LOG" 2>/dev/null || true
	echo "--- dmesg"; dmesg | tail -40
}

# Brings up the asix interface $1 as 192.0.2.1 and the TAP wire in the
# namespace held by pid $2 as 192.0.2.2; waits for carrier on both.
ax_net_up() {
	ip addr add 192.0.2.1/24 dev "$1"
	ip link set "$1" up
	in_netns "$2" ip addr add 192.0.2.2/24 dev axwire0
	in_netns "$2" ip link set axwire0 up
	in_netns "$2" ip link set lo up
	wait_carrier axwire0 "$2" 50
	wait_carrier "$1" "" 100
}

# Waits for a burst of control requests (phylib polls the PHY once a second)
# to end: the control log must grow, then stay unchanged for 200 ms.
ax_wait_control_quiet() {
	local last now stable=0 grown=0 tries=100
	last=$(wc -l < "$AX_LOG")
	while [ "$tries" -gt 0 ]; do
		sleep 0.05
		now=$(wc -l < "$AX_LOG")
		if [ "$now" != "$last" ]; then
			grown=1
			stable=0
			last=$now
		elif [ "$grown" = 1 ]; then
			stable=$((stable + 1))
			[ "$stable" -lt 4 ] || return 0
		fi
		tries=$((tries - 1))
	done
	echo "ax-lib: control requests never paused" >&2
	return 1
}

# Waits up to $2 tenths of a second until interface $1 has no carrier.
wait_no_carrier() {
	local tries=$2
	while [ "$tries" -gt 0 ]; do
		case "$(ip link show "$1")" in *LOWER_UP*) ;; *) return 0 ;; esac
		sleep 0.1
		tries=$((tries - 1))
	done
	echo "ax-lib: $1 kept its carrier" >&2
	return 1
}
