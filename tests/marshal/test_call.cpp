// Crossings as channel payloads (sdm_call.h): a "kernel" and a "user"
// context, each with its own tracker and symbol tables, in one process.
// Requests and replies carry scalars, objects (aliases, NULLs, graphs
// updated in place), strings, out-scalars, function pointers, regions and
// returned objects; malformed payloads are refused with their error.
#include "sdm_call.h"
#include "test_support.h"

using namespace mtest_support;

namespace {

constexpr size_t kBar = 0x8000;

// Distinct addresses standing for the same functions on each side.
void kernelOpen() {}
void kernelClose() {}
void userOpen() {}
void userClose() {}
int kernelGlobal, userGlobal;

const void *const kKernelFunctions[] = {reinterpret_cast<const void *>(&kernelClose),
                                        reinterpret_cast<const void *>(&kernelOpen)};
const void *const kUserFunctions[] = {reinterpret_cast<const void *>(&userClose),
                                      reinterpret_cast<const void *>(&userOpen)};
const void *const kKernelGlobals[] = {&kernelGlobal};
const void *const kUserGlobals[] = {&userGlobal};

struct Half {
  Half(bool kernel, uint8_t *bar)
      : context(&tracker.t),
        symbols{kernel ? kKernelFunctions : kUserFunctions, 2,
                kernel ? kKernelGlobals : kUserGlobals, 1} {
    context.ctx.side = kernel ? SDM_SIDE_KERNEL : SDM_SIDE_USER;
    context.ctx.symbols = &symbols;
    if (bar) EXPECT_EQ(0, sdt_add_region(&tracker.t, 0, reinterpret_cast<uintptr_t>(bar), kBar));
  }
  sdm_ctx *ctx() { return &context.ctx; }
  Tracker tracker;
  Context context;
  sdm_symbols symbols;
};

uint64_t addr(const void *p) { return reinterpret_cast<uintptr_t>(p); }
template <typename T>
T *ptr(uint64_t a) { return reinterpret_cast<T *>(static_cast<uintptr_t>(a)); }

// adapter, alias, NULL device, s16, u64 *out, function, string, region.
const sdm_arg kOpenArgs[] = {
    {SDM_ARG_OBJECT, 0, 0, &mt_Adapter_type}, {SDM_ARG_OBJECT, 0, 0, &mt_Adapter_type},
    {SDM_ARG_OBJECT, 0, 0, &mt_Device_type},  {SDM_ARG_SCALAR, 2, 1, nullptr},
    {SDM_ARG_OUT_SCALAR, 8, 0, nullptr},      {SDM_ARG_FUNCTION, 0, 0, nullptr},
    {SDM_ARG_STRING, 0, 0, nullptr},          {SDM_ARG_REGION, 0, 0, nullptr},
    {SDM_ARG_OPAQUE, 0, 0, nullptr},
};
const sdm_fn kOpen = {"mt_open", 7, 9, {SDM_ARG_SCALAR, 4, 1, nullptr}, kOpenArgs};

struct Boundary : ::testing::Test {
  Boundary() : kernel(true, kbar.data()), user(false, ubar.data()) {
    mt_fixture_graph(&g, kbar.data());
  }
  std::vector<uint8_t> kbar = std::vector<uint8_t>(kBar), ubar = std::vector<uint8_t>(kBar);
  Half kernel, user;
  mt_graph_fixture g;
  Bytes buf = Bytes(1 << 16);
  uint64_t out = 0x1111;

