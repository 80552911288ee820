// Serving the channel: upcalls in fibers, downcalls that block only their
// fiber, replies matched by sequence id, crossings fed to the observers.
#include "host_impl.h"

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>

struct udrv_host {
  udrv_host_impl::Host *self;
};

namespace udrv_host_impl {

namespace {

thread_local Host *t_running = nullptr;

// Messages taken per readable callback before the loop looks at timers and
// fibers again (the fd is level-triggered: the rest comes next turn).
constexpr int kMessagesPerTurn = 64;
// How often observer timeouts (a probe that never completes) are checked.
constexpr uint64_t kTimeoutCheckNs = 100 * 1000 * 1000;

bool peerGone(int err) { return err == -ENODEV || err == -EPIPE || err == -ENOTCONN; }

}  // namespace

Host::Host(dingo::Runtime &rt, udrv_client *client, const udrv_host_config &cfg,
           observers::Monitor *monitor, observers::Policy policy)
    : rt_(rt), client_(client), cfg_(cfg), monitor_(monitor),
      handle_(new udrv_host{this}), policyStops_(policy != observers::Policy::Log) {}

Host::~Host() {
  if (started_) {
    if (watching_)
      rt_.port().unwatch(udrv_client_fd(client_));
    if (timeoutTimer_)
      rt_.cancelTimer(timeoutTimer_);
    if (t_running == this)
      t_running = outer_;
  }
  delete handle_;
}

Host *Host::running() { return t_running; }

Host *Host::fromHandle(udrv_host *handle) { return handle ? handle->self : nullptr; }

void Host::log(const char *fmt, ...) const {
  char line[512];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(line, sizeof line, fmt, args);
  va_end(args);
  std::fprintf(stderr, "udrv-host[%s]: %s\n", cfg_.driver ? cfg_.driver : "?", line);
}

void Host::trace(const char *fmt, va_list args) const {
  char line[512];
  std::vsnprintf(line, sizeof line, fmt, args);
  uint64_t ms = (rt_.nowNs() - startNs_) / 1000000;
  std::fprintf(stderr, "udrv-trace[%s] %llu.%03llu %s: %s\n", cfg_.driver ? cfg_.driver : "?",
               static_cast<unsigned long long>(ms / 1000), static_cast<unsigned long long>(ms % 1000),
               rt_.currentName(), line);
}

void Host::start() {
  started_ = true;
  startNs_ = rt_.nowNs();
  outer_ = t_running;
  t_running = this;
  rt_.port().watchReadable(udrv_client_fd(client_), [this] { onReadable(); });
  watching_ = true;
  if (monitor_)
    timeoutTimer_ = rt_.addTimer(rt_.nowNs() + kTimeoutCheckNs, "observer-timeouts",
                                 [this] { checkTimeouts(); });
  if (cfg_.on_attach)
    rt_.spawn("on_attach", [this] { attach(); });
  else
    attached_ = true;
}

void Host::attach() {
  int err = cfg_.on_attach(cfg_.arg, handle_);
  if (err < 0) {
    log("on_attach failed: %s", std::strerror(-err));
    end(err, "on_attach failed");
    return;
  }
  attached_ = true;
  for (auto &[seq, call] : deferred_)
    spawnUpcall(call.first, seq, std::move(call.second));
  deferred_.clear();
}

void Host::end(int result, const char *cause) {
  if (ended_)
    return;
  ended_ = true;
  result_ = result;
  if (result < 0)
    log("stopping: %s (%s)", cause, std::strerror(-result));
  else
    log("stopping: %s", cause);
  for (auto &[seq, p] : pending_) {
    p->done = true;
    p->status = -ENODEV;
    rt_.wakeAll(p->wp);
  }
  pending_.clear();
  // A hung-up fd stays readable (level-triggered): stop watching it.
  rt_.port().unwatch(udrv_client_fd(client_));
  watching_ = false;
  rt_.stop();
}

void Host::onReadable() {
  for (int taken = 0; taken < kMessagesPerTurn && !ended_;) {
    udrv_client_msg msg;
    int err = udrv_client_recv(client_, &msg);
    if (err == -EAGAIN) {
      // Nothing buffered: the readiness was a hang-up or error, or a ring
      // that poll() refills (udrv/client.h).
      int ready = udrv_client_wait(client_, 0);
      if (ready == 1)
        continue;
      if (ready < 0)
        end(0, "the kernel half went away (POLLHUP)");
      return;
    }
    if (peerGone(err)) {
      end(0, "the kernel half went away");
      return;
    }
    if (err < 0) {
      end(err, "receiving from the channel failed");
      return;
    }
    ++taken;
    dispatch(msg);
  }
}

void Host::dispatch(const udrv_client_msg &msg) {
  switch (msg.hdr.kind) {
    case UDRV_MSG_UPCALL: {
      const auto *p = static_cast<const uint8_t *>(msg.payload);
      std::vector<uint8_t> req(p, p + msg.hdr.len);
      if (attached_)
        spawnUpcall(msg.hdr.func, msg.hdr.seq, std::move(req));
      else
        deferred_.push_back({msg.hdr.seq, {msg.hdr.func, std::move(req)}});
      return;
    }
    case UDRV_MSG_REPLY:
      deliverReply(msg);
      return;
    case UDRV_MSG_NOTIFY:
      if (stats_.notifications++ == 0)
        log("notification %u ignored: udrv_host_config has no handler for notifications",
            msg.hdr.func);
      return;
    default:
      log("message of unknown kind %u (func %u, seq %llu) ignored", msg.hdr.kind,
          msg.hdr.func, static_cast<unsigned long long>(msg.hdr.seq));
  }
}

void Host::deliverReply(const udrv_client_msg &msg) {
  auto it = pending_.find(msg.hdr.seq);
  if (it == pending_.end()) {
    ++stats_.strayReplies;
    log("reply to seq %llu (func %u) that no downcall waits for, ignored",
        static_cast<unsigned long long>(msg.hdr.seq), msg.hdr.func);
    return;
  }
  Pending *p = it->second;
  pending_.erase(it);
  ++stats_.replies;
  const auto *bytes = static_cast<const uint8_t *>(msg.payload);
  p->payload.assign(bytes, bytes + msg.hdr.len);
  p->status = msg.hdr.status;
  p->done = true;
  rt_.wakeOne(p->wp);
}

void Host::spawnUpcall(uint32_t func, uint64_t seq, std::vector<uint8_t> req) {
  char name[32];
  std::snprintf(name, sizeof name, "upcall:%u", func);
  rt_.spawn(name, [this, func, seq, req = std::move(req)] { serveUpcall(func, seq, req); });
}

void Host::serveUpcall(uint32_t func, uint64_t seq, const std::vector<uint8_t> &req) {
  ++stats_.upcalls;
  if (observe(false, false, func, req.data(), req.size(), 0) != observers::Action::Proceed) {
    end(-EPROTO, "an upcall violated a protocol");
    return;
  }
  std::vector<uint8_t> reply(UDRV_MSG_MAX_PAYLOAD);
  unsigned long replyLen = 0;
  int status = cfg_.upcall(cfg_.arg, func, req.data(), req.size(), reply.data(),
                           reply.size(), &replyLen);
  if (status > 0)
    status = 0;
  if (replyLen > reply.size()) {
    log("upcall %u: handler reported a %lu-byte reply in a %zu-byte buffer", func,
        replyLen, reply.size());
    status = -EMSGSIZE;
    replyLen = 0;
  }
  if (observe(false, true, func, reply.data(), replyLen, status) != observers::Action::Proceed) {
    end(-EPROTO, "an upcall's return violated a protocol");
    return;
  }
  if (ended_)
    return;  // the session is gone: nobody waits for this reply
  int err = udrv_client_reply(client_, seq, func, status, reply.data(),
                              static_cast<uint32_t>(replyLen));
  if (peerGone(err))
    end(0, "the kernel half went away");
  else if (err < 0)
    log("reply to upcall %u (seq %llu) failed: %s", func,
        static_cast<unsigned long long>(seq), std::strerror(-err));
}

int Host::downcall(unsigned func, const void *req, unsigned long len, void *reply,
                   unsigned long cap, unsigned long *replyLen) {
  if (!rt_.inFiber()) {
    log("downcall %u from '%s', outside a fiber: atomic context cannot wait for the kernel",
        func, rt_.currentName());
    return -EWOULDBLOCK;
  }
  if (ended_)
    return -ENODEV;
  if (len > UDRV_MSG_MAX_PAYLOAD)
    return -EMSGSIZE;
  observers::Action action = observe(true, false, func, req, len, 0);
  if (action == observers::Action::FailCrossing) {
    log("downcall %u refused: it violates a protocol", func);
    return -EPROTO;
  }
  if (action == observers::Action::Stop) {
    end(-EPROTO, "a downcall violated a protocol");
    return -EPROTO;
  }
  ++stats_.downcalls;
  Pending p;
  uint64_t seq = 0;
  int err = udrv_client_downcall(client_, func, req, static_cast<uint32_t>(len), &seq);
  if (err < 0) {
    if (peerGone(err))
      end(0, "the kernel half went away");
    return err;
  }
  pending_[seq] = &p;
  while (!p.done)
    rt_.block(p.wp, 0);
  if (replyLen)
    *replyLen = p.payload.size();
  if (p.status == -ENODEV && ended_)
    return -ENODEV;
  if (observe(true, true, func, p.payload.data(), p.payload.size(), p.status) ==
      observers::Action::Stop)
    end(-EPROTO, "a downcall's return violated a protocol");
  if (p.payload.size() > cap)
    return -EMSGSIZE;
  if (!p.payload.empty())
    std::memcpy(reply, p.payload.data(), p.payload.size());
  return p.status;
}

observers::Action Host::observe(bool downcall, bool reply, unsigned func,
                                const void *payload, unsigned long len, int status) {
  if (!monitor_ || !cfg_.describe)
    return observers::Action::Proceed;
  udrv_host_crossing c{};
  c.is_downcall = downcall;
  c.is_reply = reply;
  c.func = func;
  c.payload = payload;
  c.len = len;
  c.status = status;
  cfg_.describe(cfg_.arg, &c);
  if (!c.callee)
    return observers::Action::Proceed;
  observers::Crossing x;
  x.kind = downcall ? observers::Crossing::Kind::Downcall : observers::Crossing::Kind::Upcall;
  x.isReply = reply;
  x.callee = c.callee;
  unsigned n = c.nargs < UDRV_HOST_CROSSING_ARGS ? c.nargs : UDRV_HOST_CROSSING_ARGS;
  x.args.assign(c.args, c.args + n);
  x.ret = c.ret;
  x.timeNs = rt_.nowNs();
  observers::Action action = monitor_->onCrossing(x);
  if (action != observers::Action::Proceed)
    ++stats_.violations;
  return action;
}

void Host::checkTimeouts() {
  size_t before = monitor_->observer().violations().size();
  monitor_->advanceTo(rt_.nowNs());
  size_t after = monitor_->observer().violations().size();
  timeoutTimer_ = 0;
  if (after > before) {
    stats_.violations += after - before;
    // A timeout has no crossing to fail: under "fail" or "stop" it stops.
    if (policyStops_) {
      end(-EPROTO, "a protocol timed out");
      return;
    }
  }
  if (!ended_)
    timeoutTimer_ = rt_.addTimer(rt_.nowNs() + kTimeoutCheckNs, "observer-timeouts",
                                 [this] { checkTimeouts(); });
}

int Host::mapRegion(unsigned index, void **base, unsigned long long *size) {
  void *addr = udrv_client_addr(client_, index, 0);
  struct udrv_region_info info;
  if (!addr) {
    size_t mapped = 0;
    int err = udrv_client_map(client_, index, &addr, &mapped);
    if (err < 0)
      return err;
  }
  int err = udrv_client_region_info(client_, index, &info);
  if (err < 0)
    return err;
  *base = addr;
  if (size)
    *size = info.size;
  return 0;
}

int Host::dmaAlloc(unsigned long long size, unsigned *index, void **base,
                   unsigned long long *bus) {
  uint32_t idx = 0;
  uint64_t busAddr = 0;
  int err = udrv_client_dma_alloc(client_, size, &idx, &busAddr);
  if (err < 0)
    return err;
  void *addr = nullptr;
  err = udrv_client_map(client_, idx, &addr, nullptr);
  if (err < 0) {
    udrv_client_dma_free(client_, idx);
    return err;
  }
  *index = idx;
  *base = addr;
  if (bus)
    *bus = busAddr;
  return 0;
}

int Host::dmaFree(unsigned index) {
  if (udrv_client_addr(client_, index, 0)) {
    int err = udrv_client_unmap(client_, index);
    if (err < 0)
      return err;
  }
  return udrv_client_dma_free(client_, index);
}

}  // namespace udrv_host_impl
