// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kstub_util.h"

unsigned int kstub_notes_seen;

/*
 * KSTUB_RING=<bytes> in the environment: receive through a ring of that
 * size, or with read() when 0; unset: the client's default.
 */
int kstub_open(const char *dev, struct udrv_client **c)
{
	const char *ring = getenv("KSTUB_RING");
	int ret;

	if (ring)
		ret = udrv_client_open_ring(dev, (uint32_t)atol(ring), c);
	else
		ret = udrv_client_open(dev, c);
	if (ret)
		fprintf(stderr, "kstub_client: %s (ring %s): %s\n", dev,
			ring ? ring : "default", strerror(-ret));
	return ret;
}

int kstub_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "kstub_client: FAIL: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

static const struct {
	const char *name;
	int value;
} errno_names[] = {
	{ "ok", 0 }, { "EPIPE", EPIPE }, { "ENOTCONN", ENOTCONN },
	{ "ETIMEDOUT", ETIMEDOUT }, { "EIO", EIO }, { "EINTR", EINTR },
	{ "ENODEV", ENODEV },
};

int kstub_errno_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(errno_names) / sizeof(errno_names[0]); i++)
		if (!strcmp(errno_names[i].name, name))
			return errno_names[i].value;
	return -1;
}
