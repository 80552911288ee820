#include "mii_phy.h"

namespace ax88772 {
using namespace mii;

namespace {
constexpr uint16_t kAllTech = kAdv100Fd | kAdv100Hd | kAdv10Fd | kAdv10Hd;
constexpr uint16_t kPartnerAbility = kAdvAck | kAdvPause | kAllTech | kSelector8023;
constexpr uint16_t kBmcrDefault = kBmcrSpeed100 | kBmcrAnEnable | kBmcrFullDuplex;
constexpr uint16_t kAnarDefault = kAdvPause | kAllTech | kSelector8023;
}  // namespace

MiiPhy::MiiPhy(uint32_t phyId, Nanos autonegDuration)
    : phyId_(phyId), autonegDuration_(autonegDuration) {
  hardReset(0);
}

void MiiPhy::hardReset(Nanos now) {
  regs_.fill(0);
  regs_[kBmcr] = kBmcrDefault;
  regs_[kAnar] = kAnarDefault;
  setLink(false);
  restartAutoneg(now);
}

void MiiPhy::setCable(bool connected, Nanos now) {
  advance(now);
  cable_ = connected;
  if (!connected) {
    setLink(false);
    autonegDone_ = false;
    autonegDoneAt_.reset();
  } else {
    restartAutoneg(now);
  }
}

void MiiPhy::restartAutoneg(Nanos now) {
  setLink(false);
  autonegDone_ = false;
  autonegDoneAt_.reset();
  regs_[kAnlpar] = 0;
  regs_[kAner] = 0;
  const uint16_t bmcr = regs_[kBmcr];
  if (!cable_ || (bmcr & (kBmcrPowerDown | kBmcrIsolate))) return;
  if (bmcr & kBmcrAnEnable) {
    autonegDoneAt_ = now + autonegDuration_;
  } else {
    setLink(true);  // forced mode: the partner's link pulses are seen at once
  }
}

void MiiPhy::advance(Nanos now) {
  if (!autonegDoneAt_ || now < *autonegDoneAt_) return;
  autonegDoneAt_.reset();
  autonegDone_ = true;
  regs_[kAnlpar] = kPartnerAbility;
  regs_[kAner] = kAnerLpAnAble;
  // No common technology: negotiation completes but no link is established.
  setLink((regs_[kAnar] & kPartnerAbility & kAllTech) != 0);
}

void MiiPhy::setLink(bool up) {
  if (up == linkUp_) return;
  linkUp_ = up;
  ++linkChanges_;
  if (!up) linkDroppedSinceRead_ = true;
}

uint16_t MiiPhy::bmsr() const {
  uint16_t v = kBmsr100Fd | kBmsr100Hd | kBmsr10Fd | kBmsr10Hd | kBmsrAnAbility | kBmsrExtendedCapability;
  if (autonegDone_ && (regs_[kBmcr] & kBmcrAnEnable)) v |= kBmsrAnComplete;
  if (linkUp_ && !linkDroppedSinceRead_) v |= kBmsrLinkStatus;
  return v;
}

uint16_t MiiPhy::read(uint8_t reg, Nanos now) {
  advance(now);
  reg &= 31;
  switch (reg) {
    case kBmsr: {
      uint16_t v = bmsr();
      linkDroppedSinceRead_ = false;
      return v;
    }
    case kPhyId1: return uint16_t(phyId_ >> 16);
    case kPhyId2: return uint16_t(phyId_);
    default: return regs_[reg];
  }
}

void MiiPhy::write(uint8_t reg, uint16_t value, Nanos now) {
  advance(now);
  reg &= 31;
  switch (reg) {
    case kBmsr: case kPhyId1: case kPhyId2: case kAnlpar: case kAner:
      return;  // read-only
    case kBmcr: {
      if (value & kBmcrReset) {
        hardReset(now);  // self-clearing; completes before the next access
        return;
      }
      const uint16_t old = regs_[kBmcr];
      regs_[kBmcr] = value & ~kBmcrAnRestart;  // self-clearing
      const uint16_t relevant = kBmcrAnEnable | kBmcrPowerDown | kBmcrIsolate | kBmcrSpeed100 | kBmcrFullDuplex;
      const bool forcedModeChanged = !(value & kBmcrAnEnable) && ((old ^ value) & relevant);
      if ((value & kBmcrAnRestart) || ((old ^ value) & (kBmcrAnEnable | kBmcrPowerDown | kBmcrIsolate)) ||
          forcedModeChanged)
        restartAutoneg(now);
      return;
    }
    case kAnar:
      regs_[kAnar] = (value & ~0x001f) | kSelector8023;  // selector field is fixed
      return;
    default:
      regs_[reg] = value;
  }
}

LinkMode MiiPhy::link(Nanos now) {
  advance(now);
  if (!linkUp_) return {};
  return resolve();
}

LinkMode MiiPhy::resolve() const {
  const uint16_t bmcr = regs_[kBmcr];
  if (!(bmcr & kBmcrAnEnable)) return {true, bool(bmcr & kBmcrSpeed100), bool(bmcr & kBmcrFullDuplex)};
  const uint16_t common = regs_[kAnar] & regs_[kAnlpar];
  if (common & kAdv100Fd) return {true, true, true};
  if (common & kAdv100Hd) return {true, true, false};
  if (common & kAdv10Fd) return {true, false, true};
  return {true, false, false};
}

std::optional<Nanos> MiiPhy::nextEvent() const { return autonegDoneAt_; }

}  // namespace ax88772
