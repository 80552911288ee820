// dingo/context.h - fiber stacks and the x86-64 context switch.
//
// The runtime switches with a hand-written routine (context_switch_x86_64.S)
// that saves only what the SysV ABI makes callee-saved: six registers, the
// SSE control word and the x87 control word. ucontext's swapcontext also
// saves the signal mask with a system call on every switch; Boost.Context's
// fcontext is equivalent to ours but is a dependency for ~30 lines of
// assembly. bench/dingo measures all three (docs/ARCHITECTURE.md has the
// figures).
#pragma once

#include <cstddef>
#include <cstdint>

extern "C" {
// Saves the running context's stack pointer in *saveSp and resumes the one
// whose stack pointer is nextSp.
void dingo_context_switch(void **saveSp, void *nextSp);
}

namespace dingo {

// An mmap'ed stack with one PROT_NONE guard page below it. Running into the
// guard page raises SIGSEGV; the runtime's handler (on an alternate signal
// stack) finds the stack by the faulting address and reports the name given
// to setOwner() before the process dies.
class FiberStack {
public:
  explicit FiberStack(size_t usableBytes);
  ~FiberStack();
  FiberStack(const FiberStack &) = delete;
  FiberStack &operator=(const FiberStack &) = delete;

  void *bottom() const { return usable_; }
  void *top() const { return static_cast<char *>(usable_) + size_; }
  size_t size() const { return size_; }

  // Names the fiber now running on this stack in overflow reports.
  void setOwner(const char *name);

private:
  void *map_;
  size_t mapBytes_;
  void *usable_;
  size_t size_;
  int guardSlot_;
};

// Lays out a fresh context on [.., stackTop) so that switching to the
// returned stack pointer calls entry(arg). entry must never return.
void *prepareContext(void *stackTop, void (*entry)(void *), void *arg);

// Process-wide SIGSEGV handler for guard pages (installed once; signal
// dispositions are per process, so this is the one global the runtime has)
// plus an alternate signal stack for the calling thread, without which the
// handler could not run on an overflowed stack. Idempotent.
void installStackOverflowReporter();

} // namespace dingo
