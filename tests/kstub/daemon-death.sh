# kill -9 of the user half with an upcall pending: the upcall fails at
# once, new upcalls fail fast, the device is quiesced, a new user half
# attaches and works.
. /test/kstub-lib.sh
kstub_load
kstub_client serve /dev/udrv/kstub &
srv=$!
wait_stat kstub attached 1

# The hang upcall's own timeout is 20 s; the kill must end it far sooner.
kstub_client trigger $T/hang 20000 EPIPE 3000 &
trg=$!
wait_stat kstub upcalls 1
sleep 0.2
kill -9 $srv
wait $trg
wait_stat kstub attached 0
test "$(cat $T/quiesced)" = 1
kstub_client trigger $T/upcalls 1 ENOTCONN 1000
expect_stat kstub upcall_detached 1

kstub_client serve /dev/udrv/kstub &
srv=$!
wait_stat kstub attached 1
kstub_client trigger $T/upcalls 100 ok 30000
kill $srv
wait $srv || true
wait_stat kstub attached 0
test "$(cat $T/quiesced)" = 2
kstub_unload
check_dmesg 0
