# Regions on a real PCI device (QEMU's 82540EM, stock e1000 not loaded):
# BAR 0 and a DMA buffer written by the user half, read by the kernel half.
. /test/kstub-lib.sh
kstub_load
test -c /dev/udrv/kstub-pci0
test -c /dev/udrv/kstub-pci1
grep -q "^0 bar size=131072" $D/udrv/kstub-pci0/regions
kstub_client regions /dev/udrv/kstub-pci0
wait_stat kstub-pci0 attached 0
# The DMA buffer left mapped at exit was freed on detach.
test "$(grep -c dma $D/udrv/kstub-pci0/regions)" = 0
cat $D/udrv/kstub-pci0/regions

# Device removal under an attached user half: it sees the channel hang up,
# exits, and removal completes.
kstub_client serve /dev/udrv/kstub-pci1 &
srv=$!
wait_stat kstub-pci1 attached 1
# instances are numbered in probe order, which is bus order
pci1=$(ls /sys/bus/pci/drivers/kstub_test | grep : | sort | tail -1)
echo 1 > /sys/bus/pci/devices/$pci1/remove
wait $srv
test ! -e /dev/udrv/kstub-pci1
test ! -e $D/udrv/kstub-pci1
kstub_unload
check_dmesg 0
