// SPDX-License-Identifier: MIT
//
// The downcall hook: generated stubs hand the call to the transport with the
// function's descriptor and a marshal callback that visits every argument
// with its kernel type; without a transport they die naming the function.
#include "kenv/downcall.h"
#include "ktest_gtest.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace kenv_test {
namespace {

struct Seen {
  std::string name;
  std::string ret_type;
  std::vector<kenv_downcall_arg> args;
  std::vector<std::string> types;
};

void record_arg(void *sink, unsigned int index, const kenv_downcall_arg *arg) {
  auto *seen = static_cast<Seen *>(sink);
  EXPECT_EQ(index, seen->args.size());
  seen->args.push_back(*arg);
  seen->types.emplace_back(arg->type);
}

int fake_call(void *ctx, const kenv_downcall_fn *fn, const void *frame,
              kenv_marshal_fn marshal, unsigned long long *ret) {
  auto *seen = static_cast<Seen *>(ctx);
  seen->name = fn->name;
  seen->ret_type = fn->ret_type;
  marshal(frame, record_arg, seen);
  EXPECT_EQ(fn->nargs, seen->args.size());
  EXPECT_EQ(kenv_downcall_table[fn->id], fn);
  *ret = static_cast<unsigned long long>(-14LL);  // -EFAULT from "the kernel"
  return 0;
}

int broken_call(void *, const kenv_downcall_fn *, const void *, kenv_marshal_fn,
                unsigned long long *) {
  return -5;  // -EIO: the channel is gone
}

using KSUITE(Downcall) = KenvTest;

TEST_F(KSUITE(Downcall), StubMarshalsArgumentsAndReturnsTheResult) {
  Seen seen;
  kenv_downcall_transport t{&seen, fake_call};
  kenv_set_downcall_transport(&t);
  int fake_pdev = 0;
  EXPECT_EQ(kt_call_pci_enable_device(&fake_pdev), -14);
  EXPECT_EQ(seen.name, "pci_enable_device");
  EXPECT_EQ(seen.ret_type, "int");
  ASSERT_EQ(seen.args.size(), 1u);
  EXPECT_EQ(seen.types[0], "struct pci_dev *");
  EXPECT_EQ(seen.args[0].kind, static_cast<unsigned>(KENV_ARG_POINTER));
  EXPECT_EQ(seen.args[0].value, reinterpret_cast<uintptr_t>(&fake_pdev));

  seen = Seen{};
  kt_call_alloc_etherdev(1234);  // alloc_etherdev() is alloc_etherdev_mqs(n, 1, 1)
  EXPECT_EQ(seen.name, "alloc_etherdev_mqs");
  ASSERT_EQ(seen.args.size(), 3u);
  EXPECT_EQ(seen.args[0].kind, static_cast<unsigned>(KENV_ARG_SIGNED));
  EXPECT_EQ(seen.args[0].value, 1234u);
  EXPECT_EQ(seen.args[1].kind, static_cast<unsigned>(KENV_ARG_UNSIGNED));
  EXPECT_EQ(seen.args[1].size, 4u);
  kenv_set_downcall_transport(nullptr);
}

TEST_F(KSUITE(Downcall), TableNamesEveryDeclaredDowncall) {
  ASSERT_GT(kenv_downcall_count, 100u);
  for (unsigned int i = 0; i < kenv_downcall_count; i++)
    EXPECT_EQ(kenv_downcall_table[i]->id, i) << kenv_downcall_table[i]->name;
}

using KSUITE(DowncallDeathTest) = KenvTest;

TEST_F(KSUITE(DowncallDeathTest), WithoutTransportDiesNamingTheFunction) {
  kenv_set_downcall_transport(nullptr);
  int fake_pdev = 0;
  EXPECT_DEATH(kt_call_pci_enable_device(&fake_pdev),
               "kenv: downcall pci_enable_device has no transport");
}

TEST_F(KSUITE(DowncallDeathTest), TransportFailureDiesNamingTheFunction) {
  kenv_downcall_transport t{nullptr, broken_call};
  kenv_set_downcall_transport(&t);
  int fake_pdev = 0;
  EXPECT_DEATH(kt_call_pci_enable_device(&fake_pdev),
               "downcall pci_enable_device failed in its transport");
  kenv_set_downcall_transport(nullptr);
}

}  // namespace
}  // namespace kenv_test
