// The AX88772's embedded 10/100 PHY as seen through IEEE 802.3 clause 22
// management registers: BMCR/BMSR, the PHY identifier, auto-negotiation
// advertisement and link partner ability. The link partner is the TAP side,
// which advertises every 10/100 mode and is present while the cable is.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "clock.h"

namespace ax88772 {

namespace mii {
constexpr uint8_t kBmcr = 0, kBmsr = 1, kPhyId1 = 2, kPhyId2 = 3, kAnar = 4, kAnlpar = 5, kAner = 6;

constexpr uint16_t kBmcrReset = 0x8000;
constexpr uint16_t kBmcrLoopback = 0x4000;
constexpr uint16_t kBmcrSpeed100 = 0x2000;
constexpr uint16_t kBmcrAnEnable = 0x1000;
constexpr uint16_t kBmcrPowerDown = 0x0800;
constexpr uint16_t kBmcrIsolate = 0x0400;
constexpr uint16_t kBmcrAnRestart = 0x0200;
constexpr uint16_t kBmcrFullDuplex = 0x0100;

constexpr uint16_t kBmsr100Fd = 0x4000, kBmsr100Hd = 0x2000, kBmsr10Fd = 0x1000, kBmsr10Hd = 0x0800;
constexpr uint16_t kBmsrAnComplete = 0x0020;
constexpr uint16_t kBmsrAnAbility = 0x0008;
constexpr uint16_t kBmsrLinkStatus = 0x0004;
constexpr uint16_t kBmsrExtendedCapability = 0x0001;

constexpr uint16_t kAdv100Fd = 0x0100, kAdv100Hd = 0x0080, kAdv10Fd = 0x0040, kAdv10Hd = 0x0020;
constexpr uint16_t kAdvPause = 0x0400;
constexpr uint16_t kAdvAck = 0x4000;
constexpr uint16_t kSelector8023 = 0x0001;
constexpr uint16_t kAnerLpAnAble = 0x0001;
}  // namespace mii

struct LinkMode {
  bool up = false;
  bool speed100 = false;
  bool fullDuplex = false;
};

class MiiPhy {
 public:
  // ASIX's OUI 00:0e:c6 with model 4, revision 1.
  static constexpr uint32_t kDefaultPhyId = 0x003b1841;

  MiiPhy(uint32_t phyId, Nanos autonegDuration);

  uint16_t read(uint8_t reg, Nanos now);
  void write(uint8_t reg, uint16_t value, Nanos now);
  // Hardware reset (power-on, or the chip's PHY reset line released).
  void hardReset(Nanos now);
  void setCable(bool connected, Nanos now);
  LinkMode link(Nanos now);
  // When auto-negotiation, if running, completes.
  std::optional<Nanos> nextEvent() const;
  uint32_t linkChanges() const { return linkChanges_; }

 private:
  void advance(Nanos now);
  void restartAutoneg(Nanos now);
  void setLink(bool up);
  uint16_t bmsr() const;
  LinkMode resolve() const;

  const uint32_t phyId_;
  const Nanos autonegDuration_;
  std::array<uint16_t, 32> regs_{};
  bool cable_ = true;
  bool linkUp_ = false;
  bool linkDroppedSinceRead_ = false;  // BMSR link status latches low
  bool autonegDone_ = false;
  std::optional<Nanos> autonegDoneAt_;
  uint32_t linkChanges_ = 0;
};

}  // namespace ax88772