  std::vector<uint64_t> openArgs() {
    return {addr(&g.adapter), addr(&g.adapter), 0, static_cast<uint64_t>(int64_t{-5}), addr(&out),
            addr(reinterpret_cast<const void *>(&kernelOpen)), addr("eth0"),
            addr(kbar.data() + 0x40), 0xfeedull};
  }
  size_t request(const sdm_fn &fn, const std::vector<uint64_t> &argv) {
    size_t n = sdm_call_request_encode(kernel.ctx(), &fn, argv.data(), buf.data(), buf.size());
    EXPECT_NE(0u, n) << (kernel.ctx()->error_where ? kernel.ctx()->error_where : "");
    return n;
  }
};

TEST_F(Boundary, UpcallRequestAndReplyRoundTrip) {
  auto argv = openArgs();
  size_t n = request(kOpen, argv);
  uint64_t uargv[SDM_CALL_MAX_ARGS] = {};
  ASSERT_EQ(0, sdm_call_request_decode(user.ctx(), &kOpen, buf.data(), n, uargv))
      << user.ctx()->error_where;
  auto *ua = ptr<mt_Adapter>(uargv[0]);
  ASSERT_NE(nullptr, ua);
  EXPECT_NE(addr(&g.adapter), uargv[0]) << "the user side has its own copy";
  EXPECT_EQ(uargv[0], uargv[1]) << "an alias stays an alias";
  EXPECT_EQ(0u, uargv[2]) << "NULL stays NULL";
  EXPECT_EQ(static_cast<uint64_t>(int64_t{-5}), uargv[3]) << "s16 sign-extended";
  ASSERT_NE(0u, uargv[4]);
  EXPECT_EQ(0u, *ptr<uint64_t>(uargv[4])) << "out-scalars start zeroed on the callee";
  EXPECT_EQ(addr(reinterpret_cast<const void *>(&userOpen)), uargv[5]);
  EXPECT_STREQ("eth0", ptr<char>(uargv[6]));
  EXPECT_EQ(addr(ubar.data() + 0x40), uargv[7]) << "region rebased";
  EXPECT_EQ(0xfeedull, uargv[8]);
  // The whole graph came along: back pointer, rings, the kernel-owned field.
  EXPECT_EQ(ua, ua->netdev->priv);
  EXPECT_EQ(3u, ua->num_rings);
  EXPECT_EQ(ua, ua->rings[2].owner);
  EXPECT_EQ(1500u, ua->netdev->mtu);
  EXPECT_EQ(0u, ua->tx_packets) << "a $toKernel field does not travel to the user";

  // The callee changes the graph, writes its out-scalar and returns -22.
  ua->tx_packets = 4242;
  ua->msg_enable = 0x55;
  ua->rings[1].next_to_use = 77;
  *ptr<uint64_t>(uargv[4]) = 0xdeadbeef12345678ull;
  n = sdm_call_reply_encode(user.ctx(), &kOpen, uargv, static_cast<uint64_t>(int64_t{-22}),
                            buf.data(), buf.size());
  ASSERT_NE(0u, n) << user.ctx()->error_where;
  uint64_t ret = 0;
  ASSERT_EQ(0, sdm_call_reply_decode(kernel.ctx(), &kOpen, buf.data(), n, argv.data(), &ret))
      << kernel.ctx()->error_where;
  EXPECT_EQ(static_cast<uint64_t>(int64_t{-22}), ret);
  EXPECT_EQ(0xdeadbeef12345678ull, out);
  EXPECT_EQ(4242u, g.adapter.tx_packets) << "updated in the kernel's own object";
  EXPECT_EQ(0x55u, g.adapter.msg_enable);
  EXPECT_EQ(77u, g.rings[1].next_to_use);
  EXPECT_EQ(&g.dev, g.adapter.netdev) << "references land on the kernel's objects";
}

// request_irq(..., dev_id), netif_napi_add(..., &adapter->napi): a void *
// into an object both halves track reaches the same place in the receiver's.
TEST_F(Boundary, AnOpaquePointerIntoATrackedObjectIsTheReceiversPlace) {
  auto argv = openArgs();
  size_t n = request(kOpen, argv);
  uint64_t uargv[SDM_CALL_MAX_ARGS] = {};
  ASSERT_EQ(0, sdm_call_request_decode(user.ctx(), &kOpen, buf.data(), n, uargv));
  uint64_t back[SDM_CALL_MAX_ARGS] = {};
  std::copy(uargv, uargv + kOpen.nargs, back);
  back[8] = uargv[0];  // the user half's adapter as a cookie
  n = sdm_call_request_encode(user.ctx(), &kOpen, back, buf.data(), buf.size());
  ASSERT_NE(0u, n);
  uint64_t kargv[SDM_CALL_MAX_ARGS] = {};
  ASSERT_EQ(0, sdm_call_request_decode(kernel.ctx(), &kOpen, buf.data(), n, kargv))
      << kernel.ctx()->error_where;
  EXPECT_EQ(addr(&g.adapter), kargv[8]);
  back[8] = uargv[0] + offsetof(mt_Adapter, num_rings);  // a place inside it
  n = sdm_call_request_encode(user.ctx(), &kOpen, back, buf.data(), buf.size());
  ASSERT_NE(0u, n);
  ASSERT_EQ(0, sdm_call_request_decode(kernel.ctx(), &kOpen, buf.data(), n, kargv));
  EXPECT_EQ(addr(&g.adapter.num_rings), kargv[8]);
  EXPECT_EQ(0xfeedull, uargv[8]) << "an untracked value passes through";
}

TEST_F(Boundary, NullOutScalarIsNotWritten) {
  auto argv = openArgs();
  argv[4] = 0;
  size_t n = request(kOpen, argv);
  uint64_t uargv[SDM_CALL_MAX_ARGS] = {};
  ASSERT_EQ(0, sdm_call_request_decode(user.ctx(), &kOpen, buf.data(), n, uargv));
  EXPECT_EQ(0u, uargv[4]);
  n = sdm_call_reply_encode(user.ctx(), &kOpen, uargv, 0, buf.data(), buf.size());
  uint64_t ret = 1;
  ASSERT_EQ(0, sdm_call_reply_decode(kernel.ctx(), &kOpen, buf.data(), n, argv.data(), &ret));
  EXPECT_EQ(0x1111u, out);
  EXPECT_EQ(0u, ret);
}

// A downcall returning an object: the user side asks, the kernel returns
// one of its objects (a root of the reply), twice: the same copy both times.
TEST_F(Boundary, ReturnedObjectIsARoot) {
  static const sdm_arg args[] = {{SDM_ARG_SCALAR, 4, 0, nullptr}};
  static const sdm_fn get = {"mt_get_device", 0x10003, 1, {SDM_ARG_OBJECT, 0, 0, &mt_Device_type},
                             args};
  uint64_t argv[1] = {9};
  mt_Device *first = nullptr;
  for (int round = 0; round < 2; round++) {
    size_t n = sdm_call_request_encode(user.ctx(), &get, argv, buf.data(), buf.size());
    ASSERT_NE(0u, n);
    uint64_t kargv[1];
    ASSERT_EQ(0, sdm_call_request_decode(kernel.ctx(), &get, buf.data(), n, kargv));
    EXPECT_EQ(9u, kargv[0]);
    n = sdm_call_reply_encode(kernel.ctx(), &get, kargv, addr(&g.dev), buf.data(), buf.size());
    ASSERT_NE(0u, n) << kernel.ctx()->error_where;
    uint64_t ret = 0;
    ASSERT_EQ(0, sdm_call_reply_decode(user.ctx(), &get, buf.data(), n, argv, &ret))
        << user.ctx()->error_where;
    auto *d = ptr<mt_Device>(ret);
    ASSERT_NE(nullptr, d);
    EXPECT_EQ(1500u, d->mtu);
    EXPECT_STREQ("eth7", d->name);
    EXPECT_EQ(d, d->priv->netdev);
    if (round == 0) first = d;
    EXPECT_EQ(first, d) << "the same kernel object maps to the same user copy";
  }
}

TEST_F(Boundary, GlobalsTranslateThroughTheTable) {
  EXPECT_EQ(1u, sdm_global_out(kernel.ctx(), &kernelGlobal, "g"));
  EXPECT_EQ(&userGlobal, sdm_global_in(user.ctx(), 1, "g"));
  EXPECT_EQ(0u, sdm_global_out(kernel.ctx(), nullptr, "g"));
  EXPECT_EQ(0, kernel.ctx()->error);
  sdm_global_out(kernel.ctx(), &userGlobal, "g");
  EXPECT_EQ(-EFAULT, kernel.ctx()->error);
  EXPECT_EQ(nullptr, sdm_global_in(user.ctx(), 2, "g"));
  EXPECT_EQ(-EPROTO, user.ctx()->error);
}

// phylink_create(config, fwnode, mode, &driver_mac_ops): an ops table both
// halves keep crosses as the receiver's copy of it; any other pointer fails.
TEST_F(Boundary, AGlobalArgumentIsTheReceiversGlobal) {
  const sdm_arg args[] = {{SDM_ARG_GLOBAL, 0, 0, nullptr}};
  const sdm_fn create = {"mt_create", 9, 1, {SDM_ARG_SCALAR, 4, 1, nullptr}, args};
  std::vector<uint64_t> argv = {addr(&kernelGlobal)};
  size_t n = request(create, argv);
  uint64_t uargv[SDM_CALL_MAX_ARGS] = {};
  ASSERT_EQ(0, sdm_call_request_decode(user.ctx(), &create, buf.data(), n, uargv))
      << user.ctx()->error_where;
  EXPECT_EQ(addr(&userGlobal), uargv[0]);
  argv[0] = addr(&g.adapter);  // not a global of the table
  EXPECT_EQ(0u, sdm_call_request_encode(kernel.ctx(), &create, argv.data(), buf.data(),
                                        buf.size()));
  EXPECT_EQ(-EFAULT, kernel.ctx()->error);
}

TEST_F(Boundary, UnknownFunctionPointerIsRefused) {
  auto argv = openArgs();
  argv[5] = addr(reinterpret_cast<const void *>(&userOpen));  // not in the kernel's table
  EXPECT_EQ(0u, sdm_call_request_encode(kernel.ctx(), &kOpen, argv.data(), buf.data(),
                                        buf.size()));
  EXPECT_EQ(-EFAULT, kernel.ctx()->error);
  EXPECT_STREQ("call.args", kernel.ctx()->error_where);
}

TEST_F(Boundary, FunctionIndexBeyondTheTableIsRefused) {
  auto argv = openArgs();
  size_t n = request(kOpen, argv);
  user.symbols.nfunctions = 1;  // the user's table lacks the second entry
  uint64_t uargv[SDM_CALL_MAX_ARGS];
  EXPECT_EQ(-EPROTO, sdm_call_request_decode(user.ctx(), &kOpen, buf.data(), n, uargv));
  EXPECT_STREQ("call.args", user.ctx()->error_where);
}

TEST_F(Boundary, TruncatedPayloadIsRefusedAtEveryLength) {
  size_t n = request(kOpen, openArgs());
  for (size_t len = 0; len < n; len += 8) {
    Half fresh(false, ubar.data());
    uint64_t uargv[SDM_CALL_MAX_ARGS];
    EXPECT_EQ(-EBADMSG, sdm_call_request_decode(fresh.ctx(), &kOpen, buf.data(), len, uargv))
        << "length " << len;
    EXPECT_EQ(0u, fresh.tracker.t.live) << "nothing created from a truncated payload";
  }
}

TEST_F(Boundary, WrongArgumentCountIsRefused) {
  size_t n = request(kOpen, openArgs());
  sdm_fn shorter = kOpen;
  shorter.nargs = 8;
  uint64_t uargv[SDM_CALL_MAX_ARGS];
  EXPECT_EQ(-EPROTO, sdm_call_request_decode(user.ctx(), &shorter, buf.data(), n, uargv));
  EXPECT_STREQ("call.args (count)", user.ctx()->error_where);
  EXPECT_EQ(0u, user.tracker.t.live) << "the frame is checked before any object is created";
}

TEST_F(Boundary, WrongFunctionOrDirectionIsRefused) {
  size_t n = request(kOpen, openArgs());
  sdm_fn other = kOpen;
  other.id = 8;
  uint64_t uargv[SDM_CALL_MAX_ARGS];
  EXPECT_EQ(-EPROTO, sdm_call_request_decode(user.ctx(), &other, buf.data(), n, uargv));
  EXPECT_STREQ("call.fnId", user.ctx()->error_where);
  uint64_t ret;
  EXPECT_EQ(-EPROTO, sdm_call_reply_decode(user.ctx(), &kOpen, buf.data(), n, uargv, &ret));
  EXPECT_STREQ("call.isReply", user.ctx()->error_where);
}

TEST_F(Boundary, RootOfAnotherTypeIsRefused) {
  size_t n = request(kOpen, openArgs());
  sdm_arg args[9];
  std::copy(std::begin(kOpenArgs), std::end(kOpenArgs), args);
  args[0].type = &mt_Device_type;  // the callee expects a device there
  sdm_fn other = kOpen;
  other.args = args;
  uint64_t uargv[SDM_CALL_MAX_ARGS];
  EXPECT_EQ(-EPROTO, sdm_call_request_decode(user.ctx(), &other, buf.data(), n, uargv));
  EXPECT_STREQ("call.args (root)", user.ctx()->error_where);
}

// get_strings(netdev, sset, u8 *data) with data's length in slot 3, and a
// set_eeprom-like in-buffer with its length in slot 4.
const sdm_arg kBufferArgs[] = {
    {SDM_ARG_OBJECT, 0, 0, &mt_Adapter_type},
    {SDM_ARG_BUFFER_OUT, 8, 0, nullptr, 3},
    {SDM_ARG_BUFFER_IN, 8, 0, nullptr, 4},
};
const sdm_fn kBuffers = {"mt_strings", 9, 3, {SDM_ARG_SCALAR, 4, 1, nullptr}, kBufferArgs};

struct Buffers : Boundary {
  uint8_t out[40];
  const char in[6] = "hello";
  std::vector<uint64_t> argv() {
    memset(out, 0xee, sizeof(out));
    return {addr(&g.adapter), addr(out), addr(in), sizeof(out), sizeof(in)};
  }
  // The callee fills its out-buffer; the reply comes back into `out`.
  size_t serve(size_t n, uint64_t *uargv) {
    EXPECT_EQ(0, sdm_call_request_decode(user.ctx(), &kBuffers, buf.data(), n, uargv))
        << user.ctx()->error_where;
    for (unsigned i = 0; i < uargv[3]; ++i)
      ptr<uint8_t>(uargv[1])[i] = static_cast<uint8_t>(i);
    return sdm_call_reply_encode(user.ctx(), &kBuffers, uargv, 0, buf.data(), buf.size());
  }
};

TEST_F(Buffers, InBytesReachTheCalleeAndOutBytesComeBack) {
  auto a = argv();
  size_t n = request(kBuffers, a);
  uint64_t uargv[SDM_CALL_MAX_ARGS] = {};
  n = serve(n, uargv);
  EXPECT_EQ(40u, uargv[3]) << "the callee knows the out-buffer's length";
  EXPECT_EQ(6u, uargv[4]);
  EXPECT_STREQ("hello", ptr<char>(uargv[2]));
  EXPECT_NE(addr(out), uargv[1]) << "the callee writes a buffer of its own";
  ASSERT_NE(0u, n) << user.ctx()->error_where;
  uint64_t ret = 1;
  ASSERT_EQ(0, sdm_call_reply_decode(kernel.ctx(), &kBuffers, buf.data(), n, a.data(), &ret))
      << kernel.ctx()->error_where;
  for (unsigned i = 0; i < sizeof(out); ++i)
    ASSERT_EQ(i, out[i]) << "byte " << i;
}

TEST_F(Buffers, NullBuffersStayNullAndCarryNoBytes) {
  auto a = argv();
  a[1] = a[2] = 0;
  size_t n = request(kBuffers, a);
  uint64_t uargv[SDM_CALL_MAX_ARGS] = {};
  ASSERT_EQ(0, sdm_call_request_decode(user.ctx(), &kBuffers, buf.data(), n, uargv));
  EXPECT_EQ(0u, uargv[1]);
  EXPECT_EQ(0u, uargv[2]);
  EXPECT_EQ(0u, uargv[3]);
}

TEST_F(Buffers, ABufferLargerThanTheLimitIsRefused) {
  auto a = argv();
  a[3] = SDM_CALL_MAX_BUFFER + 1;
  EXPECT_EQ(0u, sdm_call_request_encode(kernel.ctx(), &kBuffers, a.data(), buf.data(),
                                        buf.size()));
  EXPECT_EQ(-EMSGSIZE, kernel.ctx()->error);
  EXPECT_STREQ("call.buffers (length)", kernel.ctx()->error_where);
}

TEST_F(Buffers, AReplyOfAnotherLengthIsRefusedAndWritesNothing) {
  auto a = argv();
  size_t n = request(kBuffers, a);
  uint64_t uargv[SDM_CALL_MAX_ARGS] = {};
  ASSERT_EQ(0, sdm_call_request_decode(user.ctx(), &kBuffers, buf.data(), n, uargv));
  uargv[3] = 8;  // a callee that claims a shorter buffer
  n = sdm_call_reply_encode(user.ctx(), &kBuffers, uargv, 0, buf.data(), buf.size());
  uint64_t ret = 0;
  EXPECT_EQ(-EPROTO, sdm_call_reply_decode(kernel.ctx(), &kBuffers, buf.data(), n, a.data(), &ret));
  EXPECT_STREQ("call.buffers (length)", kernel.ctx()->error_where);
  EXPECT_EQ(0xee, out[0]);
}

// A receiver that reads the buffers differently from the sender (another
// descriptor) finds bytes over or missing, and refuses the message.
TEST_F(Buffers, BytesOverOrMissingAreRefused) {
  auto a = argv();
  size_t n = request(kBuffers, a);
  static const sdm_arg outOnly[] = {kBufferArgs[0], kBufferArgs[1],
                                    {SDM_ARG_BUFFER_OUT, 8, 0, nullptr, 4}};
  static const sdm_fn over = {"mt_strings", 9, 3, {SDM_ARG_SCALAR, 4, 1, nullptr}, outOnly};
  uint64_t uargv[SDM_CALL_MAX_ARGS] = {};
  EXPECT_EQ(-EPROTO, sdm_call_request_decode(user.ctx(), &over, buf.data(), n, uargv));
  EXPECT_STREQ("call.buffers (trailing bytes)", user.ctx()->error_where);

  static const sdm_arg bothIn[] = {kBufferArgs[0], {SDM_ARG_BUFFER_INOUT, 8, 0, nullptr, 3},
                                   kBufferArgs[2]};
  static const sdm_fn missing = {"mt_strings", 9, 3, {SDM_ARG_SCALAR, 4, 1, nullptr}, bothIn};
  n = request(kBuffers, argv());
  EXPECT_EQ(-EPROTO, sdm_call_request_decode(user.ctx(), &missing, buf.data(), n, uargv));
  EXPECT_STREQ("call.buffers (short)", user.ctx()->error_where);
}

TEST_F(Buffers, ALengthSlotAmongTheArgumentsIsRefused) {
  static const sdm_arg bad[] = {{SDM_ARG_BUFFER_OUT, 8, 0, nullptr, 0}};
  static const sdm_fn fn = {"mt_bad", 10, 1, {SDM_ARG_SCALAR, 0, 0, nullptr}, bad};
  uint64_t a[2] = {addr(out), 4};
  EXPECT_EQ(0u, sdm_call_request_encode(kernel.ctx(), &fn, a, buf.data(), buf.size()));
  EXPECT_EQ(-EINVAL, kernel.ctx()->error);
}

// A counter the kernel half's timer bumps and the user half's code reads
// (and may reset): each half has its own copy, and the value crosses with
// every call. Only what the sender changed since it last sent lands.
struct SharedVariables : Boundary {
  SharedVariables() {
    kernel.symbols.shared = &kernelShared;
    user.symbols.shared = &userShared;
  }
  // Plain data of several words, whose fields each half writes.
  struct Stats {
    uint32_t reports;
    uint8_t seen[10];
    uint16_t last;
  };
  static constexpr uint32_t kStateWords = SDM_SHARED_STATE_WORDS(sizeof(Stats));
  uint64_t kernelTicks = 0, userTicks = 0;
  uint16_t kernelFlags = 0, userFlags = 0;
  Stats kernelStats{}, userStats{};
  // A pointer to a tracked object: NULL until a test sets it; a string.
  mt_Device *kernelDev = nullptr, *userDev = nullptr;
  const char *kernelMode = "idle", *userMode = nullptr;
  uint64_t kernelState[5][kStateWords] = {}, userState[5][kStateWords] = {};
  sdm_shared_var kernelVars[5] = {{&kernelTicks, 8, false, nullptr, kernelState[0]},
                                  {&kernelFlags, 2, false, nullptr, kernelState[1]},
                                  {&kernelStats, sizeof(Stats), true, nullptr, kernelState[2]},
                                  {&kernelDev, 8, false, &mt_Device_type, kernelState[3]},
                                  {&kernelMode, 8, false, &sdm_string_type, kernelState[4]}};
  sdm_shared_var userVars[5] = {{&userTicks, 8, false, nullptr, userState[0]},
                                {&userFlags, 2, false, nullptr, userState[1]},
                                {&userStats, sizeof(Stats), true, nullptr, userState[2]},
                                {&userDev, 8, false, &mt_Device_type, userState[3]},
                                {&userMode, 8, false, &sdm_string_type, userState[4]}};
  sdm_shared kernelShared{kernelVars, 5, {}};
  sdm_shared userShared{userVars, 5, {}};
  uint64_t uargv[SDM_CALL_MAX_ARGS] = {};

