# Helpers for the split e1000's guest scripts; sourced as /test/split-lib.sh
# after /test/lib.sh and /test/kstub-lib.sh.

# Loads udrv.ko and e1000_k.ko (with the module parameters in
# $E1000_K_PARAMS), starts the user half (plain, or the binary named by $1)
# with its stderr in /tmp/e1000-udrv.log, and waits until both 82540EMs are
# registered. Sets UDRV_PID.
split_start() {
	local udrv=${1:-e1000-udrv} tries=300
	insmod /lib/modules/extra/udrv.ko
	# shellcheck disable=SC2086 # one word per parameter
	insmod /lib/modules/extra/e1000_k.ko ${E1000_K_PARAMS:-}
	test -c /dev/udrv/e1000
	"$udrv" >/tmp/e1000-udrv.log 2>&1 &
	UDRV_PID=$!
	trap split_report_failure EXIT
	wait_stat e1000 attached 1
	while [ -z "$(nic_by_mac 52:54:00:00:00:02 2>/dev/null)" ] && [ $tries -gt 0 ]; do
		sleep 0.1
		tries=$((tries - 1))
	done
	nic_by_mac 52:54:00:00:00:01 >/dev/null
	nic_by_mac 52:54:00:00:00:02 >/dev/null
}

# On a failing exit, shows the end of the user half's log, whether it still
# runs, and the kernel's log at every level (the console shows errors only):
# why a crossing failed is usually there.
split_report_failure() {
	local rc=$?
	if [ $rc -ne 0 ]; then
		echo "split-lib: exit status $rc; the user half's log ends:" >&2
		tail -n 40 /tmp/e1000-udrv.log >&2
		kill -0 "$UDRV_PID" 2>/dev/null || echo "split-lib: the user half has exited" >&2
		echo "split-lib: the kernel's log ends:" >&2
		dmesg | tail -n 30 >&2
	fi
	exit $rc
}

# Fails unless the user half's log has $2 lines matching $1.
expect_udrv_log() {
	local got
	got=$(grep -c "$1" /tmp/e1000-udrv.log || true)
	if [ "$got" -ne "$2" ]; then
		grep -v '^<7>' /tmp/e1000-udrv.log >&2
		echo "split-lib: '$1' $got times in the user half's log, want $2" >&2
		return 1
	fi
}
