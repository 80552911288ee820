// SPDX-License-Identifier: MIT
/*
 * kstub_client - the user half of kstub_test.ko, for the QEMU tests.
 *
 *   kstub_client serve DEV          answer upcalls until the channel goes
 *   kstub_client trigger FILE VALUE EXPECT MAX_MS [SIGNAL_MS]
 *                                   write VALUE to FILE; expect success
 *                                   ("ok") or an errno name, within MAX_MS;
 *                                   optionally interrupted by a signal
 *   kstub_client calls DEV          downcalls: objects, bad arguments,
 *                                   garbage, nesting, notifications
 *   kstub_client regions DEV        BAR and DMA regions, address translation
 *
 * Every failed check prints "kstub_client: FAIL: ..." and exits 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <udrv/client.h>

#include "kstub_test.h"
#include "kstub_util.h"

/* SQUARE: at depth 0 the answer, else a nested downcall's result. */
static int kstub_square(struct udrv_client *c,
			const struct udrv_client_msg *msg)
{
	struct kstub_nested req;
	uint64_t y;
	int ret;

	if (msg->hdr.len != sizeof(req))
		return udrv_client_reply(c, msg->hdr.seq, msg->hdr.func,
					 -EINVAL, NULL, 0);
	memcpy(&req, msg->payload, sizeof(req));
	if (!req.depth) {
		y = req.x * req.x;
	} else {
		req.depth--;
		ret = udrv_client_call(c, KSTUB_DC_NESTED, &req, sizeof(req),
				       &y, sizeof(y), NULL, kstub_serve_one,
				       NULL, 5000);
		if (ret)
			return udrv_client_reply(c, msg->hdr.seq, msg->hdr.func,
						 ret, NULL, 0);
	}
	return udrv_client_reply(c, msg->hdr.seq, msg->hdr.func, 0, &y,
				 sizeof(y));
}

/* Answers the upcalls of kstub_test.ko (HANG: never). */
int kstub_serve_one(void *ctx, struct udrv_client *c,
		    const struct udrv_client_msg *msg)
{
	unsigned char out[sizeof(struct kstub_mix_resp) + KSTUB_MIX_MAX];
	const struct kstub_mix_req *mr = msg->payload;
	struct kstub_mix_resp *ms = (struct kstub_mix_resp *)out;
	const unsigned char *data = (const unsigned char *)(mr + 1);
	uint32_t i;

	(void)ctx;
	if (msg->hdr.kind == UDRV_MSG_NOTIFY) {
		uint32_t seq;

		if (msg->hdr.func != KSTUB_NOTE || msg->hdr.len < sizeof(seq))
			return -EPROTO;
		memcpy(&seq, msg->payload, sizeof(seq));
		/* In order and none lost. */
		if (seq != kstub_notes_seen)
			return -EPROTO;
		kstub_notes_seen++;
		return 0;
	}
	if (msg->hdr.kind != UDRV_MSG_UPCALL)
		return -EPROTO;
	switch (msg->hdr.func) {
	case KSTUB_UP_MIX:
		if (msg->hdr.len < sizeof(*mr) ||
		    msg->hdr.len != sizeof(*mr) + mr->n || mr->n > KSTUB_MIX_MAX)
			return udrv_client_reply(c, msg->hdr.seq, msg->hdr.func,
						 -EINVAL, NULL, 0);
		ms->r = mr->a * 31 + mr->b;
		for (i = 0; i < mr->n; i++)
			out[sizeof(*ms) + i] = data[mr->n - 1 - i];
		return udrv_client_reply(c, msg->hdr.seq, msg->hdr.func, 0,
					 out, sizeof(*ms) + mr->n);
	case KSTUB_UP_SQUARE:
		return kstub_square(c, msg);
	case KSTUB_UP_NOP:
		return udrv_client_reply(c, msg->hdr.seq, msg->hdr.func, 0,
					 NULL, 0);
	case KSTUB_UP_HANG:
		return 0;
	default:
		return udrv_client_reply(c, msg->hdr.seq, msg->hdr.func,
					 -EOPNOTSUPP, NULL, 0);
	}
}

static int cmd_serve(const char *dev)
{
	struct udrv_client *c;
	struct udrv_client_msg msg;
	int ret = kstub_open(dev, &c);

	if (ret)
		return 1;
	printf("kstub_client: serving %s\n", dev);
	fflush(stdout);
	for (;;) {
		ret = udrv_client_recv(c, &msg);
		if (ret == -EAGAIN) {
			ret = udrv_client_wait(c, -1);
			if (ret < 0)
				break;
			continue;
		}
		if (ret)
			break;
		ret = kstub_serve_one(NULL, c, &msg);
		if (ret)
			break;
	}
	udrv_client_close(c);
	fprintf(stderr, "kstub_client: serve ended: %s\n", strerror(-ret));
	return ret == -ENODEV ? 0 : 1;
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A signal without SA_RESTART after @ms: the write sees it as EINTR. */
static void interrupt_after(long ms)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { .it_value = { ms / 1000, ms % 1000 * 1000 } };

	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
}

static int cmd_trigger(const char *file, const char *value, const char *expect,
		       long max_ms, long alarm_ms)
{
	int want = kstub_errno_by_name(expect);
	struct timespec t0, t1;
	int fd, err = 0;
	long ms;

	if (want < 0) {
		fprintf(stderr, "kstub_client: unknown errno name %s\n", expect);
		return 2;
	}
	fd = open(file, O_WRONLY);
	if (fd < 0) {
		fprintf(stderr, "kstub_client: %s: %s\n", file, strerror(errno));
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (alarm_ms)
		interrupt_after(alarm_ms);
	if (write(fd, value, strlen(value)) < 0)
		err = errno;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	close(fd);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	printf("kstub_client: %s <- %s: %s after %ld ms\n", file, value,
	       err ? strerror(err) : "ok", ms);
	if (err != want)
		return kstub_fail("%s: got %s, want %s", file,
				  err ? strerror(err) : "success",
				  want ? strerror(want) : "success");
	if (ms > max_ms)
		return kstub_fail("%s: took %ld ms, limit %ld", file, ms, max_ms);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "serve"))
		return cmd_serve(argv[2]);
	if ((argc == 6 || argc == 7) && !strcmp(argv[1], "trigger"))
		return cmd_trigger(argv[2], argv[3], argv[4], atol(argv[5]),
				   argc == 7 ? atol(argv[6]) : 0);
	if (argc == 3 && !strcmp(argv[1], "calls"))
		return kstub_cmd_calls(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "regions"))
		return kstub_cmd_regions(argv[2]);
	fprintf(stderr,
		"usage: kstub_client serve DEV | trigger FILE VALUE EXPECT MAX_MS [SIGNAL_MS] |\n"
		"       calls DEV | regions DEV\n");
	return 2;
}
