// SPDX-License-Identifier: MIT
//
// The real asix driver (asix_common.c, asix_devices.c and ax88172a.c, which
// asix_devices.c needs for ax88172a_info) builds into a user-space program
// with zero missing symbols (checked by ksymcov at build time) and links:
// every kernel symbol it uses resolved to kenv or a downcall stub.
#include "ktest_gtest.h"

#include <gtest/gtest.h>

#include <string>

extern "C" const char *kt_asix_module_name(void);
extern "C" int kt_asix_has_init(void);
extern "C" int init_module(void);  // asix's module_init, from asix_devices.c

namespace kenv_test {
namespace {

using KSUITE(Asix) = KenvTest;

TEST_F(KSUITE(Asix), LinksAsAModuleWithItsInitAndExit) {
  EXPECT_EQ(std::string(kt_asix_module_name()), "asix");
  EXPECT_TRUE(kt_asix_has_init());
}

using KSUITE(AsixDeathTest) = KenvTest;

// module_init registers the USB driver: a downcall, which without the
// channel's transport must fail loudly rather than pretend.
TEST_F(KSUITE(AsixDeathTest), InitModuleReachesTheUsbCoreThroughADowncall) {
  EXPECT_DEATH(init_module(), "kenv: downcall usb_register_driver has no transport");
}

}  // namespace
}  // namespace kenv_test
