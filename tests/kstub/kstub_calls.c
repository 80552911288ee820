// SPDX-License-Identifier: MIT
/*
 * kstub_client calls / regions: downcalls with good and bad arguments,
 * nested crossings, notifications, and the region paths.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kstub_test.h"
#include "kstub_util.h"

#define TIMEOUT_MS 5000

static struct udrv_client *chan;

/* A downcall; returns its status, with the reply in @resp. */
static int call(uint32_t func, const void *req, uint32_t len, void *resp,
		uint32_t cap, uint32_t *resp_len)
{
	return udrv_client_call(chan, func, req, len, resp, cap, resp_len,
				kstub_serve_one, NULL, TIMEOUT_MS);
}

#define EXPECT_STATUS(what, got, want)					\
	do {								\
		int got_ = (got);					\
		if (got_ != (want))					\
			return kstub_fail("%s: status %d (%s), want %d", \
					  what, got_, strerror(-got_),	\
					  want);			\
	} while (0)

static int obj_new(uint32_t type, uint64_t *handle)
{
	struct kstub_obj_new req = { .type = type };
	uint32_t len;

	EXPECT_STATUS("OBJ_NEW", call(KSTUB_DC_OBJ_NEW, &req, sizeof(req),
				      handle, sizeof(*handle), &len), 0);
	if (len != sizeof(*handle))
		return kstub_fail("OBJ_NEW: reply of %u bytes", len);
	return 0;
}

static int obj_write(uint64_t handle, uint64_t off, const void *data,
		     uint32_t len)
{
	unsigned char buf[sizeof(struct kstub_obj_io) + 2 * KSTUB_OBJ_SIZE];
	struct kstub_obj_io io = { .handle = handle, .off = off, .len = len };

	memcpy(buf, &io, sizeof(io));
	memcpy(buf + sizeof(io), data, len);
	return call(KSTUB_DC_OBJ_WRITE, buf, sizeof(io) + len, NULL, 0, NULL);
}

static int check_objects(void)
{
	unsigned char data[KSTUB_OBJ_SIZE], back[KSTUB_OBJ_SIZE];
	struct kstub_obj_io io;
	struct kstub_obj_ref ref;
	uint64_t a, b;
	uint32_t len, i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 7 + 3);
	if (obj_new(KSTUB_OBJ_A, &a) || obj_new(KSTUB_OBJ_B, &b))
		return 1;
	EXPECT_STATUS("write A", obj_write(a, 8, data, 32), 0);
	io = (struct kstub_obj_io){ .handle = a, .off = 8, .len = 32 };
	EXPECT_STATUS("read A", call(KSTUB_DC_OBJ_READ, &io, sizeof(io), back,
				     sizeof(back), &len), 0);
	if (len != 32 || memcmp(back, data, 32))
		return kstub_fail("read A: data differs from what was written");

	EXPECT_STATUS("wrong type", obj_write(b, 0, data, 4), -EPROTOTYPE);
	EXPECT_STATUS("out of bounds", obj_write(a, 60, data, 8), -ERANGE);
	io = (struct kstub_obj_io){ .handle = a, .off = ~0ull - 3, .len = 8 };
	EXPECT_STATUS("offset overflow", call(KSTUB_DC_OBJ_READ, &io,
					      sizeof(io), back, sizeof(back),
					      NULL), -ERANGE);
	EXPECT_STATUS("never issued", obj_write(0x7fff1234, 0, data, 4),
		      -ESTALE);

	ref = (struct kstub_obj_ref){ .handle = a, .type = KSTUB_OBJ_B };
	EXPECT_STATUS("free as wrong type", call(KSTUB_DC_OBJ_FREE, &ref,
						 sizeof(ref), NULL, 0, NULL),
		      -EPROTOTYPE);
	ref.type = KSTUB_OBJ_A;
	EXPECT_STATUS("free A", call(KSTUB_DC_OBJ_FREE, &ref, sizeof(ref),
				     NULL, 0, NULL), 0);
	EXPECT_STATUS("stale handle", obj_write(a, 0, data, 4), -ESTALE);
	EXPECT_STATUS("double free", call(KSTUB_DC_OBJ_FREE, &ref, sizeof(ref),
					  NULL, 0, NULL), -ESTALE);
	ref = (struct kstub_obj_ref){ .handle = b, .type = KSTUB_OBJ_B };
	EXPECT_STATUS("free B", call(KSTUB_DC_OBJ_FREE, &ref, sizeof(ref),
				     NULL, 0, NULL), 0);
	printf("kstub_client: objects: good calls work, bad handles and ranges refused\n");
	return 0;
}

