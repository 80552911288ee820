# The marshal runtime and generated C codec, built by Kbuild, run their
# self-test in the real kernel: golden bytes, round trips, an object graph
# between two trackers, and corrupted messages.
insmod /lib/modules/extra/marshal_selftest.ko
dmesg | grep "marshal_selftest:"
dmesg | grep -q "marshal_selftest: [0-9]* checks, 0 failed"
rmmod marshal_selftest
if dmesg | grep -E "WARNING|BUG|Oops|UBSAN"; then
	echo "kernel warnings during the marshal self-test" >&2
	exit 1
fi
