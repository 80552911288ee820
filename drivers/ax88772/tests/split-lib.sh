# Helpers for the split asix's guest scripts; sourced as /test/split-lib.sh
# after /test/lib.sh, /test/kstub-lib.sh and /test/ax-lib.sh.

# Loads udrv.ko and asix_k.ko, starts the user half (plain, or the binary
# named by $1) with its stderr in /tmp/asix-udrv.log and waits until it has
# attached. Sets UDRV_PID. The model is started by the caller (ax_start).
asix_split_start() {
	local udrv=${1:-asix-udrv}
	insmod /lib/modules/extra/udrv.ko
	insmod /lib/modules/extra/asix_k.ko
	test -c /dev/udrv/asix
	if [ -n "${ASIX_SPLIT_CONSOLE:-}" ]; then
		# An oops ends the guest before the log can be shown: write it
		# to the console as well, as it comes.
		"$udrv" 2>&1 | tee /tmp/asix-udrv.log >/dev/console &
	else
		"$udrv" >/tmp/asix-udrv.log 2>&1 &
	fi
	UDRV_PID=$!
	trap asix_split_report_failure EXIT
	wait_stat asix attached 1
}

# On a failing exit: the model's state, the end of the user half's log and
# the kernel's log at every level.
asix_split_report_failure() {
	local rc=$?
	if [ $rc -ne 0 ]; then
		ax_dump || true
		echo "split-lib: exit status $rc; the user half's log ends:" >&2
		tail -n 60 /tmp/asix-udrv.log >&2
		kill -0 "$UDRV_PID" 2>/dev/null || echo "split-lib: the user half has exited" >&2
		echo "split-lib: the kernel's log ends:" >&2
		dmesg | tail -n 40 >&2
	fi
	exit $rc
}
