# The stock e1000 on two NICs, one moved into its own namespace: ping both ways.
. /test/lib.sh
two_hosts 52:54:00:00:00:01 52:54:00:00:00:02
# QEMU's e1000 holds received packets for 1 s after an RCTL write: -W 3
ping -c 3 -W 3 192.0.2.2
in_netns "$NS" ping -c 3 -W 3 192.0.2.1
