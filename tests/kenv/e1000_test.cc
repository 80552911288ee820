// SPDX-License-Identifier: MIT
//
// The real e1000 (all four sources of Debian's linux-source, unmodified)
// linked into this program with kenv, run against an emulated BAR 0: an
// 82540EM register window whose EECD register bit-bangs a 64-word
// Microwire EEPROM held by the test.
#include "e1000_paths.h"
#include "ktest_gtest.h"
#include "mmio_trap.h"

#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <map>

namespace kenv_test {
namespace {

// Register offsets and EECD bits of the 8254x (Intel's datasheet).
constexpr size_t kStatus = 0x08, kEecd = 0x10;
constexpr uint32_t kSk = 0x1, kCs = 0x2, kDi = 0x4, kDo = 0x8, kReq = 0x40, kGnt = 0x80;
constexpr unsigned kAddressBits = 6, kOpcodeBits = 3, kReadOpcode = 0x6;

// A Microwire EEPROM: on each rising clock edge with chip select it latches
// DI (opcode, then address) and then shifts the addressed word out on DO,
// most significant bit first.
class E1000Model : public MmioDevice {
 public:
  explicit E1000Model(std::array<uint16_t, 64> words) : words_(words) {}

  uint64_t read(size_t offset, unsigned) override {
    if (offset == kEecd) return eecd_;
    auto it = regs_.find(offset);
    return it == regs_.end() ? 0 : it->second;
  }

  void write(size_t offset, unsigned, uint64_t value) override {
    if (offset != kEecd) {
      regs_[offset] = static_cast<uint32_t>(value);
      return;
    }
    auto v = static_cast<uint32_t>(value);
    bool rising = !(eecd_ & kSk) && (v & kSk);
    uint32_t kept_do = eecd_ & kDo;
    eecd_ = (v & ~(kDo | kGnt)) | kept_do | ((v & kReq) ? kGnt : 0);
    if (!(v & kCs)) {
      bits_in_ = 0;
      command_ = 0;
      bits_out_ = 0;
      return;
    }
    if (!rising) return;
    if (bits_out_) {
      bits_out_--;
      eecd_ = (eecd_ & ~kDo) | (((word_ >> bits_out_) & 1) ? kDo : 0);
      return;
    }
    command_ = (command_ << 1) | ((v & kDi) ? 1 : 0);
    if (++bits_in_ == kOpcodeBits + kAddressBits) {
      if ((command_ >> kAddressBits) == kReadOpcode) {
        word_ = words_[command_ & ((1u << kAddressBits) - 1)];
        reads_++;
        bits_out_ = 16;
      }
      bits_in_ = 0;
      command_ = 0;
    }
  }

  unsigned reads() const { return reads_; }

 private:
  std::array<uint16_t, 64> words_;
  std::map<size_t, uint32_t> regs_;
  uint32_t eecd_ = 0;
  unsigned bits_in_ = 0, bits_out_ = 0, reads_ = 0;
  uint32_t command_ = 0;
  uint16_t word_ = 0;
};

// An EEPROM image: MAC address in words 0-2 (little-endian bytes), the
// checksum word 0x3f making the 64 words sum to 0xBABA.
std::array<uint16_t, 64> eeprom_image(const uint8_t mac[6], bool valid_checksum) {
  std::array<uint16_t, 64> w{};
  for (int i = 0; i < 3; i++) w[i] = static_cast<uint16_t>(mac[2 * i] | (mac[2 * i + 1] << 8));
  w[10] = 0x1234;
  uint16_t sum = 0;
  for (int i = 0; i < 63; i++) sum = static_cast<uint16_t>(sum + w[i]);
  w[63] = static_cast<uint16_t>(0xBABA - sum + (valid_checksum ? 0 : 1));
  return w;
}

constexpr uint8_t kMac[6] = {0x52, 0x54, 0x00, 0xab, 0xcd, 0xef};
constexpr size_t kBarSize = 128 * 1024;

using KSUITE(E1000) = KenvTest;

TEST_F(KSUITE(E1000), SetMacTypeMapsDeviceIds) { kt_e1000_mac_types(); }

TEST_F(KSUITE(E1000), ReadMacAddressThroughTheEeprom) {
  E1000Model model(eeprom_image(kMac, true));
  MmioWindow bar0(kBarSize, &model);
  unsigned char mac[6] = {};
  EXPECT_EQ(kt_e1000_read_mac(bar0.base(), mac), 0);
  EXPECT_EQ(0, std::memcmp(mac, kMac, 6));
  EXPECT_EQ(model.reads(), 3u);  // one Microwire READ per word
  EXPECT_GT(bar0.accesses(), 100u);
}

TEST_F(KSUITE(E1000), EepromChecksumIsValidated) {
  {
    E1000Model model(eeprom_image(kMac, true));
    MmioWindow bar0(kBarSize, &model);
    EXPECT_EQ(kt_e1000_validate_checksum(bar0.base()), 0);
    EXPECT_EQ(model.reads(), 64u);
  }
  {
    E1000Model model(eeprom_image(kMac, false));
    MmioWindow bar0(kBarSize, &model);
    EXPECT_NE(kt_e1000_validate_checksum(bar0.base()), 0);
  }
}

TEST_F(KSUITE(E1000), CheckOptionsAppliesModuleParameters) {
  ASSERT_EQ(kenv_param_set("e1000.TxDescriptors", "80"), 0);
  ASSERT_EQ(kenv_param_set("e1000.RxDescriptors", "5000"), 0);
  ASSERT_EQ(kenv_param_set("e1000.InterruptThrottleRate", "5001"), 0);
  EXPECT_EQ(kenv_param_set("e1000.NoSuchOption", "1"), -2);  // -ENOENT
  kt_e1000_options opts{};
  kt_e1000_check_options(&opts);
  EXPECT_EQ(opts.tx_count, 80u);
  EXPECT_EQ(opts.rx_count, 256u);  // 5000 is out of range: the default
  EXPECT_EQ(opts.itr, 5001u);
  EXPECT_EQ(opts.itr_setting, 5000u);  // low bits are mode bits
  const auto &r = recorder();
  EXPECT_TRUE(r.logged(6, "e1000 0000:00:03.0: Transmit Descriptors set to 80"));
  EXPECT_TRUE(r.logged(6, "Invalid Receive Descriptors value specified (5000)"));
}

}  // namespace
}  // namespace kenv_test
