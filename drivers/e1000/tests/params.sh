# Module parameters given to the kernel half at insmod reach the user half,
# whose copy of e1000_param.c reads them at probe: the descriptor counts
# set for the first NIC (arrays: one value per board) size its rings, the
# second NIC keeps the defaults, and the user half says what it applied.
. /test/kstub-lib.sh
. /test/lib.sh
. /test/split-lib.sh
E1000_K_PARAMS="TxDescriptors=80 RxDescriptors=128 debug=16"
split_start
expect_udrv_log 'Transmit Descriptors set to 80' 1
expect_udrv_log 'Receive Descriptors set to 128' 1
A=$(nic_by_mac 52:54:00:00:00:01)
B=$(nic_by_mac 52:54:00:00:00:02)
ethtool -g "$A" | grep -A5 'Current hardware' >/tmp/rings-a
grep -q '^RX:[[:space:]]*128' /tmp/rings-a
grep -q '^TX:[[:space:]]*80' /tmp/rings-a
ethtool -g "$B" | grep -A5 'Current hardware' >/tmp/rings-b
grep -q '^RX:[[:space:]]*256' /tmp/rings-b
grep -q '^TX:[[:space:]]*256' /tmp/rings-b
two_hosts 52:54:00:00:00:01 52:54:00:00:00:02
ping -c 3 -W 3 192.0.2.2
check_dmesg 0
