// A scripted kernel half: the other end of a SOCK_SEQPACKET pair that the
// host's udrv_client adopts, speaking udrv's wire format (<udrv/channel.h>).
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <udrv/channel.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

namespace host_test {

struct Msg {
  udrv_msg_hdr hdr{};
  std::vector<uint8_t> payload;

  uint32_t u32() const {
    uint32_t v = 0;
    if (payload.size() >= sizeof v)
      std::memcpy(&v, payload.data(), sizeof v);
    return v;
  }
};

class Peer {
 public:
  // Returns the host's end (non-blocking) and keeps the peer's.
  int open() {
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, fds))
      return -1;
    fd_ = fds[1];
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    fcntl(fd_, F_SETFL, O_NONBLOCK);
    return fds[0];
  }
  ~Peer() { hangUp(); }
  void hangUp() {
    if (fd_ >= 0)
      close(fd_);
    fd_ = -1;
  }

  void send(uint16_t kind, uint32_t func, uint64_t seq, int32_t status,
            const void *payload, uint32_t len) {
    std::vector<uint8_t> buf(UDRV_MSG_SIZE(len));
    udrv_msg_hdr h{};
    h.kind = kind;
    h.func = func;
    h.seq = seq;
    h.len = len;
    h.status = status;
    std::memcpy(buf.data(), &h, sizeof h);
    if (len)
      std::memcpy(buf.data() + sizeof h, payload, len);
    ssize_t n = write(fd_, buf.data(), buf.size());
    (void)n;
  }
  void upcall(uint32_t func, uint64_t seq, uint32_t value) {
    send(UDRV_MSG_UPCALL, func, seq, 0, &value, sizeof value);
  }
  void reply(const Msg &downcall, uint32_t value, int32_t status = 0) {
    send(UDRV_MSG_REPLY, downcall.hdr.func, downcall.hdr.seq, status, &value, sizeof value);
  }

  // The next message the host wrote, if any.
  std::optional<Msg> take() {
    uint8_t buf[UDRV_MSG_SIZE(UDRV_MSG_MAX_PAYLOAD)];
    ssize_t n = read(fd_, buf, sizeof buf);
    if (n < static_cast<ssize_t>(sizeof(udrv_msg_hdr)))
      return std::nullopt;
    Msg m;
    std::memcpy(&m.hdr, buf, sizeof m.hdr);
    m.payload.assign(buf + sizeof m.hdr, buf + sizeof m.hdr + m.hdr.len);
    return m;
  }
  // Every message written so far, in order.
  std::vector<Msg> drain() {
    std::vector<Msg> all;
    while (auto m = take())
      all.push_back(std::move(*m));
    return all;
  }

 private:
  int fd_ = -1;
};

}  // namespace host_test
