# udrv_host in a real kernel: hostk.ko upcalls into hostu (kernel-recipe C
# on kenv and udrv_host), which sleeps, runs a work item whose downcall
# makes a nested upcall, and fills a DMA buffer; hostk checks it all. Then
# kill -9 of hostu mid-upcall (-EPIPE), a restart, and a clean SIGTERM.
. /test/kstub-lib.sh
H=$D/hostk
insmod /lib/modules/extra/udrv.ko
insmod /lib/modules/extra/hostk.ko
test -c /dev/udrv/hostk

hostu &
srv=$!
wait_stat hostk attached 1
echo 5 > $H/probe
echo 9 > $H/probe
expect_at_least hostk upcalls 4	# 2 probes + 2 nested
dmesg | grep -q "hostk: probe 9 checked"

# kill -9 with the HANG upcall pending: the kernel sees -EPIPE at once.
kstub_client trigger $H/hang 1 EPIPE 3000 &
trg=$!
sleep 0.3
kill -9 $srv
wait $trg
wait_stat hostk attached 0

# A new user half attaches and probes again (fresh DMA buffer).
hostu &
srv=$!
wait_stat hostk attached 1
echo 7 > $H/probe
kill -TERM $srv
wait $srv	# SIGTERM ends the run cleanly: exit status 0
wait_stat hostk attached 0
rmmod hostk
rmmod udrv
check_dmesg 0
