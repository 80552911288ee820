#include "host_io.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace ax88772 {
namespace {

bool failErrno(std::string* error, const std::string& what) {
  *error = what + ": " + strerror(errno);
  return false;
}

bool sendAll(int fd, const Bytes& data, std::string* error, const char* what) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return failErrno(error, what);
    done += size_t(n);
  }
  return true;
}

bool readExactly(int fd, Bytes& data, size_t len, std::string* error, const char* what) {
  data.resize(len);
  size_t done = 0;
  while (done < len) {
    ssize_t n = read(fd, data.data() + done, len - done);
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) {
      *error = std::string(what) + ": connection closed after " + std::to_string(done) + " bytes";
      return false;
    }
    if (n < 0) return failErrno(error, what);
    done += size_t(n);
  }
  return true;
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

}  // namespace

Nanos MonotonicClock::now() const {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return Nanos(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

bool setNonBlocking(int fd, std::string* error) {
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) return failErrno(error, "fcntl(O_NONBLOCK)");
  return true;
}

bool connectLoopback(LoopbackPair* pair, std::string* error) {
  Fd listener(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (listener.get() < 0) return failErrno(error, "socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t addrLen = sizeof addr;
  if (bind(listener.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0)
    return failErrno(error, "bind 127.0.0.1");
  if (listen(listener.get(), 1) < 0) return failErrno(error, "listen");
  if (getsockname(listener.get(), reinterpret_cast<sockaddr*>(&addr), &addrLen) < 0)
    return failErrno(error, "getsockname");
  Fd client(socket(AF_INET, SOCK_STREAM, 0));  // no CLOEXEC: vhci takes it by number
  if (client.get() < 0) return failErrno(error, "socket");
  if (connect(client.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0)
    return failErrno(error, "connect 127.0.0.1:" + std::to_string(ntohs(addr.sin_port)));
  Fd server(accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
  if (server.get() < 0) return failErrno(error, "accept");
  int one = 1;
  if (setsockopt(server.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0 ||
      setsockopt(client.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0)
    return failErrno(error, "setsockopt(TCP_NODELAY)");
  pair->server = server.release();
  pair->client = client.release();
  return true;
}

bool importHandshake(const LoopbackPair& pair, const usbip::ExportedDevice& device, std::string* error) {
  if (!sendAll(pair.client, usbip::encodeImportRequest(device.busId), error, "send OP_REQ_IMPORT"))
    return false;
  Bytes request;
  if (!readExactly(pair.server, request, usbip::kImportRequestSize, error, "receive OP_REQ_IMPORT")) return false;
  auto busId = usbip::decodeImportRequest(request, error);
  if (!busId) return false;
  const uint32_t status = *busId == device.busId ? 0 : 1;
  if (!sendAll(pair.server, usbip::encodeImportReply(status, device), error, "send OP_REP_IMPORT")) return false;
  if (status != 0) {
    *error = "OP_REQ_IMPORT asked for bus id '" + *busId + "', the device is '" + device.busId + "'";
    return false;
  }
  Bytes reply;
  if (!readExactly(pair.client, reply, usbip::kImportReplySize, error, "receive OP_REP_IMPORT")) return false;
  auto imported = usbip::decodeImportReply(reply, error);
  if (!imported) return false;
  if (!(*imported == device)) {
    *error = "OP_REP_IMPORT does not describe the exported device";
    return false;
  }
  return true;
}

bool vhciAttach(unsigned port, int sockfd, uint32_t devId, uint32_t speed, std::string* error) {
  const char* path = "/sys/devices/platform/vhci_hcd.0/attach";
  Fd fd(open(path, O_WRONLY | O_CLOEXEC));
  if (fd.get() < 0) return failErrno(error, std::string("open ") + path + " (is vhci-hcd loaded?)");
  char line[64];
  int n = snprintf(line, sizeof line, "%u %d %u %u", port, sockfd, devId, speed);
  if (write(fd.get(), line, size_t(n)) != n) return failErrno(error, std::string("write '") + line + "' to " + path);
  return true;
}

int openTap(const std::string& name, const std::string& netnsPath, std::string* error) {
  if (name.size() >= IFNAMSIZ) {
    *error = "TAP name '" + name + "' longer than " + std::to_string(IFNAMSIZ - 1) + " characters";
    return -1;
  }
  Fd home(netnsPath.empty() ? -1 : open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
  if (!netnsPath.empty()) {
    Fd target(open(netnsPath.c_str(), O_RDONLY | O_CLOEXEC));
    if (home.get() < 0) return failErrno(error, "open /proc/thread-self/ns/net"), -1;
    if (target.get() < 0) return failErrno(error, "open " + netnsPath), -1;
    if (setns(target.get(), CLONE_NEWNET) < 0) return failErrno(error, "setns " + netnsPath), -1;
  }
  Fd tap(open("/dev/net/tun", O_RDWR | O_CLOEXEC));
  int savedErrno = errno;
  ifreq ifr{};
  bool ok = tap.get() >= 0;
  if (ok) {
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
    ok = ioctl(tap.get(), TUNSETIFF, &ifr) == 0;
    savedErrno = errno;
  }
  if (home.get() >= 0 && setns(home.get(), CLONE_NEWNET) < 0)
    return failErrno(error, "setns back to the original network namespace"), -1;
  if (!ok) {
    errno = savedErrno;
    return failErrno(error, tap.get() < 0 ? "open /dev/net/tun (is tun loaded?)" : "TUNSETIFF " + name), -1;
  }
  if (!setNonBlocking(tap.get(), error)) return -1;
  return tap.release();
}

bool writeFileAtomically(const std::string& path, const std::string& text, std::string* error) {
  const std::string tmp = path + ".tmp";
  FILE* f = fopen(tmp.c_str(), "w");
  if (!f) return failErrno(error, "open " + tmp);
  const bool written = fwrite(text.data(), 1, text.size(), f) == text.size();
  if (fclose(f) != 0 || !written) return failErrno(error, "write " + tmp);
  if (rename(tmp.c_str(), path.c_str()) < 0) return failErrno(error, "rename " + tmp + " to " + path);
  return true;
}

}  // namespace ax88772
