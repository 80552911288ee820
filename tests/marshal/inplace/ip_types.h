/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A driver's own structs, written for the in-place codec tests: the kinds
 * of member e1000's real structs have (bit-fields, enums, inline arrays,
 * embedded structs, function pointers, ops tables, back pointers, locks).
 */
#ifndef IP_TYPES_H
#define IP_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ip_adapter;

/* Stand-ins for the kernel's work items (linux/workqueue.h): the codec
 * initialises a receiver's copy with INIT_WORK/INIT_DELAYED_WORK. */
struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);
struct work_struct {
	work_func_t func;
	int inits;		/* how often INIT_* ran on this copy */
};
struct delayed_work {
	struct work_struct work;
	long timer;
};
#define INIT_WORK(w, f) ((w)->func = (f), (w)->inits++)
#define INIT_DELAYED_WORK(d, f) INIT_WORK(&(d)->work, f)

enum ip_state { IP_DOWN, IP_UP, IP_RESETTING };

struct ip_ops {
	int (*open)(struct ip_adapter *adapter);
};

struct ip_stats {
	uint64_t rx_packets;
	int32_t errors;
};

struct ip_ring {
	uint32_t count;
	uint16_t next_to_use;
	void *desc;			/* coherent DMA: a region */
	struct ip_adapter *adapter;	/* back pointer: a cycle */
};

struct ip_netdev {
	uint32_t mtu;
	uint8_t dev_addr[6];
	struct ip_adapter *priv;
	char *name;
	const uint8_t *hw_addr;		/* hw_addr_len bytes */
	uint8_t hw_addr_len;
	struct delayed_work priv_watchdog;
	struct work_struct priv_reset;
};

/* The private area behind a netdev, as netdev_priv(): alloc_size covers it. */
static inline struct ip_stats *ip_netdev_priv(const struct ip_netdev *netdev)
{
	return (struct ip_stats *)((char *)netdev + sizeof(*netdev));
}

struct ip_adapter {
	struct ip_netdev *netdev;
	struct ip_ring *rings;
	uint32_t num_rings;
	int (*poll)(struct ip_adapter *adapter);
	const struct ip_ops *ops;
	struct ip_stats stats;
	struct ip_stats history[2];
	unsigned int link_up:1;
	unsigned int flow_control:2;
	bool active;
	enum ip_state state;
	int16_t temperature;
	long private_lock;		/* each half owns its own */
	void *cookie;
	uint32_t msg_enable;		/* the kernel half's: to-user only */
	uint32_t reset_count;		/* the user half's: to-kernel only */
	struct delayed_work watchdog;	/* each half owns it; the handler crosses */
};

/* Stand-ins for the kernel's lists (linux/list.h), as the chain codec uses them. */
struct list_head {
	struct list_head *next, *prev;
};
#define INIT_LIST_HEAD(h) ((h)->next = (h)->prev = (h))
#define list_for_each(pos, head) for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)
#define list_entry(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))
static inline void list_add_tail(struct list_head *item, struct list_head *head)
{
	item->prev = head->prev;
	item->next = head;
	head->prev->next = item;
	head->prev = item;
}

/* An address list as net_device's uc and mc: entries linked through node. */
struct ip_addr_entry {
	uint8_t addr[6];
	struct list_head node;
	int refcount;			/* the kernel's own: never crosses */
};
struct ip_addr_list {
	struct list_head list;
	uint32_t count;
	uint32_t state;			/* flag bits each side sets on its own */
};

#endif
