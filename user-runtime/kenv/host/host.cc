// SPDX-License-Identifier: MIT
//
// kenv's host side: the libc services kenv's kernel side asks for through
// kenv/host.h (memory, log, clock, randomness, symbols, wait points).
#include "kenv/host.h"
#include "kenv/kenv.h"
#include "udrv/sched.h"

#include <dlfcn.h>
#include <execinfo.h>
#include <malloc.h>
#include <sys/io.h>
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <unordered_map>

namespace {

constexpr unsigned long kPageSize = 4096;

// vmalloc'd ranges, start -> size, for is_vmalloc_addr().
std::map<uintptr_t, unsigned long> &vmalloc_ranges() {
  static std::map<uintptr_t, unsigned long> ranges;
  return ranges;
}

struct WaitEntry {
  udrv_wait_point point{};
  int refs = 0;
};

// Node-based: a wait point's address stays put while fibers block on it.
std::unordered_map<const void *, WaitEntry> &wait_points() {
  static std::unordered_map<const void *, WaitEntry> points;
  return points;
}

kenv_log_sink g_sink = nullptr;
void *g_sink_ctx = nullptr;

}  // namespace

extern "C" {

void *kenv_host_alloc(unsigned long size, unsigned long align) {
  if (align <= alignof(std::max_align_t)) return std::malloc(size);
  void *p = nullptr;
  return posix_memalign(&p, align, size) == 0 ? p : nullptr;
}

void kenv_host_free(void *p) { std::free(p); }

unsigned long kenv_host_usable_size(const void *p) {
  return malloc_usable_size(const_cast<void *>(p));
}

void *kenv_host_vmalloc(unsigned long size) {
  unsigned long rounded = (size + kPageSize - 1) & ~(kPageSize - 1);
  void *p = nullptr;
  if (posix_memalign(&p, kPageSize, rounded) != 0) return nullptr;
  vmalloc_ranges()[reinterpret_cast<uintptr_t>(p)] = rounded;
  return p;
}

void kenv_host_vfree(const void *p) {
  vmalloc_ranges().erase(reinterpret_cast<uintptr_t>(p));
  std::free(const_cast<void *>(p));
}

int kenv_host_is_vmalloc(const void *p) {
  auto addr = reinterpret_cast<uintptr_t>(p);
  auto &ranges = vmalloc_ranges();
  auto it = ranges.upper_bound(addr);
  if (it == ranges.begin()) return 0;
  --it;
  return addr < it->first + it->second;
}

void kenv_set_log_sink(kenv_log_sink sink, void *ctx) {
  g_sink = sink;
  g_sink_ctx = ctx;
}

void kenv_host_log(int level, const char *msg) {
  if (g_sink) {
    g_sink(g_sink_ctx, level, msg);
    return;
  }
  std::fprintf(stderr, "<%d>%s\n", level, msg);
}

void kenv_host_die(const char *msg) {
  std::fprintf(stderr, "kenv: %s\n", msg);
  void *frames[64];
  int n = backtrace(frames, 64);
  backtrace_symbols_fd(frames, n, STDERR_FILENO);
  std::abort();
}

int kenv_host_ioperm(unsigned long from, unsigned long num) {
  return ioperm(from, num, 1) ? -errno : 0;
}

unsigned long long kenv_host_real_ns(void) {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<unsigned long long>(ts.tv_sec) * 1000000000ull + ts.tv_nsec;
}

void kenv_host_random(void *buf, unsigned long len) {
  auto *p = static_cast<char *>(buf);
  while (len) {
    ssize_t n = getrandom(p, len, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      kenv_host_die("getrandom failed");
    }
    p += n;
    len -= static_cast<unsigned long>(n);
  }
}

udrv_wait_point *kenv_host_wait_point_get(const void *key) {
  WaitEntry &e = wait_points()[key];
  e.refs++;
  return &e.point;
}

void kenv_host_wait_point_put(const void *key) {
  auto &points = wait_points();
  auto it = points.find(key);
  if (it == points.end()) kenv_host_die("wait point released twice");
  if (--it->second.refs == 0) points.erase(it);
}

udrv_wait_point *kenv_host_wait_point_find(const void *key) {
  auto &points = wait_points();
  auto it = points.find(key);
  return it == points.end() ? nullptr : &it->second.point;
}

}  // extern "C"
