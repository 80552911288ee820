/* SPDX-License-Identifier: MIT */
/* Helpers shared by kstub_client's subcommands. */
#ifndef KSTUB_UTIL_H
#define KSTUB_UTIL_H

#include <udrv/client.h>

extern unsigned int kstub_notes_seen;

int kstub_open(const char *dev, struct udrv_client **c);
int kstub_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kstub_errno_by_name(const char *name);
int kstub_serve_one(void *ctx, struct udrv_client *c,
		    const struct udrv_client_msg *msg);
int kstub_cmd_calls(const char *dev);
int kstub_cmd_regions(const char *dev);

#endif /* KSTUB_UTIL_H */