static int check_garbage(void)
{
	struct udrv_msg_hdr hdr = { .kind = 77, .seq = 1 };
	unsigned char junk[64];
	uint32_t i, len;
	int ret;

	for (i = 0; i < sizeof(junk); i++)
		junk[i] = (unsigned char)(i * 37 + 11);
	ret = udrv_client_send_raw(chan, junk, sizeof(junk));
	if (ret != -EBADMSG)
		return kstub_fail("garbage bytes: %d, want -EBADMSG", ret);
	ret = udrv_client_send_raw(chan, &hdr, sizeof(hdr));
	if (ret != -EBADMSG)
		return kstub_fail("unknown kind: %d, want -EBADMSG", ret);
	hdr = (struct udrv_msg_hdr){ .kind = UDRV_MSG_DOWNCALL, .len = 1000 };
	ret = udrv_client_send_raw(chan, &hdr, sizeof(hdr));
	if (ret != -EBADMSG)
		return kstub_fail("truncated payload: %d, want -EBADMSG", ret);
	ret = udrv_client_send_raw(chan, junk, 5);
	if (ret != -EBADMSG)
		return kstub_fail("short header: %d, want -EBADMSG", ret);
	hdr = (struct udrv_msg_hdr){ .kind = UDRV_MSG_REPLY, .seq = 999999 };
	ret = udrv_client_send_raw(chan, &hdr, sizeof(hdr));
	if (ret != -ESRCH)
		return kstub_fail("stray reply: %d, want -ESRCH", ret);

	EXPECT_STATUS("unknown function", call(KSTUB_DC_COUNT + 5, NULL, 0,
					       NULL, 0, NULL), -EOPNOTSUPP);
	EXPECT_STATUS("reserved function", call(UDRV_FUNC_RESERVED, NULL, 0,
						NULL, 0, NULL), -EOPNOTSUPP);
	EXPECT_STATUS("kernel API table", call(UDRV_FUNC_KAPI_BASE, junk, 24,
					       junk, sizeof(junk), &len), 0);
	if (len != 24)
		return kstub_fail("kapi echo: %u bytes back, want 24", len);
	EXPECT_STATUS("kernel API table bounds", call(UDRV_FUNC_KAPI_BASE + 1,
						      NULL, 0, NULL, 0, NULL),
		      -EOPNOTSUPP);
	EXPECT_STATUS("kernel API length", call(UDRV_FUNC_KAPI_BASE, junk, 40,
						junk, sizeof(junk), &len),
		      -EBADMSG);
	EXPECT_STATUS("short request", call(KSTUB_DC_OBJ_NEW, junk, 2, NULL,
					    0, NULL), -EBADMSG);
	EXPECT_STATUS("echo after garbage", call(KSTUB_DC_ECHO, junk, 40, junk,
						 sizeof(junk), &len), 0);
	if (len != 40)
		return kstub_fail("echo: %u bytes back, want 40", len);
	printf("kstub_client: garbage messages refused, channel still works\n");
	return 0;
}

