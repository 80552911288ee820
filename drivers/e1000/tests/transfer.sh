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

# .1 (initial namespace) serves, .2 fetches: eth0 transmits; then back.
http_transfer "" 192.0.2.1 "$NS" "$want" 100 "split e1000, .1 -> .2"
http_transfer "$NS" 192.0.2.2 "" "$want" 100 "split e1000, .2 -> .1"

kill -0 "$UDRV_PID"
check_dmesg 0
