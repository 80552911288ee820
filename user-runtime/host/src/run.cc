// udrv_host_run(): main()'s wiring of the host (no singletons: the clock,
// the OS port, the runtime, kenv's scheduler table, the channel, the
// observers and the host are built here, on the calling thread, and torn
// down in reverse order), and the C entry points of udrv/host.h.
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <kenv/kenv.h>

#include "dingo/clock.h"
#include "dingo/os_port.h"
#include "dingo/runtime.h"
#include "dingo/sched_table.h"
#include "host_impl.h"
#include "observers/parser.h"

using udrv_host_impl::Host;

namespace {

void logError(const udrv_host_config &cfg, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void logError(const udrv_host_config &cfg, const char *fmt, ...) {
  char line[1024];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(line, sizeof line, fmt, args);
  va_end(args);
  std::fprintf(stderr, "udrv-host[%s]: %s\n", cfg.driver ? cfg.driver : "?", line);
}

bool parsePolicy(const char *text, observers::Policy &out) {
  std::string p = text ? text : "log";
  if (p == "log")
    out = observers::Policy::Log;
  else if (p == "fail")
    out = observers::Policy::FailCrossing;
  else if (p == "stop")
    out = observers::Policy::Stop;
  else
    return false;
  return true;
}

// The specs beside the bindings, the bindings, and the monitor over both.
struct Observers {
  observers::SpecSet specs;
  observers::BindingTable bindings;
  observers::Policy policy = observers::Policy::Log;
  std::unique_ptr<observers::Monitor> monitor;
};

int loadObservers(const udrv_host_config &cfg, Observers &o) {
  if (!parsePolicy(cfg.observer_policy, o.policy)) {
    logError(cfg, "observer_policy '%s': expected log, fail or stop", cfg.observer_policy);
    return -EINVAL;
  }
  if (!cfg.describe) {
    logError(cfg, "observer_bindings is set but describe() is not: no crossing could be named");
    return -EINVAL;
  }
  std::string bind = cfg.observer_bindings;
  std::string dir = bind.find('/') == std::string::npos ? "." : bind.substr(0, bind.rfind('/'));
  observers::DiagnosticSink sink;
  std::vector<std::string> specFiles;
  if (DIR *d = opendir(dir.c_str())) {
    while (dirent *e = readdir(d)) {
      std::string name = e->d_name;
      if (name.size() > 5 && name.compare(name.size() - 5, 5, ".spec") == 0)
        specFiles.push_back(dir + "/" + name);
    }
    closedir(d);
  } else {
    logError(cfg, "%s: cannot list the spec directory: %s", dir.c_str(), std::strerror(errno));
    return -ENOENT;
  }
  bool ok = !specFiles.empty();
  for (const std::string &f : specFiles)
    ok = observers::parseSpecFile(f, o.specs, sink) && ok;
  ok = ok && o.bindings.parseFile(bind, sink) && o.bindings.check(o.specs, sink);
  if (!ok) {
    logError(cfg, "observers not loaded (%zu specs in %s):\n%s", specFiles.size(), dir.c_str(),
             sink.formatAll().c_str());
    return -EINVAL;
  }
  const char *driver = cfg.driver ? cfg.driver : "?";
  o.monitor = std::make_unique<observers::Monitor>(
      o.specs, o.bindings, o.policy, [driver](const observers::Violation &v) {
        std::fprintf(stderr, "udrv-host[%s]: protocol violation\n%s\n", driver, v.format().c_str());
      });
  return 0;
}

// SIGINT and SIGTERM as a readable fd on the loop, blocked for the run.
class StopSignals {
 public:
  StopSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, &saved_);
    fd_ = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
  }
  ~StopSignals() {
    if (fd_ >= 0)
      close(fd_);
    pthread_sigmask(SIG_SETMASK, &saved_, nullptr);
  }
  int fd() const { return fd_; }
  int take() {
    signalfd_siginfo info;
    return read(fd_, &info, sizeof info) == sizeof info ? static_cast<int>(info.ssi_signo) : 0;
  }

 private:
  sigset_t saved_;
  int fd_;
};

}  // namespace

extern "C" int udrv_host_run(const udrv_host_config *cfg) {
  if (!cfg || !cfg->device || !cfg->upcall) {
    std::fprintf(stderr, "udrv-host: udrv_host_run needs a config with device and upcall\n");
    return -EINVAL;
  }
  Observers obs;
  if (cfg->observer_bindings) {
    int err = loadObservers(*cfg, obs);
    if (err)
      return err;
  }
  udrv_client *client = nullptr;
  int err = udrv_client_open(cfg->device, &client);
  if (err) {
    logError(*cfg, "cannot attach to %s: %s", cfg->device, std::strerror(-err));
    return err;
  }
  StopSignals signals;
  if (signals.fd() < 0) {
    err = -errno;
    logError(*cfg, "signalfd: %s", std::strerror(-err));
    udrv_client_close(client);
    return err;
  }
  dingo::MonotonicClock clock;
  dingo::EpollPort port;
  int result;
  {
    dingo::Runtime rt(clock, port);
    udrv_sched table = dingo::schedTable(rt);
    kenv_set_sched(&table);
    int attached = kenv_thread_attach(cfg->driver);
    if (attached && attached != -EBUSY)
      logError(*cfg, "kenv_thread_attach: %s", std::strerror(-attached));
    {
      Host host(rt, client, *cfg, obs.monitor.get(), obs.policy);
      port.watchReadable(signals.fd(), [&] {
        int sig = signals.take();
        if (sig)
          host.end(0, sig == SIGINT ? "SIGINT" : "SIGTERM");
      });
      host.start();
      rt.run();
      port.unwatch(signals.fd());
      result = host.result();
    }
    if (!attached)
      kenv_thread_detach();
    kenv_set_sched(nullptr);
  }
  udrv_client_close(client);
  return result;
}

extern "C" int udrv_host_downcall(unsigned int func, const void *req, unsigned long len,
                                  void *reply, unsigned long cap, unsigned long *reply_len) {
  Host *h = Host::running();
  if (!h) {
    std::fprintf(stderr, "udrv-host: udrv_host_downcall(%u) with no host running on this thread\n",
                 func);
    return -ENOTCONN;
  }
  return h->downcall(func, req, len, reply, cap, reply_len);
}

extern "C" void udrv_host_trace(const char *fmt, ...) {
  Host *host = Host::running();
  if (!host || !host->tracing())
    return;
  va_list args;
  va_start(args, fmt);
  host->trace(fmt, args);
  va_end(args);
}

extern "C" int udrv_host_map_region(unsigned int index, void **base, unsigned long long *size) {
  Host *h = Host::running();
  return h ? h->mapRegion(index, base, size) : -ENOTCONN;
}

extern "C" int udrv_host_dma_alloc(unsigned long long size, unsigned int *index, void **base,
                                   unsigned long long *bus) {
  Host *h = Host::running();
  return h ? h->dmaAlloc(size, index, base, bus) : -ENOTCONN;
}

extern "C" int udrv_host_dma_free(unsigned int index) {
  Host *h = Host::running();
  return h ? h->dmaFree(index) : -ENOTCONN;
}
