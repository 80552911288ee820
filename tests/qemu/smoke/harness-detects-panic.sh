# The harness must fail a test whose kernel dies, whatever the script does next.
echo "guest-panic-marker-51c2"
echo c > /proc/sysrq-trigger