static int check_nested_and_notify(void)
{
	struct kstub_nested req = { .x = 12345 };
	struct kstub_notify notify = { .n = 700, .len = 1024 };
	uint32_t len;
	uint64_t y = 0;

	for (req.depth = 0; req.depth < 4; req.depth++) {
		uint64_t want = req.x * req.x + req.depth + 1;

		EXPECT_STATUS("nested", call(KSTUB_DC_NESTED, &req, sizeof(req),
					     &y, sizeof(y), &len), 0);
		if (len != sizeof(y) || y != want)
			return kstub_fail("nested depth %u: got %llu, want %llu",
					  req.depth, (unsigned long long)y,
					  (unsigned long long)want);
	}
	printf("kstub_client: nested downcall -> upcall chains up to 4 deep: %llu\n",
	       (unsigned long long)y);
	EXPECT_STATUS("upcall from an inline downcall",
		      call(KSTUB_DC_BAD_NESTED, &req, sizeof(req), &y, sizeof(y),
			   NULL), -EDEADLK);

	kstub_notes_seen = 0;
	EXPECT_STATUS("notify", call(KSTUB_DC_NOTIFY, &notify, sizeof(notify),
				     NULL, 0, NULL), 0);
	if (kstub_notes_seen != notify.n)
		return kstub_fail("notify: %u notifications, want %u",
				  kstub_notes_seen, notify.n);
	printf("kstub_client: %u notifications of %u bytes from irqs-off context\n",
	       notify.n, notify.len);
	if (!getenv("KSTUB_RING") || atol(getenv("KSTUB_RING"))) {
		uint32_t index = 0;

		/* Ring mode: reading the device is refused, receiving still works. */
		if (read(udrv_client_fd(chan), &index, sizeof(index)) >= 0 ||
		    errno != EINVAL)
			return kstub_fail("read() in ring mode: want EINVAL");
		EXPECT_STATUS("second ring", udrv_client_ring_enable(chan, UDRV_RING_MIN),
			      -EBUSY);
	}
	return 0;
}

/*
 * A user half that corrupts the ring's tail (claims to have consumed more
 * than was produced) breaks its ring: poll() reports POLLERR, nothing more
 * is written there, the kernel stays healthy. Ends the session's use.
 */
static int check_broken_ring(void)
{
	long page = sysconf(_SC_PAGESIZE);
	struct pollfd pfd = { .fd = udrv_client_fd(chan), .events = POLLIN };
	struct udrv_ring *ring;
	uint64_t seq;

	ring = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED,
		    udrv_client_fd(chan), (off_t)UDRV_RING_OFFSET(page));
	if (ring == MAP_FAILED)
		return kstub_fail("second mapping of the ring: %s", strerror(errno));
	__atomic_store_n(&ring->tail, ring->head + ring->size + 8, __ATOMIC_RELEASE);
	EXPECT_STATUS("downcall", udrv_client_downcall(chan, KSTUB_DC_NOP, NULL,
						       0, &seq), 0);
	if (poll(&pfd, 1, 1000) != 1 || !(pfd.revents & POLLERR))
		return kstub_fail("corrupted ring: poll revents %#x, want POLLERR",
				  pfd.revents);
	munmap(ring, page);
	printf("kstub_client: a corrupted ring tail is refused (POLLERR)\n");
	return 0;
}

int kstub_cmd_calls(const char *dev)
{
	struct udrv_client *second;
	int ret;

	if (kstub_open(dev, &chan))
		return 1;
	ret = udrv_client_open_ring(dev, 0, &second);
	if (ret != -EBUSY)
		return kstub_fail("second attach: %d, want -EBUSY", ret);
	ret = check_objects() || check_nested_and_notify() || check_garbage();
	if (!ret && getenv("KSTUB_RING") && atol(getenv("KSTUB_RING")))
		ret = check_broken_ring();
	udrv_client_close(chan);
	return ret;
}

static int check_region(uint32_t index, uint32_t kind, uint64_t off,
			uint32_t words, uint32_t seed)
{
	struct kstub_region_check req = {
		.index = index, .kind = kind, .off = off, .words = words,
		.seed = seed,
	};
	uint32_t first = 0;

	EXPECT_STATUS("region check", call(KSTUB_DC_REGION_CHECK, &req,
					   sizeof(req), &first, sizeof(first),
					   NULL), 0);
	if (first != kstub_pattern(seed, 0))
		return kstub_fail("region %u: kernel read %#x", index, first);
	return 0;
}

/* Receive-address/multicast table of the 82540EM: plain read/write words. */
#define MTA_OFFSET 0x5200
#define MTA_WORDS 16

