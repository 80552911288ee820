# The harness itself must fail a test whose guest script fails, and show the log.
echo "guest-log-marker-7f3a"
exit 3
