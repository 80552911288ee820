// SPDX-License-Identifier: MIT
/*
 * The channel client: framing of messages over read()/write() on the udrv
 * device, nested synchronous calls for simple programs, region mappings.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "udrv/client.h"

#define RECV_BUF_SIZE (4 * UDRV_MSG_SIZE(UDRV_MSG_MAX_PAYLOAD))
#define SEND_BUF_SIZE UDRV_MSG_SIZE(UDRV_MSG_MAX_PAYLOAD)
#define MAX_NESTING 16

/* A udrv_client_call() waiting for its reply, innermost last. */
struct call_frame {
	uint64_t seq;
	int done;
	int32_t status;
	void *resp;
	uint32_t resp_cap;
	uint32_t resp_len;
};

struct mapping {
	void *addr;
	size_t size;
};

struct udrv_client {
	int fd;
	struct udrv_ring *ring;		/* NULL: receive with read() */
	const unsigned char *ring_data;
	size_t ring_map_size;
	uint32_t ring_consume;		/* bytes of the last message taken */
	uint64_t next_seq;
	size_t recv_pos;
	size_t recv_len;
	unsigned int depth;
	struct call_frame frames[MAX_NESTING];
	struct mapping maps[UDRV_MAX_REGIONS];
	_Alignas(8) unsigned char recv_buf[RECV_BUF_SIZE];
	_Alignas(8) unsigned char send_buf[SEND_BUF_SIZE];
};

int udrv_client_adopt(int fd, struct udrv_client **out)
{
	struct udrv_client *c = calloc(1, sizeof(*c));

	if (!c)
		return -ENOMEM;
	c->fd = fd;
	c->next_seq = 1;
	*out = c;
	return 0;
}

int udrv_client_open(const char *path, struct udrv_client **out)
{
	return udrv_client_open_ring(path, UDRV_CLIENT_RING_BYTES, out);
}

int udrv_client_open_ring(const char *path, uint32_t ring_bytes,
			  struct udrv_client **out)
{
	struct udrv_client *c;
	struct udrv_info info;
	int fd, ret;

	fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = udrv_client_adopt(fd, &c);
	if (ret) {
		close(fd);
		return ret;
	}
	ret = udrv_client_info(c, &info);
	if (!ret && info.version != UDRV_CHANNEL_VERSION)
		ret = -EPROTONOSUPPORT;
	if (!ret && ring_bytes)
		ret = udrv_client_ring_enable(c, ring_bytes);
	if (ret) {
		udrv_client_close(c);
		return ret;
	}
	*out = c;
	return 0;
}

void udrv_client_close(struct udrv_client *c)
{
	uint32_t i;

	if (!c)
		return;
	for (i = 0; i < UDRV_MAX_REGIONS; i++)
		udrv_client_unmap(c, i);
	if (c->ring)
		munmap(c->ring, c->ring_map_size);
	close(c->fd);
	free(c);
}

int udrv_client_fd(const struct udrv_client *c)
{
	return c->fd;
}

int udrv_client_info(struct udrv_client *c, struct udrv_info *info)
{
	return ioctl(c->fd, UDRV_IOC_INFO, info) ? -errno : 0;
}

static int refill(struct udrv_client *c)
{
	ssize_t n = read(c->fd, c->recv_buf, sizeof(c->recv_buf));

	if (n < 0)
		return -errno;
	if (n == 0)
		return -ENODEV;	/* the kernel never does this; a closed peer */
	c->recv_pos = 0;
	c->recv_len = (size_t)n;
	return 0;
}

int udrv_client_ring_enable(struct udrv_client *c, uint32_t size)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t map_size = (size_t)page + size;
	void *p;

	if (c->ring)
		return -EBUSY;
	if (ioctl(c->fd, UDRV_IOC_RING_SETUP, &size))
		return -errno;
	p = mmap(NULL, map_size, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd,
		 (off_t)UDRV_RING_OFFSET(page));
	if (p == MAP_FAILED)
		return -errno;
	c->ring = p;
	c->ring_data = (const unsigned char *)p + page;
	c->ring_map_size = map_size;
	return 0;
}

/* Hands the space of the last message taken back to the kernel. */
static void ring_release(struct udrv_client *c)
{
	if (!c->ring_consume)
		return;
	__atomic_store_n(&c->ring->tail, c->ring->tail + c->ring_consume,
			 __ATOMIC_RELEASE);
	c->ring_consume = 0;
}

