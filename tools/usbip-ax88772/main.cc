// usbip-ax88772: an ASIX AX88772 USB Ethernet adapter for the local kernel.
//
// Sequence: connect a TCP pair on 127.0.0.1, run the USB/IP import handshake
// over it (this program plays both the client's and the server's part), hand
// the client end to vhci-hcd through its sysfs attach file, close our copy
// of it, then serve URBs on the server end until the kernel drops the
// connection (vhci detach) or SIGTERM. Frames go to and come from a TAP
// device, the adapter's wire. SIGUSR1 rewrites the stats file now; SIGUSR2
// pulls or replugs the Ethernet cable (the PHY loses or renegotiates link).
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "ax88772.h"
#include "host_io.h"
#include "usbip_connection.h"

namespace ax88772 {
namespace {

struct Options {
  std::string tapName = "axwire0";
  std::string tapNetns;
  std::string statsPath;
  std::string controlLogPath;
  unsigned vhciPort = 0;
  Ax88772Config device;
};

void usage() {
  fprintf(stderr,
          "usage: usbip-ax88772 [--tap NAME] [--tap-netns /proc/PID/ns/net] [--mac xx:xx:xx:xx:xx:xx]\n"
          "                     [--variant ax88772|ax88772b] [--chip-code N] [--vhci-port N] [--autoneg-ms N]\n"
          "                     [--stall-request CODE]...\n"
          "                     [--stats FILE] [--control-log FILE]\n");
}

bool parseMac(const char* text, MacAddress* mac) {
  unsigned b[6];
  char tail;
  if (sscanf(text, "%x:%x:%x:%x:%x:%x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &tail) != 6) return false;
  for (int i = 0; i < 6; ++i) {
    if (b[i] > 0xff) return false;
    (*mac)[i] = uint8_t(b[i]);
  }
  return true;
}

bool parseUnsigned(const char* text, unsigned long max, unsigned long* out) {
  char* end;
  errno = 0;
  *out = strtoul(text, &end, 0);
  return errno == 0 && *end == 0 && end != text && *out <= max;
}

bool parseOptions(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) {
      fprintf(stderr, "usbip-ax88772: %s needs a value\n", arg.c_str());
      return false;
    }
    const char* value = argv[++i];
    unsigned long n;
    if (arg == "--tap") {
      o->tapName = value;
    } else if (arg == "--tap-netns") {
      o->tapNetns = value;
    } else if (arg == "--stats") {
      o->statsPath = value;
    } else if (arg == "--control-log") {
      o->controlLogPath = value;
    } else if (arg == "--mac") {
      if (!parseMac(value, &o->device.mac)) {
        fprintf(stderr, "usbip-ax88772: --mac %s: expected six hex bytes separated by ':'\n", value);
        return false;
      }
    } else if (arg == "--variant" && std::string(value) == "ax88772") {
      o->device.identity.idProduct = 0x7720;
      o->device.identity.product = "AX88772";
      o->device.chipCode = 0;
    } else if (arg == "--variant" && std::string(value) == "ax88772b") {
      o->device.identity.idProduct = 0x772b;
      o->device.identity.product = "AX88772B";
      o->device.chipCode = 2;
    } else if (arg == "--chip-code" && parseUnsigned(value, 7, &n)) {
      o->device.chipCode = uint8_t(n);  // after --variant: a deliberately inconsistent device
    } else if (arg == "--stall-request" && parseUnsigned(value, 0xff, &n)) {
      o->device.stallRequests.push_back(uint8_t(n));
    } else if (arg == "--vhci-port" && parseUnsigned(value, 255, &n)) {
      o->vhciPort = unsigned(n);
    } else if (arg == "--autoneg-ms" && parseUnsigned(value, 60000, &n)) {
      o->device.autonegDuration = Nanos(n) * kMillisecond;
    } else {
      fprintf(stderr, "usbip-ax88772: bad option or value: %s %s\n", arg.c_str(), value);
      return false;
    }
  }
  return true;
}

class Program {
 public:
  explicit Program(const Options& o) : options_(o) {}
  int run();

