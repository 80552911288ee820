# udrv.ko and a kernel half load, serve and unload cleanly 10 times; the
# kernel half cannot be unloaded while a user half is attached.
. /test/kstub-lib.sh
i=0
while [ $i -lt 10 ]; do
	kstub_load
	test -c /dev/udrv/kstub
	kstub_client serve /dev/udrv/kstub &
	srv=$!
	wait_stat kstub attached 1
	kstub_client trigger $T/upcalls 5 ok 10000
	if rmmod kstub_test 2>/dev/null; then
		echo "kstub: kernel half unloaded under an attached user half" >&2
		exit 1
	fi
	kill $srv
	wait $srv || true
	wait_stat kstub attached 0
	kstub_unload
	test ! -e /dev/udrv/kstub
	test ! -e $D/udrv
	i=$((i + 1))
done
echo "kstub: 10 load/serve/unload cycles"
check_dmesg 0
