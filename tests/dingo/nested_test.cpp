// Nested crossings: a handler's downcall calls back into the driver, and the
// nested upcall runs to completion before the outer downcall returns (what
// phylib reading MDIO through the driver needs).
#include "fixture.h"

namespace dingo::test {
namespace {

enum class Op { Probe, MdioRead, PhyRead, PhyReadDone, Reply };

struct Msg {
  Op op;
  uint64_t callId;
  int value;
  uint64_t traceWord() const { return static_cast<uint64_t>(op); }
};

// The user half as the channel client will drive it: upcalls each run in a
// fiber; replies to downcalls wake the fiber waiting for them.
class UserHalf {
public:
  explicit UserHalf(Runtime &rt) : rt_(rt), in_(rt, "upcalls", Direction::Incoming),
                                   out_(rt, "downcalls", Direction::Outgoing) {
    in_.setHandler(HandlerMode::Fiber, [this](Msg &m) { onUpcall(m); });
  }

  Mailbox<Msg> &incoming() { return in_; }
  Mailbox<Msg> &outgoing() { return out_; }
  std::vector<std::string> log;

  // A downcall: sends and waits for the reply with the same call id.
  int call(Op op, int value) {
    uint64_t id = nextCall_++;
    Pending p;
    pending_[id] = &p;
    out_.send(Msg{op, id, value});
    while (!p.done)
      rt_.block(p.wp, 0);
    pending_.erase(id);
    return p.value;
  }

private:
  struct Pending {
    udrv_wait_point wp{};
    bool done = false;
    int value = 0;
  };

  void onUpcall(Msg &m) {
    switch (m.op) {
    case Op::Reply: {
      Pending *p = pending_.at(m.callId);
      p->done = true;
      p->value = m.value;
      rt_.wakeOne(p->wp);
      break;
    }
    case Op::Probe:
      log.push_back("probe: start");
      log.push_back("probe: mdio read -> " + std::to_string(call(Op::MdioRead, 1)));
      log.push_back("probe: end");
      break;
    case Op::PhyRead: {
      log.push_back("phy-read upcall: start");
      // The nested upcall may itself block (a register poll with msleep).
      udrv_wait_point pause{};
      rt_.block(pause, rt_.nowNs() + kMs);
      log.push_back("phy-read upcall: end");
      out_.send(Msg{Op::PhyReadDone, m.callId, 0x796d});
      break;
    }
    default:
      log.push_back("unexpected upcall");
    }
  }

  Runtime &rt_;
  Mailbox<Msg> in_;
  Mailbox<Msg> out_;
  uint64_t nextCall_ = 1;
  std::unordered_map<uint64_t, Pending *> pending_;
};

// A kernel that, like phylib, answers an MDIO downcall by calling back into
// the driver and replies only once that nested call has returned.
TEST_F(RuntimeTest, NestedUpcallCompletesBeforeTheOuterDowncallReturns) {
  UserHalf user(rt);
  uint64_t outerCall = 0;
  user.outgoing().setHandler(HandlerMode::Atomic, [&](Msg &m) {
    if (m.op == Op::MdioRead) {
      outerCall = m.callId;
      user.log.push_back("kernel: mdio read -> nested phy-read upcall");
      user.incoming().send(Msg{Op::PhyRead, 1000, 0});
    } else if (m.op == Op::PhyReadDone) {
      user.log.push_back("kernel: nested call returned, replying");
      user.incoming().send(Msg{Op::Reply, outerCall, m.value});
    }
  });
  user.incoming().send(Msg{Op::Probe, 0, 0});
  rt.runUntilIdle();
  EXPECT_EQ(user.log.back(), "phy-read upcall: start") << "the nested upcall must run "
                                                          "while the outer fiber waits";
  EXPECT_EQ(rt.liveFibers(), 2u);
  advance(kMs);
  EXPECT_EQ(user.log, (std::vector<std::string>{
                          "probe: start",
                          "kernel: mdio read -> nested phy-read upcall",
                          "phy-read upcall: start",
                          "phy-read upcall: end",
                          "kernel: nested call returned, replying",
                          "probe: mdio read -> 31085",
                          "probe: end",
                      }));
  EXPECT_EQ(rt.liveFibers(), 0u);
}

} // namespace
} // namespace dingo::test
