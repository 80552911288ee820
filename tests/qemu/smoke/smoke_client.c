// SPDX-License-Identifier: GPL-2.0
/* Talks to /dev/udrv_smoke: writes a message and expects it back reversed. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/dev/udrv_smoke";
	const char *msg = "split-driver";
	const char *want = "revird-tilps";
	char got[64] = { 0 };
	ssize_t n;
	int fd = open(path, O_RDWR);

	if (fd < 0) {
		fprintf(stderr, "smoke_client: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (write(fd, msg, strlen(msg)) != (ssize_t)strlen(msg)) {
		fprintf(stderr, "smoke_client: write: %s\n", strerror(errno));
		return 1;
	}
	n = pread(fd, got, sizeof(got) - 1, 0);
	if (n < 0 && errno == ESPIPE)
		n = read(fd, got, sizeof(got) - 1);
	if (n != (ssize_t)strlen(want) || memcmp(got, want, n) != 0) {
		fprintf(stderr, "smoke_client: read back \"%s\" (%zd bytes), want \"%s\"\n",
			got, n, want);
		return 1;
	}
	printf("smoke_client: %s answered \"%s\"\n", path, got);
	return 0;
}
