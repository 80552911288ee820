/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sdm_call.h - one crossing (a driver function or a kernel API function
 * called across the boundary) as a channel payload.
 *
 * The splitter generates a struct sdm_fn per crossing; the stubs on the
 * calling side encode the request and decode the reply, the dispatcher on
 * the called side decodes the request, calls the real function and encodes
 * the reply. Arguments travel as 64-bit values (argv[i] is the C argument
 * widened; pointers as addresses); pointer arguments become roots of the
 * message's envelope, so every object they reach crosses with them and
 * comes back with the callee's changes. See docs/CROSSING.md.
 *
 * The payload is graph.capnp's Call: the frame (function id, one 64-bit
 * word per argument, the return value) and the Envelope. Per argument kind:
 * a scalar travels toward the callee; an object or string is a root of the
 * envelope (its word is the root's position); a function pointer is its
 * index + 1 in ctx->symbols->functions; a region pointer its (region,
 * offset) word; an opaque pointer its value; an out-scalar is 1 if the
 * caller passed a pointer, and its value comes back in the reply. The reply
 * carries the object arguments back as roots (with the fields toward the
 * caller) and the return value (an object returned is one more root).
 *
 * Each call resets the context (sdm_ctx_reset) and, when ctx->side is set,
 * the message direction. The callee's out-scalars live in the context's
 * arena from the request's decode until the reply's encode: a context
 * serves one crossing at a time, so a nested crossing needs its own
 * context (over the same tracker). Errors are negative errnos, with
 * ctx->error_where naming the message part: -EBADMSG malformed or
 * truncated payload, -EPROTO a frame that does not fit the descriptor
 * (function id, argument count, root position or type), -EFAULT a pointer
 * in no table or region, -EMSGSIZE a full buffer.
 */
#ifndef SPLIT_DRIVER_SDM_CALL_H
#define SPLIT_DRIVER_SDM_CALL_H

#include "sdm.h"

#ifdef __cplusplus
extern "C" {
#endif

enum sdm_arg_kind {
	SDM_ARG_SCALAR = 0,	/* integer, enum, bool: widened to 64 bits */
	SDM_ARG_OBJECT,		/* pointer to a tracked object of ->type, or NULL */
	SDM_ARG_STRING,		/* const char *, NUL-terminated */
	SDM_ARG_REGION,		/* pointer into a BAR or coherent DMA buffer */
	SDM_ARG_FUNCTION,	/* function pointer: index in the function table */
	SDM_ARG_OPAQUE,		/* pointer the receiver never dereferences */
	SDM_ARG_OUT_SCALAR,	/* pointer to a scalar of ->size bytes the callee writes */
	/*
	 * Pointers to a buffer of bytes whose length the caller knows (a kernel
	 * API model's expression, stored in argv[->len_slot]): the callee gets
	 * a buffer of its own of that length, filled from the caller's (in),
	 * copied back into the caller's after the call (out), or both.
	 */
	SDM_ARG_BUFFER_IN,
	SDM_ARG_BUFFER_OUT,
	SDM_ARG_BUFFER_INOUT,
	/*
	 * Pointer to a driver global both halves keep (an ops table such as a
	 * phylink_mac_ops): index in the globals table; another pointer fails.
	 */
	SDM_ARG_GLOBAL,
};

struct sdm_arg {
	uint8_t kind;		/* enum sdm_arg_kind */
	uint8_t size;		/* bytes of a scalar (0 for a void return) */
	uint8_t is_signed;
	const struct sdm_type *type;	/* SDM_ARG_OBJECT only */
	uint8_t len_slot;	/* buffers: the argv slot (>= nargs) of the length */
};

struct sdm_fn {
	const char *name;
	uint32_t id;		/* channel function id, docs/CROSSING.md section 4 */
	uint8_t nargs;
	struct sdm_arg ret;
	const struct sdm_arg *args;
};

/* Largest argument count of any crossing, buffer lengths' slots included. */
#define SDM_CALL_MAX_ARGS 16
/* Largest buffer argument: it lives in the receiver's message arena. */
#define SDM_CALL_MAX_BUFFER (64 * 1024)

size_t sdm_call_request_encode(struct sdm_ctx *ctx, const struct sdm_fn *fn,
			       const uint64_t *argv, void *buf, size_t cap);
int sdm_call_request_decode(struct sdm_ctx *ctx, const struct sdm_fn *fn,
			    const void *buf, size_t len, uint64_t *argv);
size_t sdm_call_reply_encode(struct sdm_ctx *ctx, const struct sdm_fn *fn,
			     const uint64_t *argv, uint64_t ret, void *buf,
			     size_t cap);
int sdm_call_reply_decode(struct sdm_ctx *ctx, const struct sdm_fn *fn,
			  const void *buf, size_t len, const uint64_t *argv,
			  uint64_t *ret);

#ifdef __cplusplus
}
#endif

#endif