static int check_bar(void)
{
	struct udrv_region_info info;
	volatile uint32_t *bar;
	size_t size;
	uint32_t i;
	void *p;

	EXPECT_STATUS("region 0 info", udrv_client_region_info(chan, 0, &info), 0);
	if (info.kind != UDRV_REGION_BAR || info.bar != 0 || info.size < 0x10000)
		return kstub_fail("region 0: kind %u bar %u size %llu", info.kind,
				  info.bar, (unsigned long long)info.size);
	EXPECT_STATUS("map BAR", udrv_client_map(chan, 0, &p, &size), 0);
	bar = p;
	for (i = 0; i < MTA_WORDS; i++)
		bar[MTA_OFFSET / 4 + i] = kstub_pattern(0xba5e, i);
	if (check_region(0, UDRV_REGION_BAR, MTA_OFFSET, MTA_WORDS, 0xba5e))
		return 1;
	EXPECT_STATUS("BAR past its end", call(KSTUB_DC_REGION_CHECK,
		&(struct kstub_region_check){ .index = 0,
			.kind = UDRV_REGION_BAR, .off = size - 4, .words = 2 },
		sizeof(struct kstub_region_check), NULL, 4, NULL), -ERANGE);
	printf("kstub_client: BAR 0 (%zu bytes) written by user, read by kernel\n",
	       size);
	return 0;
}

/* The ioctl alone: udrv_client_dma_free() would unmap first. */
static int dma_free_raw(uint32_t index)
{
	return ioctl(udrv_client_fd(chan), UDRV_IOC_DMA_FREE, &index) ? -errno : 0;
}

static int check_dma(void)
{
	struct kstub_region_ref ref, back;
	uint64_t bus, off = 4096 + 40;
	uint32_t index, i, *mem;
	uint64_t ref_off;
	size_t size;
	void *p;

	EXPECT_STATUS("DMA alloc", udrv_client_dma_alloc(chan, 3 * 4096, &index,
							 &bus), 0);
	if (!bus)
		return kstub_fail("DMA region %u has no bus address", index);
	EXPECT_STATUS("map DMA", udrv_client_map(chan, index, &p, &size), 0);
	mem = p;
	for (i = 0; i < size / 4; i++)
		mem[i] = kstub_pattern(0xd3a, i);
	if (check_region(index, UDRV_REGION_DMA, 0, size / 4, 0xd3a))
		return 1;

	if (udrv_client_locate(chan, (char *)p + off, &ref.index, &ref_off) ||
	    ref.index != index || ref_off != off)
		return kstub_fail("user-side locate of DMA offset %llu",
				  (unsigned long long)off);
	ref.off = ref_off;
	EXPECT_STATUS("kernel locate", call(KSTUB_DC_LOCATE, &ref, sizeof(ref),
					    &back, sizeof(back), NULL), 0);
	if (back.index != index || back.off != off ||
	    udrv_client_addr(chan, back.index, back.off) != (char *)p + off)
		return kstub_fail("kernel-side translation: region %u offset %llu",
				  back.index, (unsigned long long)back.off);

	EXPECT_STATUS("DMA free while mapped", dma_free_raw(index), -EBUSY);
	EXPECT_STATUS("DMA free", udrv_client_dma_free(chan, index), 0);
	EXPECT_STATUS("freed DMA region", call(KSTUB_DC_REGION_CHECK,
		&(struct kstub_region_check){ .index = index,
			.kind = UDRV_REGION_DMA, .words = 1 },
		sizeof(struct kstub_region_check), NULL, 4, NULL), -ERANGE);
	printf("kstub_client: DMA region %u (%zu bytes, bus %#llx) written by user, read by kernel, translated both ways\n",
	       index, size, (unsigned long long)bus);
	/* Left allocated and mapped on purpose: detach must free it. */
	EXPECT_STATUS("DMA alloc", udrv_client_dma_alloc(chan, 4096, &index,
							 &bus), 0);
	return udrv_client_map(chan, index, &p, &size) ? kstub_fail("map") : 0;
}

int kstub_cmd_regions(const char *dev)
{
	int ret;

	if (kstub_open(dev, &chan))
		return 1;
	ret = check_bar() || check_dma();
	udrv_client_close(chan);
	return ret;
}