static int ring_recv(struct udrv_client *c, struct udrv_client_msg *msg)
{
	uint32_t size = c->ring->size, head, tail, pos, to_end;

	ring_release(c);
	tail = c->ring->tail;
	head = __atomic_load_n(&c->ring->head, __ATOMIC_ACQUIRE);
	if (head == tail)
		return -EAGAIN;
	pos = tail & (size - 1);
	to_end = size - pos;
	if (to_end < sizeof(msg->hdr) ||
	    ((const struct udrv_msg_hdr *)(c->ring_data + pos))->kind ==
		    UDRV_MSG_PAD) {
		c->ring_consume = to_end;
		ring_release(c);
		tail += to_end;
		if (head == tail)
			return -EAGAIN;
		pos = 0;
		to_end = size;
	}
	memcpy(&msg->hdr, c->ring_data + pos, sizeof(msg->hdr));
	if (msg->hdr.len > UDRV_MSG_MAX_PAYLOAD ||
	    UDRV_MSG_SIZE(msg->hdr.len) > to_end ||
	    UDRV_MSG_SIZE(msg->hdr.len) > head - tail)
		return -EPROTO;
	msg->payload = c->ring_data + pos + sizeof(msg->hdr);
	c->ring_consume = UDRV_MSG_SIZE(msg->hdr.len);
	return 0;
}

int udrv_client_recv(struct udrv_client *c, struct udrv_client_msg *msg)
{
	size_t avail, size;
	int ret;

	if (c->ring)
		return ring_recv(c, msg);

	if (c->recv_pos >= c->recv_len) {
		ret = refill(c);
		if (ret)
			return ret;
	}
	avail = c->recv_len - c->recv_pos;
	if (avail < sizeof(msg->hdr))
		goto garbled;
	memcpy(&msg->hdr, c->recv_buf + c->recv_pos, sizeof(msg->hdr));
	if (msg->hdr.len > UDRV_MSG_MAX_PAYLOAD ||
	    sizeof(msg->hdr) + msg->hdr.len > avail)
		goto garbled;
	size = UDRV_MSG_SIZE(msg->hdr.len);
	msg->payload = c->recv_buf + c->recv_pos + sizeof(msg->hdr);
	c->recv_pos += size < avail ? size : avail;
	return 0;
garbled:
	/* The kernel frames whole messages: this is a protocol bug. */
	c->recv_pos = c->recv_len;
	return -EPROTO;
}

static int send_msg(struct udrv_client *c, uint16_t kind, uint32_t func,
		    uint64_t seq, int32_t status, const void *payload,
		    uint32_t len)
{
	struct udrv_msg_hdr hdr = {
		.kind = kind, .func = func, .seq = seq, .len = len,
		.status = status,
	};
	size_t size = sizeof(hdr) + len;
	ssize_t n;

	if (len > UDRV_MSG_MAX_PAYLOAD || (len && !payload))
		return -EINVAL;
	memcpy(c->send_buf, &hdr, sizeof(hdr));
	if (len)
		memcpy(c->send_buf + sizeof(hdr), payload, len);
	n = write(c->fd, c->send_buf, size);
	if (n < 0)
		return -errno;
	return (size_t)n == size ? 0 : -EIO;
}

int udrv_client_downcall(struct udrv_client *c, uint32_t func,
			 const void *payload, uint32_t len, uint64_t *seq)
{
	uint64_t s = c->next_seq++;
	int ret = send_msg(c, UDRV_MSG_DOWNCALL, func, s, 0, payload, len);

	if (!ret && seq)
		*seq = s;
	return ret;
}

int udrv_client_reply(struct udrv_client *c, uint64_t seq, uint32_t func,
		      int32_t status, const void *payload, uint32_t len)
{
	return send_msg(c, UDRV_MSG_REPLY, func, seq, status, payload, len);
}

