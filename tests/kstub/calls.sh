# Downcalls: objects by handle, stale/wrong-type/out-of-bounds arguments,
# garbage messages, a nested downcall -> upcall, notifications.
. /test/kstub-lib.sh
kstub_load
# Receiving with read(), then through the smallest shared ring (512 KiB),
# which the 700 notifications of 1 KiB overflow.
KSTUB_RING=0 kstub_client calls /dev/udrv/kstub
wait_stat kstub attached 0
KSTUB_RING=524288 kstub_client calls /dev/udrv/kstub
expect_at_least kstub stale_handle 6
expect_at_least kstub wrong_type 4
expect_at_least kstub out_of_bounds 4
expect_at_least kstub bad_messages 10
expect_at_least kstub unknown_func 4
expect_at_least kstub stray_replies 2
expect_stat kstub notifies 1400
expect_stat kstub upcalls 20
grep -q "u->k garbage func=0" $D/udrv/kstub/trace
cat $D/udrv/kstub/stats
wait_stat kstub attached 0
kstub_unload
# The one expected: an upcall from a downcall not marked UDRV_DC_MAY_UPCALL.
dmesg | grep -q "udrv: kstub: upcall 2 from a downcall not marked UDRV_DC_MAY_UPCALL"
check_dmesg 1
