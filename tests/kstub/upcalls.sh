# N upcalls answered by the user half (receiving with read(), then through a
# small shared ring), arguments and results checked by the kernel half;
# timeout, signal; an upcall from atomic context refused with one WARN.
. /test/kstub-lib.sh
kstub_load
test -c /dev/udrv/kstub
test "$(stat -c %a /dev/udrv/kstub)" = 600
kstub_client trigger $T/upcalls 3 ENOTCONN 500

KSTUB_RING=0 kstub_client serve /dev/udrv/kstub &
srv=$!
wait_stat kstub attached 1
kstub_client trigger $T/upcalls 1000 ok 60000
expect_at_least kstub upcalls 1001
expect_stat kstub upcall_errors 0
expect_at_least kstub bytes_to_user 100000

# Upcalls from several kernel threads at once, each matched to its reply,
# received through the smallest shared ring (512 KiB), which they wrap.
kill $srv
wait $srv || true
wait_stat kstub attached 0
KSTUB_RING=524288 kstub_client serve /dev/udrv/kstub &
srv=$!
wait_stat kstub attached 1
kstub_client trigger $T/upcalls 400 ok 60000 &
a=$!
kstub_client trigger $T/upcalls 400 ok 60000 &
b=$!
kstub_client trigger $T/upcalls 400 ok 60000
wait $a
wait $b
expect_at_least kstub upcalls 2201

# An upcall the user half never answers times out (300 ms here).
kstub_client trigger $T/hang 300 ETIMEDOUT 3000
expect_stat kstub upcall_timeouts 1
# A signal ends a waiting upcall at once.
kstub_client trigger $T/hang 20000 EINTR 3000 200

kstub_client trigger $T/atomic 1 ok 1000
expect_stat kstub upcall_atomic_refused 1
dmesg | grep -q "udrv: kstub: upcall 3 from atomic context refused"
check_dmesg 1
grep -c upcall $D/udrv/kstub/trace | awk '$1 < 100 { exit 1 }'

kill $srv
wait $srv || true
wait_stat kstub attached 0
kstub_unload
check_dmesg 1
