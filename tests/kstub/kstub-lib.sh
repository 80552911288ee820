# Helpers for the kstub guest scripts; sourced as /test/kstub-lib.sh.
D=/sys/kernel/debug
grep -q " $D " /proc/mounts || mount -t debugfs none $D
T=$D/kstub_test

kstub_load() {
	insmod /lib/modules/extra/udrv.ko
	insmod /lib/modules/extra/kstub_test.ko
}

kstub_unload() {
	rmmod kstub_test
	rmmod udrv
}

# Prints counter $2 of channel $1.
stat_of() {
	awk -v k="$2" '$1 == k { print $2 }' "$D/udrv/$1/stats"
}

# Waits until counter $2 of channel $1 equals $3 (up to 10 s).
wait_stat() {
	local tries=200
	while [ "$(stat_of "$1" "$2")" != "$3" ]; do
		tries=$((tries - 1))
		if [ $tries -le 0 ]; then
			echo "kstub: $1 $2 is $(stat_of "$1" "$2"), want $3" >&2
			return 1
		fi
		sleep 0.05
	done
}

# Fails if counter $2 of channel $1 is below $3.
expect_at_least() {
	local v
	v=$(stat_of "$1" "$2")
	if [ "$v" -lt "$3" ]; then
		echo "kstub: $1 $2 is $v, want at least $3" >&2
		return 1
	fi
}

# Fails on any kernel warning, bug or oops except $1 expected WARNINGs.
check_dmesg() {
	local want=${1:-0} got
	got=$(dmesg | grep -c -E "WARNING:|BUG:|Oops|general protection" || true)
	if [ "$got" -ne "$want" ]; then
		dmesg | tail -60
		echo "kstub: $got kernel warnings/oopses, want $want" >&2
		return 1
	fi
}

# Fails unless counter $2 of channel $1 is exactly $3.
expect_stat() {
	local v
	v=$(stat_of "$1" "$2")
	if [ "$v" != "$3" ]; then
		echo "kstub: $1 $2 is $v, want $3" >&2
		return 1
	fi
}
