// SPDX-License-Identifier: MIT
/*
 * kstub_bench - round trips over the udrv channel against a pipe
 * ping-pong between two processes, all in the same guest boot.
 *
 *   kstub_bench DEV DEBUGFS_DIR N
 *
 * upcall:      kstub_test.ko calls an empty user function N times (timed in
 *              the kernel); this process serves as the user half would, with
 *              non-blocking receive and poll()
 * downcall:    this process calls an empty kernel function N times
 * downcall 4k: the same with 4 KiB each way (what copying costs)
 * pipe:        one byte back and forth between two processes
 * ring ...:    the same three, the user half receiving from a shared ring
 *              (udrv_client_ring_enable) instead of read()
 * empty read:  read() on the channel with nothing queued (-EAGAIN): the
 *              cost of one syscall
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <udrv/client.h>

#include "kstub_test.h"

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int die(const char *what, int err)
{
	fprintf(stderr, "kstub_bench: %s: %s\n", what, strerror(err));
	exit(1);
}

static double pipe_round_trip(long n)
{
	int ping[2], pong[2];
	char byte = 0;
	double t0, t;
	pid_t pid;
	long i;

	if (pipe(ping) || pipe(pong))
		die("pipe", errno);
	pid = fork();
	if (pid < 0)
		die("fork", errno);
	if (!pid) {
		for (i = 0; i < n; i++)
			if (read(ping[0], &byte, 1) != 1 ||
			    write(pong[1], &byte, 1) != 1)
				_exit(1);
		_exit(0);
	}
	t0 = now_ns();
	for (i = 0; i < n; i++)
		if (write(ping[1], &byte, 1) != 1 || read(pong[0], &byte, 1) != 1)
			die("pipe ping-pong", errno);
	t = (now_ns() - t0) / n;
	waitpid(pid, NULL, 0);
	return t;
}

static double downcall_round_trip(struct udrv_client *c, long n, uint32_t bytes)
{
	static unsigned char req[4096], resp[4096];
	uint32_t func = bytes ? KSTUB_DC_ECHO : KSTUB_DC_NOP, len;
	double t0;
	long i;
	int ret;

	t0 = now_ns();
	for (i = 0; i < n; i++) {
		ret = udrv_client_call(c, func, req, bytes, resp, sizeof(resp),
				       &len, NULL, NULL, 5000);
		if (ret || len != bytes)
			die("downcall", -ret);
	}
	return (now_ns() - t0) / n;
}

static double empty_read(struct udrv_client *c, long n)
{
	char buf[64];
	double t0;
	long i;

	t0 = now_ns();
	for (i = 0; i < n; i++)
		if (read(udrv_client_fd(c), buf, sizeof(buf)) >= 0 || errno != EAGAIN)
			die("empty read", errno ? errno : EIO);
	return (now_ns() - t0) / n;
}

/* Serves NOP upcalls while a child process has the kernel make them. */
static double upcall_round_trip(struct udrv_client *c, const char *dir, long n)
{
	char path[256], value[32];
	struct udrv_client_msg msg;
	int status, ret, fd;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/bench_upcall", dir);
	pid = fork();
	if (pid < 0)
		die("fork", errno);
	if (!pid) {
		int len = snprintf(value, sizeof(value), "%ld", n);

		fd = open(path, O_WRONLY);
		_exit(fd < 0 || write(fd, value, len) != len);
	}
	while (waitpid(pid, &status, WNOHANG) == 0) {
		ret = udrv_client_recv(c, &msg);
		if (ret == -EAGAIN) {
			udrv_client_wait(c, 100);
			continue;
		}
		if (ret)
			die("receive", -ret);
		ret = udrv_client_reply(c, msg.hdr.seq, msg.hdr.func, 0, NULL, 0);
		if (ret)
			die("reply", -ret);
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		die("upcall benchmark in the kernel", EIO);
	fd = open(path, O_RDONLY);
	if (fd < 0 || read(fd, value, sizeof(value) - 1) <= 0)
		die(path, errno);
	close(fd);
	return atof(value);
}

#define ROUNDS 5
#define RING_BYTES UDRV_CLIENT_RING_BYTES
enum {
	PIPE, UPCALL, DOWNCALL, DOWNCALL_4K, RING_UPCALL, RING_DOWNCALL,
	RING_DOWNCALL_4K, EMPTY_READ, NR_METRICS
};

static const char *const metric_names[NR_METRICS] = {
	"pipe ping-pong", "upcall (empty)", "downcall (empty)",
	"downcall (4 KiB)", "ring upcall", "ring downcall",
	"ring downcall 4K", "empty read()",
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static struct udrv_client *attach(const char *dev, int ring)
{
	struct udrv_client *c;
	int ret = udrv_client_open_ring(dev, ring ? RING_BYTES : 0, &c);

	if (ret)
		die(dev, -ret);
	return c;
}

/* The three channel measurements, receiving by read() or from the ring. */
static void measure_mode(const char *dev, const char *dir, long n, int ring,
			 double *up, double *down, double *down4k)
{
	struct udrv_client *c = attach(dev, ring);

	downcall_round_trip(c, n / 10 + 1, 0);
	*up = upcall_round_trip(c, dir, n);
	*down = downcall_round_trip(c, n, 0);
	*down4k = downcall_round_trip(c, n, 4096);
	udrv_client_close(c);
}

/*
 * Rounds interleave the measurements so that a change in the host's load
 * hits all of them alike; the median of each is reported.
 */
int main(int argc, char **argv)
{
	double ns[NR_METRICS][ROUNDS], median[NR_METRICS];
	struct udrv_client *c;
	int r, m;
	long n;

	if (argc != 4) {
		fprintf(stderr, "usage: kstub_bench DEV DEBUGFS_DIR N\n");
		return 2;
	}
	n = atol(argv[3]) / ROUNDS;
	if (n < 1)
		n = 1;
	pipe_round_trip(n / 10 + 1);

	for (r = 0; r < ROUNDS; r++) {
		ns[PIPE][r] = pipe_round_trip(n);
		measure_mode(argv[1], argv[2], n, 0, &ns[UPCALL][r],
			     &ns[DOWNCALL][r], &ns[DOWNCALL_4K][r]);
		measure_mode(argv[1], argv[2], n, 1, &ns[RING_UPCALL][r],
			     &ns[RING_DOWNCALL][r], &ns[RING_DOWNCALL_4K][r]);
		c = attach(argv[1], 0);
		ns[EMPTY_READ][r] = empty_read(c, n);
		udrv_client_close(c);
	}
	printf("kstub_bench: %d rounds of %ld round trips (QEMU TCG guest, 1 CPU), medians\n",
	       ROUNDS, n);
	for (m = 0; m < NR_METRICS; m++) {
		qsort(ns[m], ROUNDS, sizeof(double), cmp_double);
		median[m] = ns[m][ROUNDS / 2];
		printf("  %-17s %9.0f ns  %.2fx pipe  (rounds %.0f..%.0f ns)\n",
		       metric_names[m], median[m], median[m] / median[PIPE],
		       ns[m][0], ns[m][ROUNDS - 1]);
	}
	return 0;
}