int udrv_client_send_raw(struct udrv_client *c, const void *buf, size_t len)
{
	ssize_t n = write(c->fd, buf, len);

	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

int udrv_client_wait(struct udrv_client *c, int timeout_ms)
{
	struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
	int n;

	if (c->recv_pos < c->recv_len)
		return 1;
	if (c->ring) {
		ring_release(c);
		if (__atomic_load_n(&c->ring->head, __ATOMIC_ACQUIRE) !=
		    c->ring->tail)
			return 1;
	}
	do {
		n = poll(&pfd, 1, timeout_ms);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (n && (pfd.revents & POLLIN))
		return 1;
	if (n && (pfd.revents & (POLLHUP | POLLERR)))
		return -ENODEV;
	return 0;
}

/* Fills the frame a reply belongs to; returns 0 if none waits for it. */
static int deliver_reply(struct udrv_client *c,
			 const struct udrv_client_msg *msg)
{
	unsigned int i;

	for (i = 0; i < c->depth; i++) {
		struct call_frame *f = &c->frames[i];

		if (f->done || f->seq != msg->hdr.seq)
			continue;
		f->done = 1;
		f->status = msg->hdr.status;
		f->resp_len = msg->hdr.len;
		if (msg->hdr.len > f->resp_cap) {
			f->status = -EMSGSIZE;
			f->resp_len = 0;
		} else if (msg->hdr.len) {
			memcpy(f->resp, msg->payload, msg->hdr.len);
		}
		return 1;
	}
	return 0;
}

static int dispatch(struct udrv_client *c, const struct udrv_client_msg *msg,
		    udrv_client_handler handler, void *ctx)
{
	if (msg->hdr.kind == UDRV_MSG_REPLY && deliver_reply(c, msg))
		return 0;
	if (handler)
		return handler(ctx, c, msg);
	if (msg->hdr.kind == UDRV_MSG_UPCALL)
		return udrv_client_reply(c, msg->hdr.seq, msg->hdr.func,
					 -EOPNOTSUPP, NULL, 0);
	return 0;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int wait_frame(struct udrv_client *c, struct call_frame *f,
		      udrv_client_handler handler, void *ctx, int timeout_ms)
{
	int64_t deadline = now_ms() + timeout_ms;
	struct udrv_client_msg msg;
	int ret;

	while (!f->done) {
		ret = udrv_client_recv(c, &msg);
		if (ret == -EAGAIN) {
			int64_t left = deadline - now_ms();

			if (left <= 0)
				return -ETIMEDOUT;
			ret = udrv_client_wait(c, (int)left);
			if (ret < 0)
				return ret;
			continue;
		}
		if (ret)
			return ret;
		ret = dispatch(c, &msg, handler, ctx);
		if (ret)
			return ret;
	}
	return 0;
}

int udrv_client_call(struct udrv_client *c, uint32_t func, const void *req,
		     uint32_t req_len, void *resp, uint32_t resp_cap,
		     uint32_t *resp_len, udrv_client_handler handler,
		     void *ctx, int timeout_ms)
{
	struct call_frame *f;
	unsigned int level;
	int ret;

	if (c->depth >= MAX_NESTING)
		return -ELOOP;
	level = c->depth++;
	f = &c->frames[level];
	memset(f, 0, sizeof(*f));
	f->resp = resp;
	f->resp_cap = resp ? resp_cap : 0;
	ret = udrv_client_downcall(c, func, req, req_len, &f->seq);
	if (!ret)
		ret = wait_frame(c, f, handler, ctx, timeout_ms);
	if (!ret) {
		ret = f->status;
		if (resp_len)
			*resp_len = f->resp_len;
	}
	c->depth = level;
	return ret;
}

int udrv_client_region_info(struct udrv_client *c, uint32_t index,
			    struct udrv_region_info *info)
{
	memset(info, 0, sizeof(*info));
	info->index = index;
	return ioctl(c->fd, UDRV_IOC_REGION_INFO, info) ? -errno : 0;
}

int udrv_client_map(struct udrv_client *c, uint32_t index, void **addr,
		    size_t *size)
{
	long page = sysconf(_SC_PAGESIZE);
	struct udrv_region_info info;
	void *p;
	int ret;

	if (index >= UDRV_MAX_REGIONS)
		return -EINVAL;
	if (c->maps[index].addr)
		return -EBUSY;
	ret = udrv_client_region_info(c, index, &info);
	if (ret)
		return ret;
	if (info.kind == UDRV_REGION_NONE)
		return -ENOENT;
	p = mmap(NULL, info.size, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd,
		 (off_t)UDRV_REGION_OFFSET(index, page));
	if (p == MAP_FAILED)
		return -errno;
	c->maps[index].addr = p;
	c->maps[index].size = info.size;
	*addr = p;
	if (size)
		*size = info.size;
	return 0;
}

int udrv_client_unmap(struct udrv_client *c, uint32_t index)
{
	if (index >= UDRV_MAX_REGIONS || !c->maps[index].addr)
		return -EINVAL;
	if (munmap(c->maps[index].addr, c->maps[index].size))
		return -errno;
	c->maps[index].addr = NULL;
	c->maps[index].size = 0;
	return 0;
}

int udrv_client_dma_alloc(struct udrv_client *c, uint64_t size,
			  uint32_t *index, uint64_t *bus_addr)
{
	struct udrv_dma_alloc req = { .size = size };

	if (ioctl(c->fd, UDRV_IOC_DMA_ALLOC, &req))
		return -errno;
	*index = req.index;
	if (bus_addr)
		*bus_addr = req.bus_addr;
	return 0;
}

int udrv_client_dma_free(struct udrv_client *c, uint32_t index)
{
	if (index < UDRV_MAX_REGIONS && c->maps[index].addr)
		udrv_client_unmap(c, index);
	return ioctl(c->fd, UDRV_IOC_DMA_FREE, &index) ? -errno : 0;
}

int udrv_client_locate(const struct udrv_client *c, const void *p,
		       uint32_t *index, uint64_t *off)
{
	uintptr_t addr = (uintptr_t)p;
	uint32_t i;

	for (i = 0; i < UDRV_MAX_REGIONS; i++) {
		uintptr_t base = (uintptr_t)c->maps[i].addr;

		if (base && addr >= base && addr - base < c->maps[i].size) {
			*index = i;
			*off = addr - base;
			return 0;
		}
	}
	return -ENOENT;
}

void *udrv_client_addr(const struct udrv_client *c, uint32_t index,
		       uint64_t off)
{
	if (index >= UDRV_MAX_REGIONS || !c->maps[index].addr ||
	    off >= c->maps[index].size)
		return NULL;
	return (unsigned char *)c->maps[index].addr + off;
}
