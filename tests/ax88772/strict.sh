# A STALL from the model reaches the stock driver as -EPIPE: with fault
# injection making READ_PHY_ID (0x19) stall, as a broken unit would, the
# asix probe fails with error -32, no interface appears, the control log
# shows the request with all its fields, and the guest stays healthy.
. /test/lib.sh
. /test/ax-lib.sh
trap ax_dump EXIT
ns=$(netns_create)
ax_start "$ns" --stall-request 0x19
tries=100
until dmesg | grep -q "asix: probe of"; do
	tries=$((tries - 1))
	[ "$tries" -gt 0 ]
	sleep 0.1
done
dmesg | grep "asix: probe of 1-1:1.0 failed with error -32"
grep "STALL" "$AX_LOG"
grep -q "READ_PHY_ID bmRequestType=0xc0 bRequest=0x19 wValue=0x0000 wIndex=0x0000 wLength=2 out=- -> STALL (fault injected by --stall-request)" "$AX_LOG"
if nic_by_mac "$AX_MAC" 2>/dev/null; then
	echo "asix bound although the device rejected its setup" >&2
	exit 1
fi
[ "$(ax_stat ctrl_injected_stalls)" -ge 1 ]
[ "$(ax_stat ctrl_unknown)" = 0 ]
ax_kernel_healthy
