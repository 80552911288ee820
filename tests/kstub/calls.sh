# Downcalls: objects by handle, stale/wrong-type/out-of-bounds arguments,
# garbage messages, a nested downcall -> upcall, notifications.
. /test/kstub-lib.sh
kstub_load
kstub_client calls /dev/udrv/kstub
expect_at_least kstub stale_handle 3
expect_at_least kstub wrong_type 2
expect_at_least kstub out_of_bounds 2
expect_at_least kstub bad_messages 5
expect_at_least kstub unknown_func 2
expect_at_least kstub stray_replies 1
test "$(stat_of kstub notifies)" = 7
test "$(stat_of kstub upcalls)" = 10
grep -q "u->k garbage func=0" $D/udrv/kstub/trace
cat $D/udrv/kstub/stats
wait_stat kstub attached 0
kstub_unload
check_dmesg 0
