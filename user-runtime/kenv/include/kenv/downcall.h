/* SPDX-License-Identifier: MIT */
/*
 * kenv/downcall.h - the hook through which kernel functions that must run in
 * the real kernel (bus, register_netdev, dma_*...) leave the user
 * half.
 *
 * Every function named in user-runtime/kenv/downcalls.txt gets a generated
 * stub with the kernel's own prototype. The stub packs its arguments into a
 * frame and calls the installed transport with:
 *   - the function's descriptor (stable numeric id = line order in the
 *     generated table, name, return type as spelled in the kernel headers);
 *   - the frame and a marshal callback that visits each argument in order,
 *     giving its C type as spelled in the headers, its kind (signed,
 *     unsigned, pointer, aggregate), size and value widened to 64 bits (for
 *     a struct passed by value: the address of its bytes). The transport
 *     (channel + marshal/object tracker) encodes them: pointers by the
 *     tracker's rules for that type, scalars by value.
 * The transport stores the kernel function's return value in *ret (widened
 * to 64 bits; ignored for void) and returns 0, or a negative errno when the
 * call could not be carried out at all, in which case the stub aborts naming
 * the function: a user half that lost its kernel cannot go on.
 *
 * With no transport installed, a stub aborts with
 *   "kenv: downcall <name> has no transport".
 *
 * Plain C with only built-in types: included from kernel C and from C++.
 */
#ifndef KENV_DOWNCALL_H
#define KENV_DOWNCALL_H

#ifdef __cplusplus
extern "C" {
#endif

enum kenv_arg_kind {
	KENV_ARG_SIGNED = 0,
	KENV_ARG_UNSIGNED = 1,
	KENV_ARG_POINTER = 2,
	KENV_ARG_AGGREGATE = 3,	/* value: address of `size` bytes */
};

struct kenv_downcall_arg {
	const char *type;	/* e.g. "struct device *", "irq_handler_t" */
	unsigned int kind;	/* enum kenv_arg_kind */
	unsigned int size;	/* sizeof the argument in the kernel ABI */
	unsigned long long value;	/* widened: sign-extended if SIGNED */
};

struct kenv_downcall_fn {
	unsigned int id;
	const char *name;
	const char *ret_type;	/* "void" when there is no return value */
	unsigned int nargs;
};

typedef void (*kenv_arg_visitor)(void *sink, unsigned int index,
				 const struct kenv_downcall_arg *arg);
typedef void (*kenv_marshal_fn)(const void *frame, kenv_arg_visitor visit,
				void *sink);

struct kenv_downcall_transport {
	void *ctx;
	int (*call)(void *ctx, const struct kenv_downcall_fn *fn,
		    const void *frame, kenv_marshal_fn marshal,
		    unsigned long long *ret);
};

/* Installs (or with NULL removes) the transport; returns the previous one. */
const struct kenv_downcall_transport *
kenv_set_downcall_transport(const struct kenv_downcall_transport *t);

/* Called by the generated stubs. Never returns on failure. */
unsigned long long kenv_downcall(const struct kenv_downcall_fn *fn,
				 const void *frame, kenv_marshal_fn marshal);

/*
 * After a downcall returned @ret: what it grants the user half beyond its
 * result. A bus plug-in (user-runtime/kenv/<bus>/) lists, as a struct
 * kenv_bus named kenv_<bus>_bus, the hooks to run after a downcall of a
 * function succeeded (returned 0): pci/ grants the I/O ports of requested
 * BARs.
 */
struct kenv_downcall_hook {
	const char *function;	/* NULL ends the list */
	void (*granted)(const void *frame);
};

struct kenv_bus {
	const char *name;
	const struct kenv_downcall_hook *granted;
};

void kenv_downcall_done(const struct kenv_downcall_fn *fn, const void *frame,
			unsigned long long ret);

/* The generated table: kenv_downcall_table[id], kenv_downcall_count. */
extern const struct kenv_downcall_fn *const kenv_downcall_table[];
extern const unsigned int kenv_downcall_count;

#ifdef __cplusplus
}
#endif

#endif /* KENV_DOWNCALL_H */
