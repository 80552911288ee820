# 100 MB over TCP in each direction through the split e1000 (both NICs on
# e1000_k.ko, control path in e1000-udrv), checksummed at the receiver:
# busybox httpd serves a file made of a 4 MiB random chunk 25 times, wget
# fetches it from the other namespace.
. /test/kstub-lib.sh
. /test/lib.sh
. /test/split-lib.sh
split_start
two_hosts 52:54:00:00:00:01 52:54:00:00:00:02
ping -c 2 -W 3 192.0.2.2 >/dev/null
mkdir -p /tmp/www
dd if=/dev/urandom of=/tmp/chunk bs=1M count=4 2>/dev/null
i=0
while [ $i -lt 25 ]; do
	cat /tmp/chunk
	i=$((i + 1))
done >/tmp/www/payload
rm /tmp/chunk
want=$(md5sum </tmp/www/payload)
[ "$(wc -c </tmp/www/payload)" -eq 104857600 ]

elapsed() {
	awk -v a="$1" -v b="$(cut -d' ' -f1 /proc/uptime)" \
		'BEGIN{printf "100 MB in %.1f s (%.1f MB/s)", b - a, 100 / (b - a)}'
}

# .1 (initial namespace) serves, .2 fetches: eth0 transmits.
httpd -f -p 192.0.2.1:8080 -h /tmp/www &
server=$!
sleep 0.3
t0=$(cut -d' ' -f1 /proc/uptime)
got=$(in_netns "$NS" wget -q -O - http://192.0.2.1:8080/payload | md5sum)
echo "split e1000, .1 -> .2: $(elapsed "$t0")"
kill $server
[ "$got" = "$want" ]

# .2 serves, .1 fetches: eth1 transmits.
in_netns "$NS" httpd -f -p 192.0.2.2:8080 -h /tmp/www &
server=$!
sleep 0.3
t0=$(cut -d' ' -f1 /proc/uptime)
got=$(wget -q -O - http://192.0.2.2:8080/payload | md5sum)
echo "split e1000, .2 -> .1: $(elapsed "$t0")"
kill $server
[ "$got" = "$want" ]

kill -0 "$UDRV_PID"
check_dmesg 0
