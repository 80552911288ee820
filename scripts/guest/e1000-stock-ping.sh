# Guest half of scripts/run-e1000.sh, second boot: the stock e1000 on the
# same two NICs passes traffic (the reference the split driver must match).
. /test/lib.sh
echo "== stock e1000: ping between two NICs in two namespaces"
insmod /lib/modules/extra/e1000.ko
two_hosts 52:54:00:00:00:01 52:54:00:00:00:02
ping -c 3 -W 3 192.0.2.2
in_netns "$NS" ping -c 3 -W 3 192.0.2.1
