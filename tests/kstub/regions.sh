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
kstub_unload
check_dmesg 0
