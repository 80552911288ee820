# Guest script of the bench-kstub target: channel round trips vs a pipe.
mount -t debugfs none /sys/kernel/debug
insmod /lib/modules/extra/udrv.ko
insmod /lib/modules/extra/kstub_test.ko
kstub_bench /dev/udrv/kstub /sys/kernel/debug/kstub_test 25000
rmmod kstub_test
rmmod udrv
