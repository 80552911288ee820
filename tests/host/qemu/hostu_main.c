// SPDX-License-Identifier: MIT
/*
 * hostu: the main() a generated user half has, wiring udrv_host to the
 * kernel-recipe handlers of hostu_half.c.
 */
#include <stdio.h>
#include <udrv/host.h>

int hostu_upcall(void *arg, unsigned int func, const void *req,
		 unsigned long len, void *reply, unsigned long cap,
		 unsigned long *reply_len);

int main(int argc, char **argv)
{
	struct udrv_host_config cfg = {
		.device = argc > 1 ? argv[1] : "/dev/udrv/hostk",
		.driver = "hostk",
		.upcall = hostu_upcall,
	};
	int ret = udrv_host_run(&cfg);

	fprintf(stderr, "hostu: udrv_host_run returned %d\n", ret);
	return ret ? 1 : 0;
}
