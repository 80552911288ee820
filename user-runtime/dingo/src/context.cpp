// Fiber stacks, their guard pages and the overflow reporter.
#include "dingo/context.h"

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "sanitizer.h"

extern "C" void dingo_context_trampoline();

namespace dingo {

namespace {

constexpr size_t kGuardPages = 4;  // a frame up to 16 KiB still lands in it
constexpr int kGuardSlots = 4096;

// Read by the signal handler, so plain fixed storage and atomics only.
struct GuardSlot {
  std::atomic<uintptr_t> lo{0};
  std::atomic<uintptr_t> hi{0};
  char name[32];
};
GuardSlot guardSlots[kGuardSlots];
struct sigaction previousSegv;

size_t pageSize() { return static_cast<size_t>(sysconf(_SC_PAGESIZE)); }

int claimGuardSlot(uintptr_t lo, uintptr_t hi) {
  for (int i = 0; i < kGuardSlots; ++i) {
    uintptr_t expected = 0;
    if (guardSlots[i].lo.compare_exchange_strong(expected, lo)) {
      std::memset(guardSlots[i].name, 0, sizeof guardSlots[i].name);
      guardSlots[i].hi.store(hi);
      return i;
    }
  }
  return -1;
}

void releaseGuardSlot(int slot) {
  if (slot < 0)
    return;
  guardSlots[slot].hi.store(0);
  guardSlots[slot].lo.store(0);
}

void writeAll(const char *s, size_t n) {
  while (n > 0) {
    ssize_t w = write(STDERR_FILENO, s, n);
    if (w <= 0)
      return;
    s += w;
    n -= static_cast<size_t>(w);
  }
}

void writeStr(const char *s) { writeAll(s, strlen(s)); }

void writeHex(uintptr_t v) {
  char buf[2 + 16];
  buf[0] = '0';
  buf[1] = 'x';
  for (int i = 0; i < 16; ++i)
    buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xf];
  writeAll(buf, sizeof buf);
}

void chainToPrevious(int sig, siginfo_t *info, void *uctx) {
  if (previousSegv.sa_flags & SA_SIGINFO) {
    previousSegv.sa_sigaction(sig, info, uctx);
    return;
  }
  if (previousSegv.sa_handler != SIG_DFL && previousSegv.sa_handler != SIG_IGN) {
    previousSegv.sa_handler(sig);
    return;
  }
  // Default action: returning re-executes the faulting access, which now
  // kills the process with the usual SIGSEGV status.
  signal(SIGSEGV, SIG_DFL);
}

void onSegv(int sig, siginfo_t *info, void *uctx) {
  uintptr_t addr = reinterpret_cast<uintptr_t>(info->si_addr);
  for (GuardSlot &slot : guardSlots) {
    uintptr_t lo = slot.lo.load(std::memory_order_relaxed);
    if (lo == 0 || addr < lo || addr >= slot.hi.load(std::memory_order_relaxed))
      continue;
    writeStr("dingo: stack overflow in fiber '");
    writeAll(slot.name, strnlen(slot.name, sizeof slot.name));
    writeStr("': fault at ");
    writeHex(addr);
    writeStr(" in the guard pages ");
    writeHex(lo);
    writeStr("-");
    writeHex(slot.hi.load(std::memory_order_relaxed));
    writeStr("\n");
    signal(SIGSEGV, SIG_DFL);
    return;
  }
  chainToPrevious(sig, info, uctx);
}

void installAltStackForThisThread() {
  thread_local bool done = false;
  if (done)
    return;
  done = true;
  stack_t current;
  if (sigaltstack(nullptr, &current) == 0 && !(current.ss_flags & SS_DISABLE))
    return; // someone (ASan, the application) already gave this thread one
  size_t size = 64 * 1024;
  // mmap, not malloc: the stack lives as long as the thread and must not be
  // reported as a leak.
  void *mem = mmap(nullptr, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) {
    std::fprintf(stderr, "dingo: no alternate signal stack (%s): stack overflows "
                 "will not be reported by fiber name\n", std::strerror(errno));
    return;
  }
  stack_t ss{};
  ss.ss_sp = mem;
  ss.ss_size = size;
  if (sigaltstack(&ss, nullptr) != 0)
    std::fprintf(stderr, "dingo: sigaltstack: %s\n", std::strerror(errno));
}

} // namespace

void installStackOverflowReporter() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction sa{};
    sa.sa_sigaction = onSegv;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGSEGV, &sa, &previousSegv) != 0)
      std::fprintf(stderr, "dingo: sigaction(SIGSEGV): %s\n", std::strerror(errno));
  });
  installAltStackForThisThread();
}

FiberStack::FiberStack(size_t usableBytes) {
  size_t page = pageSize();
  size_ = (usableBytes + page - 1) / page * page;
  size_t guard = kGuardPages * page;
  mapBytes_ = guard + size_;
  map_ = mmap(nullptr, mapBytes_, PROT_READ | PROT_WRITE,
              MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
  if (map_ == MAP_FAILED) {
    std::fprintf(stderr, "dingo: cannot map a %zu-byte fiber stack: %s\n", mapBytes_,
                 std::strerror(errno));
    std::abort();
  }
  if (mprotect(map_, guard, PROT_NONE) != 0) {
    std::fprintf(stderr, "dingo: cannot protect a fiber guard page: %s\n",
                 std::strerror(errno));
    std::abort();
  }
  usable_ = static_cast<char *>(map_) + guard;
  uintptr_t lo = reinterpret_cast<uintptr_t>(map_);
  guardSlot_ = claimGuardSlot(lo, lo + guard);
}

FiberStack::~FiberStack() {
  releaseGuardSlot(guardSlot_);
  sanitizer::unpoison(usable_, size_);
  munmap(map_, mapBytes_);
}

void FiberStack::setOwner(const char *name) {
  if (guardSlot_ < 0)
    return;
  char *dst = guardSlots[guardSlot_].name;
  std::memset(dst, 0, sizeof guardSlots[guardSlot_].name);
  std::strncpy(dst, name, sizeof guardSlots[guardSlot_].name - 1);
}

void *prepareContext(void *stackTop, void (*entry)(void *), void *arg) {
  uintptr_t top = reinterpret_cast<uintptr_t>(stackTop) & ~uintptr_t(15);
  // After the switch pops 64 bytes, rsp must be 16-aligned for the call in
  // the trampoline to give entry() the ABI's alignment.
  auto *sp = reinterpret_cast<uint64_t *>(top - 16 - 64);
  uint32_t mxcsr = 0x1f80;  // all exceptions masked, round to nearest
  uint16_t fpucw = 0x037f;  // the same for x87
  std::memset(sp, 0, 64);
  std::memcpy(&sp[0], &mxcsr, 4);
  std::memcpy(reinterpret_cast<char *>(&sp[0]) + 4, &fpucw, 2);
  sp[3] = reinterpret_cast<uint64_t>(entry);  // r13
  sp[4] = reinterpret_cast<uint64_t>(arg);    // r12
  sp[7] = reinterpret_cast<uint64_t>(&dingo_context_trampoline);
  return sp;
}

} // namespace dingo
