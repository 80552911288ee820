#include "device_stats.h"

#include <cstdio>

namespace ax88772 {
namespace {

std::string hex(const Bytes& data) {
  std::string s;
  char buf[4];
  for (uint8_t b : data) {
    snprintf(buf, sizeof buf, "%02x", b);
    s += buf;
  }
  return s.empty() ? "-" : s;
}

}  // namespace

std::string DeviceStats::format() const {
  std::string out;
#define AX88772_LINE(name, doc) out += #name " " + std::to_string(name) + "\n";
  AX88772_COUNTERS(AX88772_LINE)
#undef AX88772_LINE
  return out;
}

std::string formatControlLogEntry(const ControlLogEntry& e) {
  char head[160];
  snprintf(head, sizeof head,
           "#%llu t=%lld.%03lld %s bmRequestType=0x%02x bRequest=0x%02x wValue=0x%04x wIndex=0x%04x "
           "wLength=%u",
           static_cast<unsigned long long>(e.sequence), static_cast<long long>(e.time / 1000000000),
           static_cast<long long>(e.time / 1000000 % 1000), e.name, e.setup.requestType,
           e.setup.request, e.setup.value, e.setup.index, e.setup.length);
  std::string line = head;
  line += " out=" + hex(e.outData);
  if (e.result.stalled) {
    line += " -> STALL (" + e.result.stallReason + ")";
  } else {
    line += " -> ok in=" + hex(e.result.data);
  }
  return line;
}

}  // namespace ax88772
