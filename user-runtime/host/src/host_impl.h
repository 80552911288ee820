// The user half's host: the channel to the kernel half served on a Dingo
// loop (udrv/host.h is its C face; docs/CROSSING.md section 6).
//
// Host is wired by udrv_host_run() (or by a test) with the runtime, an
// attached channel client and, optionally, a protocol monitor; it owns
// none of them. Everything runs on the loop thread.
#pragma once

#include <udrv/client.h>
#include <udrv/host.h>
#include <udrv/sched.h>

#include <cstdarg>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "dingo/runtime.h"
#include "observers/monitor.h"

struct udrv_host;

namespace udrv_host_impl {

struct HostStats {
  uint64_t upcalls = 0;
  uint64_t downcalls = 0;
  uint64_t replies = 0;        // replies to our downcalls received
  uint64_t strayReplies = 0;   // replies no downcall waits for
  uint64_t notifications = 0;  // ignored: host.h has no handler for them
  uint64_t violations = 0;     // crossings a protocol rejected
};

class Host {
 public:
  // @policy is the monitor's: a protocol timeout (no crossing to fail)
  // stops the run unless it is Log.
  Host(dingo::Runtime &rt, udrv_client *client, const udrv_host_config &cfg,
       observers::Monitor *monitor = nullptr,
       observers::Policy policy = observers::Policy::Log);
  ~Host();
  Host(const Host &) = delete;
  Host &operator=(const Host &) = delete;

  // Watches the channel, becomes the thread's running host and runs
  // on_attach in a fiber; upcalls are served once it returned 0.
  void start();
  // Ends the run with @result: waiting downcalls fail with -ENODEV, the
  // loop stops. The first call's result and cause stick.
  void end(int result, const char *cause);
  bool ended() const { return ended_; }
  int result() const { return result_; }

  int downcall(unsigned func, const void *req, unsigned long len, void *reply,
               unsigned long cap, unsigned long *replyLen);
  int mapRegion(unsigned index, void **base, unsigned long long *size);
  int dmaAlloc(unsigned long long size, unsigned *index, void **base,
               unsigned long long *bus);
  int dmaFree(unsigned index);

  bool tracing() const { return cfg_.trace != 0; }
  void trace(const char *fmt, va_list args) const;

  const HostStats &stats() const { return stats_; }
  dingo::Runtime &runtime() { return rt_; }
  // The host running on the calling thread, or nullptr.
  static Host *running();
  static Host *fromHandle(udrv_host *handle);

 private:
  struct Pending {
    udrv_wait_point wp{};
    bool done = false;
    int status = 0;
    std::vector<uint8_t> payload;
  };

  void onReadable();
  void dispatch(const udrv_client_msg &msg);
  void deliverReply(const udrv_client_msg &msg);
  void spawnUpcall(uint32_t func, uint64_t seq, std::vector<uint8_t> req);
  void serveUpcall(uint32_t func, uint64_t seq, const std::vector<uint8_t> &req);
  void attach();
  observers::Action observe(bool downcall, bool reply, unsigned func,
                            const void *payload, unsigned long len, int status);
  void checkTimeouts();
  void log(const char *fmt, ...) const __attribute__((format(printf, 2, 3)));

  dingo::Runtime &rt_;
  udrv_client *client_;
  udrv_host_config cfg_;
  observers::Monitor *monitor_;
  udrv_host *handle_;
  Host *outer_ = nullptr;  // the thread's running host before start()
  bool started_ = false;
  bool watching_ = false;
  bool attached_ = false;
  bool ended_ = false;
  int result_ = 0;
  bool policyStops_;
  dingo::Handle timeoutTimer_ = 0;
  std::vector<std::pair<uint64_t, std::pair<uint32_t, std::vector<uint8_t>>>> deferred_;
  std::unordered_map<uint64_t, Pending *> pending_;
  HostStats stats_;
  uint64_t startNs_ = 0;
};

}  // namespace udrv_host_impl
