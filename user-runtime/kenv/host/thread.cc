// SPDX-License-Identifier: MIT
//
// Driver threads: a per-thread copy of the per-cpu section reached through
// the GS base, and the SIGILL trap that turns WARN/BUG (ud2 + __bug_table)
// into a log line or a clear death.
#include "kenv/host.h"
#include "kenv/kenv.h"

#include <asm/prctl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

// Section kenv_percpu: every per-cpu variable (kcc.py renames .data..percpu*).
extern "C" char __start_kenv_percpu[];
extern "C" char __stop_kenv_percpu[];

namespace {

thread_local char *t_area = nullptr;

int set_gs_base(uintptr_t base) {
  return syscall(SYS_arch_prctl, ARCH_SET_GS, base) == 0 ? 0 : -errno;
}

void on_sigill(int sig, siginfo_t *info, void *uctx) {
  auto *uc = static_cast<ucontext_t *>(uctx);
  auto rip = static_cast<uintptr_t>(uc->uc_mcontext.gregs[REG_RIP]);
  const char *file = nullptr;
  unsigned int line = 0;
  int kind = kenv_bug_lookup(rip, &file, &line);
  char msg[512];

  switch (kind) {
    case 1:
      std::snprintf(msg, sizeof(msg), "WARNING: at %s:%u", file, line);
      kenv_host_log(4, msg);
      [[fallthrough]];
    case 3:
      uc->uc_mcontext.gregs[REG_RIP] += 2;  // past the ud2
      return;
    case 2:
      std::snprintf(msg, sizeof(msg), "kernel BUG at %s:%u!", file, line);
      kenv_host_die(msg);
    default:
      // Not a kernel BUG/WARN site: a genuine illegal instruction.
      signal(sig, SIG_DFL);
      (void)info;
      raise(sig);
  }
}

void install_bug_trap() {
  struct sigaction sa {};
  sa.sa_sigaction = on_sigill;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGILL, &sa, nullptr);
}

}  // namespace

extern "C" int kenv_thread_attach(const char *comm) {
  if (t_area) return -EBUSY;
  size_t size = static_cast<size_t>(__stop_kenv_percpu - __start_kenv_percpu);
  void *area = nullptr;
  if (posix_memalign(&area, 64, size ? size : 64) != 0) return -ENOMEM;
  std::memcpy(area, __start_kenv_percpu, size);
  uintptr_t offset = reinterpret_cast<uintptr_t>(area) -
                     reinterpret_cast<uintptr_t>(__start_kenv_percpu);
  int err = set_gs_base(offset);
  if (err) {
    std::free(area);
    return err;
  }
  t_area = static_cast<char *>(area);
  install_bug_trap();
  err = kenv_cpu_attach(offset, comm);
  if (err) kenv_thread_detach();
  kenv_update_jiffies();
  return err;
}

extern "C" void kenv_thread_detach(void) {
  if (!t_area) return;
  kenv_cpu_detach();
  set_gs_base(0);
  std::free(t_area);
  t_area = nullptr;
}