 private:
  bool setUp();
  bool serveOnce(int timeoutMs);
  bool flushOutput();
  void readWire();
  void writeStats(bool force);

  const Options& options_;
  MonotonicClock clock_;
  FILE* controlLog_ = nullptr;
  int tap_ = -1;
  int sock_ = -1;
  int signals_ = -1;
  std::unique_ptr<Ax88772> device_;
  std::unique_ptr<UsbipConnection> connection_;
  Nanos lastStats_ = 0;
  uint64_t statsGeneration_ = 0;
  bool cable_ = true;  // SIGUSR2 pulls and replugs the Ethernet cable
  int exitStatus_ = 0;
};

bool Program::setUp() {
  std::string error;
  if (!options_.controlLogPath.empty()) {
    controlLog_ = fopen(options_.controlLogPath.c_str(), "w");
    if (!controlLog_) {
      fprintf(stderr, "usbip-ax88772: open %s: %s\n", options_.controlLogPath.c_str(), strerror(errno));
      return false;
    }
    setvbuf(controlLog_, nullptr, _IOLBF, 0);
  }
  tap_ = openTap(options_.tapName, options_.tapNetns, &error);
  if (tap_ < 0) {
    fprintf(stderr, "usbip-ax88772: %s\n", error.c_str());
    return false;
  }
  device_ = std::make_unique<Ax88772>(
      options_.device,
      [this](const uint8_t* frame, size_t len) {
        if (write(tap_, frame, len) != ssize_t(len)) ++device_->stats().tx_wire_busy;
      },
      [this](const ControlLogEntry& e) {
        if (controlLog_) fprintf(controlLog_, "%s\n", formatControlLogEntry(e).c_str());
      },
      clock_.now());

  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGTERM);
  sigaddset(&mask, SIGINT);
  sigaddset(&mask, SIGUSR1);
  sigaddset(&mask, SIGUSR2);
  sigprocmask(SIG_BLOCK, &mask, nullptr);
  signals_ = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
  if (signals_ < 0) {
    fprintf(stderr, "usbip-ax88772: signalfd: %s\n", strerror(errno));
    return false;
  }

