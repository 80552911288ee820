// Fiber switch cost: dingo's x86-64 switch, Boost.Context and ucontext,
// against a plain indirect call measured in the same run.
#include "bench.h"

#include <ucontext.h>

#include "dingo/context.h"

#ifdef DINGO_BENCH_BOOST_CONTEXT
#include <boost/context/fiber.hpp>
#endif

namespace dingo::bench {

namespace {

constexpr long kSwitches = 4000000;

__attribute__((noinline)) void bump(long *counter) { ++*counter; }

double indirectCallNs() {
  void (*volatile fn)(long *) = bump;
  long counter = 0;
  return nsPer(kSwitches, [&] {
    for (long i = 0; i < kSwitches; ++i)
      fn(&counter);
  });
}

// Ping-pong between the caller and one fiber; each iteration is two switches.
struct AsmPingPong {
  void *mainSp = nullptr;
  void *fiberSp = nullptr;
  static void entry(void *arg) {
    auto *self = static_cast<AsmPingPong *>(arg);
    for (;;)
      dingo_context_switch(&self->fiberSp, self->mainSp);
  }
};

double asmSwitchNs() {
  FiberStack stack(64 * 1024);
  AsmPingPong pp;
  pp.fiberSp = prepareContext(stack.top(), AsmPingPong::entry, &pp);
  return nsPer(2 * kSwitches, [&] {
    for (long i = 0; i < kSwitches; ++i)
      dingo_context_switch(&pp.mainSp, pp.fiberSp);
  });
}

ucontext_t ucMain, ucFiber;
void ucEntry() {
  for (;;)
    swapcontext(&ucFiber, &ucMain);
}

double ucontextSwitchNs() {
  FiberStack stack(64 * 1024);
  getcontext(&ucFiber);
  ucFiber.uc_stack.ss_sp = stack.bottom();
  ucFiber.uc_stack.ss_size = stack.size();
  ucFiber.uc_link = nullptr;
  makecontext(&ucFiber, ucEntry, 0);
  long n = kSwitches / 8;  // a system call per switch: fewer rounds suffice
  return nsPer(2 * n, [&] {
    for (long i = 0; i < n; ++i)
      swapcontext(&ucMain, &ucFiber);
  });
}

#ifdef DINGO_BENCH_BOOST_CONTEXT
double boostSwitchNs() {
  namespace ctx = boost::context;
  ctx::fiber f{[](ctx::fiber &&caller) {
    for (;;)
      caller = std::move(caller).resume();
    return std::move(caller);
  }};
  return nsPer(2 * kSwitches, [&] {
    for (long i = 0; i < kSwitches; ++i)
      f = std::move(f).resume();
  });
}
#endif

} // namespace

void switchBenchmarks() {
  double call = indirectCallNs();
  std::printf("fiber switch (one direction), baseline: indirect call %.2f ns\n", call);
  double dingo = asmSwitchNs();
  row("dingo x86-64 switch (chosen)", dingo, "ns", call);
#ifdef DINGO_BENCH_BOOST_CONTEXT
  row("Boost.Context fiber", boostSwitchNs(), "ns", call);
#else
  std::printf("  %-34s not built (libboost-context-dev missing)\n", "Boost.Context fiber");
#endif
  row("ucontext swapcontext", ucontextSwitchNs(), "ns", call);
}

} // namespace dingo::bench