  void upcall() {
    auto argv = openArgs();
    size_t n = request(kOpen, argv);
    ASSERT_EQ(0, sdm_call_request_decode(user.ctx(), &kOpen, buf.data(), n, uargv))
        << user.ctx()->error_where;
  }
  void reply() {
    auto argv = openArgs();
    size_t n = sdm_call_reply_encode(user.ctx(), &kOpen, uargv, 0, buf.data(), buf.size());
    ASSERT_NE(0u, n) << user.ctx()->error_where;
    uint64_t ret = 0;
    ASSERT_EQ(0, sdm_call_reply_decode(kernel.ctx(), &kOpen, buf.data(), n, argv.data(), &ret))
        << kernel.ctx()->error_where;
  }
};

TEST_F(SharedVariables, EachSidesChangesCrossAndNoneIsRolledBack) {
  kernelTicks = 7;
  kernelFlags = 0xbeef;
  upcall();
  EXPECT_EQ(7u, userTicks) << "the kernel's value reaches the user half";
  EXPECT_EQ(0xbeef, userFlags);
  kernelTicks = 8;  // the timer, while the upcall runs
  userFlags = 0x1;  // the user half's own change
  reply();
  EXPECT_EQ(8u, kernelTicks) << "the reply's unchanged 7 does not roll the timer back";
  EXPECT_EQ(0x1, kernelFlags) << "the user half's change arrives";
  upcall();
  EXPECT_EQ(8u, userTicks);
  EXPECT_EQ(0x1, userFlags);
  userTicks = 0;  // the user half resets the counter
  reply();
  EXPECT_EQ(0u, kernelTicks);
}

// Another kernel thread's upcall leaves with the timer's newer value while
// the user half still answers the first one: its echo of the older value
// is judged against what it had seen, not what the kernel sent last.
TEST_F(SharedVariables, AnEchoOfAnOlderMessageIsNotAChange) {
  kernelTicks = 7;
  upcall();
  kernelTicks = 8;
  auto argv = openArgs();
  ASSERT_NE(0u, request(kOpen, argv));  // in flight, not yet read
  reply();
  EXPECT_EQ(8u, kernelTicks) << "the user half's 7 is the value it was sent";
}

// The user half's reply left before the timer's next value reached it and
// only echoed the count; the kernel then resets the count: the reset must
// arrive, and not come back undone.
TEST_F(SharedVariables, AnEchoDoesNotHideThePeersLaterChange) {
  upcall();
  Bytes echo(1 << 16);
  size_t echoLen = sdm_call_reply_encode(user.ctx(), &kOpen, uargv, 0, echo.data(), echo.size());
  ASSERT_NE(0u, echoLen);
  kernelTicks = 5;
  auto argv = openArgs();
  Bytes filled(1 << 16);
  size_t filledLen =
      sdm_call_request_encode(kernel.ctx(), &kOpen, argv.data(), filled.data(), filled.size());
  ASSERT_NE(0u, filledLen);
  uint64_t ret = 0;
  ASSERT_EQ(0, sdm_call_reply_decode(kernel.ctx(), &kOpen, echo.data(), echoLen, argv.data(), &ret));
  ASSERT_EQ(5u, kernelTicks) << "the echo is not a change";
  ASSERT_EQ(0, sdm_call_request_decode(user.ctx(), &kOpen, filled.data(), filledLen, uargv));
  ASSERT_EQ(5u, userTicks);
  kernelTicks = 0;
  upcall();
  EXPECT_EQ(0u, userTicks) << "the kernel's reset arrives";
  reply();
  EXPECT_EQ(0u, kernelTicks) << "and nothing stale comes back";
}

// The kernel counts reports in one field while the user half writes another
// field of the same word: each keeps the other's, byte by byte; the tail
// past the struct's 16 bytes is never written.
TEST_F(SharedVariables, AnAggregateKeepsEachHalfsFields) {
  static_assert(sizeof(Stats) == 16, "two words");
  kernelStats.reports = 3;
  upcall();
  EXPECT_EQ(3u, userStats.reports) << "all of a new aggregate lands";
  kernelStats.reports = 4;  // the kernel, while the upcall runs
  userStats.seen[0] = 'u';  // the user half, in the same word
  userStats.last = 0x1234;  // and in the second word
  reply();
  EXPECT_EQ(4u, kernelStats.reports) << "the user half's echo of 3 does not roll it back";
  EXPECT_EQ('u', kernelStats.seen[0]);
  EXPECT_EQ(0x1234, kernelStats.last);
  kernelStats.seen[9] = 'k';
  userStats.seen[1] = 'v';
  upcall();
  EXPECT_EQ(4u, userStats.reports);
  EXPECT_EQ('k', userStats.seen[9]);
  EXPECT_EQ('v', userStats.seen[1]) << "the kernel's unchanged byte does not undo the user's";
  EXPECT_EQ('u', userStats.seen[0]);
}

// A pointer variable's object travels with the message (the upcall's own
// arguments do not reach the device): the receiver's variable points to its
// copy, the same copy each time; a NULL set by one half reaches the other.
TEST_F(SharedVariables, APointerVariableCrossesAsItsObject) {
  kernelDev = &g.dev;
  upcall();
  ASSERT_NE(nullptr, userDev) << "the device came along as a root";
  EXPECT_NE(&g.dev, userDev) << "the user half's own copy";
  EXPECT_EQ(1500u, userDev->mtu);
  mt_Device *copy = userDev;
  userDev = nullptr;
  reply();
  EXPECT_EQ(nullptr, kernelDev) << "the user half's NULL arrives";
  kernelDev = &g.dev;
  g.dev.mtu = 9000;
  upcall();
  EXPECT_EQ(copy, userDev) << "the tracker's copy, not a new one";
  EXPECT_EQ(9000u, userDev->mtu);
  reply();
  EXPECT_EQ(&g.dev, kernelDev) << "the user half's echo of its copy is the kernel's object";
}

// A string variable crosses as its text: each half points to its own copy,
// and pointing it elsewhere reaches the other half.
TEST_F(SharedVariables, AStringVariableCrossesAsItsText) {
  upcall();
  ASSERT_NE(nullptr, userMode);
  EXPECT_STREQ("idle", userMode);
  EXPECT_NE(kernelMode, userMode) << "the user half's own copy";
  userMode = "reported";
  reply();
  ASSERT_NE(nullptr, kernelMode);
  EXPECT_STREQ("reported", kernelMode);
  const char *copy = kernelMode;
  upcall();
  reply();
  EXPECT_EQ(copy, kernelMode) << "an unchanged string is the same copy";
}

// A root that names another type than the variable's is refused.
TEST_F(SharedVariables, APointerVariableOfAnotherTypeIsRefused) {
  kernelDev = &g.dev;
  userVars[3].type = &mt_Adapter_type;  // the halves disagree on the pointee
  auto argv = openArgs();
  size_t n = request(kOpen, argv);
  EXPECT_EQ(-EPROTO, sdm_call_request_decode(user.ctx(), &kOpen, buf.data(), n, uargv));
  EXPECT_STREQ("call.variables (root type)", user.ctx()->error_where);
}

// A variable of three words crosses as three words: a table of another
// size on the other side is refused, not read past.
TEST_F(SharedVariables, AnAggregateTakesItsWords) {
  userVars[2].size = 8;  // the halves disagree on the struct
  auto argv = openArgs();
  size_t n = request(kOpen, argv);
  EXPECT_EQ(-EPROTO, sdm_call_request_decode(user.ctx(), &kOpen, buf.data(), n, uargv));
  EXPECT_STREQ("call.variables (count)", user.ctx()->error_where);
}

TEST_F(SharedVariables, AnotherCountIsRefused) {
  kernelShared.nvars = 1;  // the halves disagree on the table
  auto argv = openArgs();
  size_t n = request(kOpen, argv);
  EXPECT_EQ(-EPROTO, sdm_call_request_decode(user.ctx(), &kOpen, buf.data(), n, uargv));
  EXPECT_STREQ("call.variables (count)", user.ctx()->error_where);
}

TEST_F(Boundary, BufferTooSmallIsEmsgsize) {
  EXPECT_EQ(0u, sdm_call_request_encode(kernel.ctx(), &kOpen, openArgs().data(), buf.data(), 64));
  EXPECT_EQ(-EMSGSIZE, kernel.ctx()->error);
}

// A region the receiver has not mapped yet is mapped through sdt_ops.
TEST(CallRegions, UnmappedRegionIsMappedOnDemand) {
  static std::vector<uint8_t> userBar(kBar);
  static int calls;
  calls = 0;
  std::vector<uint8_t> kbar(kBar);
  Half kernel(true, kbar.data());
  Half user(false, nullptr);
  user.tracker.t.ops.map_region = [](void *, uint32_t index, uint64_t *base, uint64_t *size) {
    calls++;
    if (index != 0) return -ENODEV;
    *base = reinterpret_cast<uintptr_t>(userBar.data());
    *size = kBar;
    return 0;
  };
  static const sdm_arg args[] = {{SDM_ARG_REGION, 0, 0, nullptr}};
  static const sdm_fn fn = {"mt_poke", 1, 1, {SDM_ARG_SCALAR, 0, 0, nullptr}, args};
  Bytes buf(4096);
  for (int i = 0; i < 2; i++) {
    uint64_t argv[1] = {addr(kbar.data() + 0x123)}, uargv[1];
    size_t n = sdm_call_request_encode(kernel.ctx(), &fn, argv, buf.data(), buf.size());
    ASSERT_EQ(0, sdm_call_request_decode(user.ctx(), &fn, buf.data(), n, uargv));
    EXPECT_EQ(addr(userBar.data() + 0x123), uargv[0]);
  }
  EXPECT_EQ(1, calls) << "mapped once, then known";
  EXPECT_EQ(nullptr, sdm_region_in(user.ctx(), (3ull << 56) | 4, "r"));
  EXPECT_EQ(-EFAULT, user.ctx()->error) << "a region the host cannot map";
}

}  // namespace