  LoopbackPair pair;
  const usbip::ExportedDevice exported = device_->exportedDevice();
  if (!connectLoopback(&pair, &error) || !importHandshake(pair, exported, &error) ||
      !vhciAttach(options_.vhciPort, pair.client, exported.devId(), exported.speed, &error)) {
    fprintf(stderr, "usbip-ax88772: %s\n", error.c_str());
    return false;
  }
  close(pair.client);  // vhci-hcd holds its own reference
  sock_ = pair.server;
  if (!setNonBlocking(sock_, &error)) {
    fprintf(stderr, "usbip-ax88772: %s\n", error.c_str());
    return false;
  }
  connection_ = std::make_unique<UsbipConnection>(*device_, device_->stats(), exported.devId());
  fprintf(stderr, "usbip-ax88772: attached %04x:%04x on vhci port %u, wire %s\n", exported.idVendor,
          exported.idProduct, options_.vhciPort, options_.tapName.c_str());
  return true;
}

bool Program::flushOutput() {
  while (connection_->outputSize() > 0) {
    // MSG_NOSIGNAL: a host that detached mid-reply is an unplug, not a
    // SIGPIPE that kills the model with status 141.
    ssize_t n = send(sock_, connection_->output(), connection_->outputSize(), MSG_NOSIGNAL);
    if (n > 0) {
      connection_->consumeOutput(size_t(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return true;
    // The host detaching while a reply is on its way is the same unplug as
    // the end of stream the next read would have seen.
    if (n < 0 && (errno == EPIPE || errno == ECONNRESET))
      fprintf(stderr, "usbip-ax88772: host closed the connection (%s): device unplugged\n",
              strerror(errno));
    else
      fprintf(stderr, "usbip-ax88772: connection lost on write: %s\n", strerror(errno));
    return false;
  }
  return true;
}

void Program::readWire() {
  uint8_t frame[4096];
  for (int i = 0; i < 64 && !device_->rxQueueFull(); ++i) {
    ssize_t n = read(tap_, frame, sizeof frame);
    if (n <= 0) return;
    device_->receiveFromWire(frame, size_t(n), clock_.now());
  }
}

void Program::writeStats(bool force) {
  if (options_.statsPath.empty()) return;
  const Nanos now = clock_.now();
  if (!force && now - lastStats_ < 250 * kMillisecond) return;
  lastStats_ = now;
  std::string error;
  // The generation lets a reader that sent SIGUSR1 see its own fresh copy.
  std::string text = device_->stats().format() + device_->describeState(now) +
                     "state_pending_transfers " + std::to_string(connection_->pendingTransfers()) + "\n" +
                     "stats_generation " + std::to_string(++statsGeneration_) + "\n";
  if (!writeFileAtomically(options_.statsPath, text, &error)) fprintf(stderr, "usbip-ax88772: %s\n", error.c_str());
}

bool Program::serveOnce(int timeoutMs) {
  pollfd fds[3] = {
      {sock_, short(POLLIN | (connection_->outputSize() ? POLLOUT : 0)), 0},
      {tap_, short(device_->rxQueueFull() ? 0 : POLLIN), 0},
      {signals_, POLLIN, 0},
  };
  if (poll(fds, 3, timeoutMs) < 0 && errno != EINTR) {
    fprintf(stderr, "usbip-ax88772: poll: %s\n", strerror(errno));
    exitStatus_ = 1;
    return false;
  }
  if (fds[2].revents & POLLIN) {
    signalfd_siginfo info;
    while (read(signals_, &info, sizeof info) == sizeof info) {
      if (info.ssi_signo == SIGUSR1) {
        writeStats(true);
      } else if (info.ssi_signo == SIGUSR2) {
        cable_ = !cable_;
        device_->setCable(cable_, clock_.now());
        fprintf(stderr, "usbip-ax88772: cable %s\n", cable_ ? "plugged in" : "pulled");
      } else {
        fprintf(stderr, "usbip-ax88772: signal %u, stopping\n", info.ssi_signo);
        return false;
      }
    }
  }
  if (fds[1].revents & POLLIN) readWire();
  if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
    uint8_t buf[65536];
    ssize_t n = read(sock_, buf, sizeof buf);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
      fprintf(stderr, "usbip-ax88772: host closed the connection (%s): device unplugged\n",
              n == 0 ? "end of stream" : strerror(errno));
      return false;
    }
    if (n > 0 && !connection_->receive(buf, size_t(n), clock_.now())) {
      fprintf(stderr, "usbip-ax88772: USB/IP protocol error: %s\n", connection_->error().c_str());
      exitStatus_ = 1;
      return false;
    }
  }
  connection_->service(clock_.now());
  return flushOutput();
}

int Program::run() {
  if (!setUp()) return 2;
  for (;;) {
    const Nanos now = clock_.now();
    connection_->service(now);
    if (!flushOutput()) break;
    int timeoutMs = 250;
    if (auto deadline = device_->nextDeadline(now))
      timeoutMs = int(std::min<Nanos>(timeoutMs, (*deadline - now + kMillisecond - 1) / kMillisecond));
    if (!serveOnce(timeoutMs)) break;
    writeStats(false);
  }
  writeStats(true);
  if (controlLog_) fclose(controlLog_);
  return exitStatus_;
}

}  // namespace
}  // namespace ax88772

int main(int argc, char** argv) {
  ax88772::Options options;
  if (!ax88772::parseOptions(argc, argv, &options)) {
    ax88772::usage();
    return 2;
  }
  ax88772::Program program(options);
  return program.run();
}
