/* SPDX-License-Identifier: MIT */
/*
 * The plain-C seam between the kernel-recipe fixture (host_fixture.c,
 * compiled against the kernel headers like a driver's user half) and the
 * GoogleTest side. Built-in types only.
 */
#ifndef HOST_TEST_FIXTURE_H
#define HOST_TEST_FIXTURE_H

#ifdef __cplusplus
extern "C" {
#endif

/* A downcall of one u32 each way through udrv_host_downcall(). */
int hf_downcall_u32(unsigned int func, unsigned int value, unsigned int *reply);

/*
 * Queues a work item on system_wq whose body msleep()s @sleep_ms, then
 * makes hf_downcall_u32(@func, @value). hf_work_state() is 0 while queued
 * or running, 1 once done; hf_work_result() its downcall's status and
 * reply; hf_work_saw_itself() whether current_work() named it.
 */
void hf_queue_downcall_work(unsigned int func, unsigned int value,
			    unsigned int sleep_ms);
int hf_work_state(void);
int hf_work_result(unsigned int *reply);
int hf_work_saw_itself(void);
/* current_work() outside a work item (an upcall's fiber): 1 if NULL. */
int hf_current_work_is_null(void);

/* Arms a timer whose callback, hf_timer_sleeps(), calls msleep(1). */
void hf_arm_sleeping_timer(unsigned int ms);
/* Arms a timer whose callback records whether it ran atomically. */
void hf_arm_probe_timer(unsigned int ms);
/* -1 until the probe timer ran; then its preempt count's softirq bits. */
int hf_probe_timer_softirq(void);

/* The fixture's mutex: lock, msleep(@hold_ms), unlock; returns current's pid. */
int hf_mutex_hold(unsigned int hold_ms);
/* Locks the fixture's mutex twice from one fiber (a kernel deadlock). */
void hf_mutex_twice(void);

/* `current` of the calling code: its pid and comm. */
int hf_current_pid(void);
const char *hf_current_comm(void);

/* Allocations the free hook must see. */
void *hf_kmalloc(unsigned long size);
void hf_kfree(void *p);
void *hf_vmalloc(unsigned long size);
void hf_vfree(void *p);
/* devm_kmalloc on a fresh device, then releases the device's resources;
 * returns the managed pointer (freed by then). */
void *hf_devm_cycle(void);

#ifdef __cplusplus
}
#endif

#endif
