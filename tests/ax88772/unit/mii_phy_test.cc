#include "mii_phy.h"

#include <gtest/gtest.h>

namespace ax88772 {
namespace {

using namespace mii;

constexpr Nanos kAutoneg = 300 * kMillisecond;

class MiiPhyTest : public ::testing::Test {
 protected:
  MiiPhy phy{MiiPhy::kDefaultPhyId, kAutoneg};
  Nanos now = 0;
  uint16_t read(uint8_t reg) { return phy.read(reg, now); }
  void write(uint8_t reg, uint16_t v) { phy.write(reg, v, now); }
  void completeAutoneg() { now += kAutoneg; }
};

TEST_F(MiiPhyTest, IdentifierRegistersHoldThePhyId) {
  EXPECT_EQ(read(kPhyId1), 0x003b);
  EXPECT_EQ(read(kPhyId2), 0x1841);
  write(kPhyId1, 0x1234);
  EXPECT_EQ(read(kPhyId1), 0x003b);  // read-only
}

TEST_F(MiiPhyTest, AutonegotiationTakesTimeThenLinkComesUp) {
  EXPECT_EQ(read(kBmcr), kBmcrSpeed100 | kBmcrAnEnable | kBmcrFullDuplex);
  now += kAutoneg - 1;
  uint16_t bmsr = read(kBmsr);
  EXPECT_FALSE(bmsr & kBmsrLinkStatus);
  EXPECT_FALSE(bmsr & kBmsrAnComplete);
  EXPECT_EQ(read(kAnlpar), 0);
  now += 1;
  bmsr = read(kBmsr);
  EXPECT_TRUE(bmsr & kBmsrLinkStatus);
  EXPECT_TRUE(bmsr & kBmsrAnComplete);
  EXPECT_TRUE(bmsr & kBmsrAnAbility);
  EXPECT_TRUE(read(kAnlpar) & kAdvAck);
  EXPECT_TRUE(read(kAner) & kAnerLpAnAble);
  const LinkMode link = phy.link(now);
  EXPECT_TRUE(link.up);
  EXPECT_TRUE(link.speed100);
  EXPECT_TRUE(link.fullDuplex);
}

TEST_F(MiiPhyTest, LinkStatusLatchesLowUntilRead) {
  completeAutoneg();
  ASSERT_TRUE(read(kBmsr) & kBmsrLinkStatus);
  phy.setCable(false, now);
  phy.setCable(true, now);
  completeAutoneg();
  EXPECT_TRUE(phy.link(now).up);
  EXPECT_FALSE(read(kBmsr) & kBmsrLinkStatus);  // the drop is reported once
  EXPECT_TRUE(read(kBmsr) & kBmsrLinkStatus);
}

TEST_F(MiiPhyTest, RestartBitDropsLinkAndSelfClears) {
  completeAutoneg();
  read(kBmsr);
  write(kBmcr, read(kBmcr) | kBmcrAnRestart);
  EXPECT_FALSE(read(kBmcr) & kBmcrAnRestart);
  EXPECT_FALSE(phy.link(now).up);
  EXPECT_FALSE(read(kBmsr) & kBmsrAnComplete);
  completeAutoneg();
  EXPECT_TRUE(phy.link(now).up);
}

TEST_F(MiiPhyTest, SoftResetRestoresDefaults) {
  write(kAnar, kAdv10Hd | kSelector8023);
  write(kBmcr, kBmcrReset);
  EXPECT_EQ(read(kBmcr), kBmcrSpeed100 | kBmcrAnEnable | kBmcrFullDuplex);
  EXPECT_EQ(read(kAnar) & 0x01e0, kAdv100Fd | kAdv100Hd | kAdv10Fd | kAdv10Hd);
}

TEST_F(MiiPhyTest, ResolutionPicksTheBestCommonMode) {
  write(kAnar, kAdv10Hd | kAdv10Fd | kSelector8023);
  write(kBmcr, read(kBmcr) | kBmcrAnRestart);
  completeAutoneg();
  const LinkMode link = phy.link(now);
  EXPECT_TRUE(link.up);
  EXPECT_FALSE(link.speed100);
  EXPECT_TRUE(link.fullDuplex);
}

TEST_F(MiiPhyTest, NoCommonTechnologyMeansNoLink) {
  write(kAnar, kSelector8023);
  write(kBmcr, read(kBmcr) | kBmcrAnRestart);
  completeAutoneg();
  EXPECT_TRUE(read(kBmsr) & kBmsrAnComplete);
  EXPECT_FALSE(phy.link(now).up);
}

TEST_F(MiiPhyTest, ForcedModeLinksAtOnceWithTheForcedSpeed) {
  write(kBmcr, kBmcrFullDuplex);  // 10 Mb/s full duplex, no autonegotiation
  const LinkMode link = phy.link(now);
  EXPECT_TRUE(link.up);
  EXPECT_FALSE(link.speed100);
  EXPECT_TRUE(link.fullDuplex);
  EXPECT_FALSE(read(kBmsr) & kBmsrAnComplete);
}

TEST_F(MiiPhyTest, PowerDownAndCableLossTakeTheLinkDown) {
  completeAutoneg();
  write(kBmcr, read(kBmcr) | kBmcrPowerDown);
  EXPECT_FALSE(phy.link(now).up);
  now += 10 * kAutoneg;
  EXPECT_FALSE(phy.link(now).up);
  write(kBmcr, read(kBmcr) & ~kBmcrPowerDown);
  completeAutoneg();
  EXPECT_TRUE(phy.link(now).up);
  phy.setCable(false, now);
  now += 10 * kAutoneg;
  EXPECT_FALSE(phy.link(now).up);
}

TEST_F(MiiPhyTest, VendorRegistersKeepWhatIsWritten) {
  write(16, 0xbeef);
  EXPECT_EQ(read(16), 0xbeef);
}

TEST_F(MiiPhyTest, NextEventIsAutonegotiationCompletion) {
  ASSERT_TRUE(phy.nextEvent());
  EXPECT_EQ(*phy.nextEvent(), kAutoneg);
  completeAutoneg();
  read(kBmsr);
  EXPECT_FALSE(phy.nextEvent());
}

}  // namespace
}  // namespace ax88772
