// SPDX-License-Identifier: MIT
// TEST FIXTURE: see mmio_trap.h.
#include "mmio_trap.h"

#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace kenv_test {

namespace {

// x86 register number (ModRM.reg + REX.R) to its ucontext slot.
const int kGreg[16] = {REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP,
                       REG_RSI, REG_RDI, REG_R8,  REG_R9,  REG_R10, REG_R11,
                       REG_R12, REG_R13, REG_R14, REG_R15};

MmioWindow *g_window = nullptr;
struct sigaction g_previous;

[[noreturn]] void die(const char *what, const uint8_t *ip) {
  std::fprintf(stderr,
               "mmio_trap: %s at %p (bytes %02x %02x %02x %02x); only MOV "
               "between a register and the window is emulated\n",
               what, static_cast<const void *>(ip), ip[0], ip[1], ip[2], ip[3]);
  std::abort();
}

struct Access {
  bool store;
  unsigned size;
  int reg;        // x86 register number
  bool high8;     // AH..BH
  unsigned len;   // instruction length
};

Access decode(const uint8_t *ip) {
  const uint8_t *p = ip;
  bool opsize16 = false;
  uint8_t rex = 0;
  if (*p == 0x66) {
    opsize16 = true;
    p++;
  }
  if ((*p & 0xf0) == 0x40) rex = *p++;
  Access a{};
  switch (*p++) {
    case 0x8b: a.store = false; a.size = 4; break;
    case 0x89: a.store = true; a.size = 4; break;
    case 0x8a: a.store = false; a.size = 1; break;
    case 0x88: a.store = true; a.size = 1; break;
    default: die("unsupported instruction", ip);
  }
  if (a.size == 4 && opsize16) a.size = 2;
  if (a.size == 4 && (rex & 8)) a.size = 8;
  uint8_t modrm = *p++;
  unsigned mod = modrm >> 6, rm = modrm & 7;
  a.reg = ((modrm >> 3) & 7) | ((rex & 4) ? 8 : 0);
  a.high8 = a.size == 1 && !rex && a.reg >= 4;
  if (a.high8) a.reg -= 4;
  if (mod == 3) die("register operand", ip);
  if (rm == 4) {
    uint8_t sib = *p++;
    if (mod == 0 && (sib & 7) == 5) p += 4;
  }
  if (mod == 0 && rm == 5) p += 4;
  if (mod == 1) p += 1;
  if (mod == 2) p += 4;
  a.len = static_cast<unsigned>(p - ip);
  return a;
}

}  // namespace

struct MmioTrap {
  static void handler(int sig, siginfo_t *info, void *uctx) {
    auto *uc = static_cast<ucontext_t *>(uctx);
    auto addr = reinterpret_cast<uintptr_t>(info->si_addr);
    MmioWindow *w = g_window;
    auto base = w ? reinterpret_cast<uintptr_t>(w->base_) : 0;
    if (!w || addr < base || addr >= base + w->size_) {
      // Not ours: let the previous handler (or the default) have it.
      sigaction(SIGSEGV, &g_previous, nullptr);
      return;
    }
    auto *ip = reinterpret_cast<const uint8_t *>(uc->uc_mcontext.gregs[REG_RIP]);
    Access a = decode(ip);
    greg_t &reg = uc->uc_mcontext.gregs[kGreg[a.reg]];
    size_t offset = addr - base;
    w->accesses_++;
    if (a.store) {
      uint64_t v = static_cast<uint64_t>(reg);
      if (a.high8) v >>= 8;
      if (a.size < 8) v &= (1ull << (8 * a.size)) - 1;
      w->device_->write(offset, a.size, v);
    } else {
      uint64_t v = w->device_->read(offset, a.size);
      auto r = static_cast<uint64_t>(reg);
      switch (a.size) {
        case 1:
          if (a.high8)
            r = (r & ~0xff00ull) | ((v & 0xff) << 8);
          else
            r = (r & ~0xffull) | (v & 0xff);
          break;
        case 2: r = (r & ~0xffffull) | (v & 0xffff); break;
        case 4: r = v & 0xffffffffull; break;  // 32-bit loads zero-extend
        default: r = v;
      }
      reg = static_cast<greg_t>(r);
    }
    uc->uc_mcontext.gregs[REG_RIP] += a.len;
    (void)sig;
  }
};

MmioWindow::MmioWindow(size_t size, MmioDevice *device) : size_(size), device_(device) {
  base_ = mmap(nullptr, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base_ == MAP_FAILED) {
    std::perror("mmio_trap: mmap");
    std::abort();
  }
  struct sigaction sa {};
  sa.sa_sigaction = MmioTrap::handler;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, &g_previous);
  g_window = this;
}

MmioWindow::~MmioWindow() {
  g_window = nullptr;
  sigaction(SIGSEGV, &g_previous, nullptr);
  munmap(base_, size_);
}

}  // namespace kenv_test
