/* SPDX-License-Identifier: MIT */
/*
 * The plain-C seam between kernel-recipe test code (compiled against the
 * kernel headers, like the driver) and the C++ GoogleTest side. Only
 * built-in types: both worlds include it.
 */
#ifndef KENV_TEST_KTEST_H
#define KENV_TEST_KTEST_H

#ifdef __cplusplus
extern "C" {
#endif

/* Implemented by the C++ side: a failed expectation, reported to gtest. */
void ktest_fail(const char *file, int line, const char *expr);
/* Implemented by the C++ side: a named event at the current clock. */
void ktest_event(const char *what);

#define KT_EXPECT(cond)							\
	do {								\
		if (!(cond))						\
			ktest_fail(__FILE__, __LINE__, #cond);		\
	} while (0)

/* prims.c: each checks one primitive's kernel semantics with KT_EXPECT. */
void kt_alloc_semantics(void);
void kt_krealloc_growth(void);
void kt_kmem_cache(void);
void kt_devres_order(void);
void kt_percpu_area(void);
void kt_printf_formats(void);
void kt_log_levels(void);
void kt_params(void);
int kt_warn_on(void);		/* returns 1 once past both WARNs */
void kt_bug(void);
void kt_sleep_in_atomic(void);
void kt_spin_recursion(void);
void kt_strings_and_numbers(void);

/* Run in fibers of the test scheduler. */
void kt_msleep(void *ms);
void kt_usleep_range(void *unused);
void kt_mutex_holder(void *unused);
void kt_mutex_waiter(void *unused);
void kt_timer_case(void *unused);
void kt_work_case(void *unused);
void kt_completion_waiter(void *timeout_jiffies);
void kt_completion_completer(void *delay_ms);
void kt_waitqueue_waiter(void *unused);
void kt_waitqueue_waker(void *unused);
void kt_reset_shared(void);
void kt_deferred_case(void *unused);

/* downcall_glue.c */
int kt_call_pci_enable_device(void *pdev);
void *kt_call_alloc_etherdev(int sizeof_priv);

#ifdef __cplusplus
}
#endif

#endif /* KENV_TEST_KTEST_H */
