// Marshaled crossings (--codec): the plan's argument kinds, the tables, the
// kernel API downcalls and the generated text of fx_kapi, split against a
// small description written here (format version 2, docs/CROSSING.md
// section 2) and a header standing in for marshal's generated codec.
#include "fixture_support.h"

#include "splitter/Crossings.h"
#include "splitter/Splitter.h"

#include <llvm/Support/FileSystem.h>

#include <algorithm>
#include <fstream>
#include <gtest/gtest.h>

namespace splitdriver::splitter::testing {
namespace {

// net_device is described (its netdev_ops is an ops table: a global);
// sk_buff is not, so skb arguments stay opaque.
constexpr const char *kDescription = R"({
  "format": "split-driver-marshal", "version": 2, "driver": "fx_kapi",
  "types": [
    {"name": "net_device", "ctype": "struct net_device", "fields": [
      {"name": "netdev_ops", "cfield": "netdev_ops", "type": "global"},
      {"name": "irq", "cfield": "irq", "type": "i32"}
    ]}
  ]
})";

void write(const std::string &path, const std::string &text) {
  std::ofstream(path) << text;
}

std::string codecDirectory() {
  std::string dir = scratchDirectory("codec-fx_kapi");
  llvm::sys::fs::create_directories(dir);
  write(dir + "/fx_kapi.marshal.json", kDescription);
  write(dir + "/fx_kapi_sdm.h", "/* stands in for marshal's codec */\n#include \"sdm.h\"\n"
                                "extern const struct sdm_type fx_kapi_sdm_type_net_device;\n");
  write(dir + "/fx_kapi_sdm.c", "#include \"fx_kapi_sdm.h\"\n");
  return dir;
}

SplitOptions codecOptions() {
  SplitOptions options = fixtureOptions("fx_kapi");
  options.codecDirectory = codecDirectory();
  return options;
}

bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

unsigned kenvId(const std::string &function) {
  analyzer::CollectingSink sink;
  auto names = loadKenvDowncalls(SPLIT_DRIVER_KENV_DOWNCALLS, sink);
  EXPECT_TRUE(names) << sink.joined();
  auto at = std::find(names->begin(), names->end(), function);
  EXPECT_NE(at, names->end()) << function;
  return static_cast<unsigned>(at - names->begin());
}

class CodecTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    analyzer::CollectingSink sink;
    files_ = new OutputFiles;
    ASSERT_TRUE(generate(codecOptions(), *files_, sink)) << sink.joined();
  }
  static void TearDownTestSuite() { delete files_; }
  const std::string &file(const std::string &name) { return (*files_)[name]; }
  static OutputFiles *files_;
};
OutputFiles *CodecTest::files_ = nullptr;

TEST(CodecDescriptionTest, VersionOneIsRefusedNamingTheFile) {
  analyzer::CollectingSink sink;
  EXPECT_FALSE(readCodecDescription(R"({"format": "split-driver-marshal", "version": 1,
                                        "types": []})",
                                    "x.marshal.json", sink));
  ASSERT_EQ(sink.diagnostics().size(), 1u);
  EXPECT_EQ(sink.diagnostics()[0].file, "x.marshal.json");
  EXPECT_NE(sink.diagnostics()[0].message.find("version 1"), std::string::npos);
}

TEST(CodecDescriptionTest, TypesLeadingToCodeFollowReferences) {
  analyzer::CollectingSink sink;
  auto codec = readCodecDescription(R"({"format": "split-driver-marshal", "version": 2,
    "types": [
      {"name": "adapter", "ctype": "struct e1000_adapter", "fields": [
        {"name": "netdev", "type": "ref", "target": "netdev"}]},
      {"name": "netdev", "ctype": "struct net_device", "fields": [
        {"name": "netdev_ops", "type": "global"}]},
      {"name": "ring", "ctype": "struct e1000_ring", "fields": [
        {"name": "desc", "type": "region"}]}]})",
                                    "d.json", sink);
  ASSERT_TRUE(codec) << sink.joined();
  EXPECT_EQ(codec->tags, (std::set<std::string>{"e1000_adapter", "e1000_ring", "net_device"}));
  EXPECT_EQ(codec->reachesCode, (std::set<std::string>{"e1000_adapter", "net_device"}));
}

TEST(CodecDescriptionTest, AMissingDescriptionSaysHowToWriteIt) {
  analyzer::CollectingSink sink;
  SplitOptions options = fixtureOptions("fx_kapi");
  options.codecDirectory = scratchDirectory("codec-missing");
  OutputFiles files;
  EXPECT_FALSE(generate(options, files, sink));
  EXPECT_NE(sink.joined().find("split-driver marshal"), std::string::npos) << sink.joined();
  EXPECT_TRUE(files.empty());
}

TEST(CodecPlanTest, ArgumentKindsComeFromTheRealTypes) {
  analyzer::CollectingSink sink;
  SplitOptions options = codecOptions();
  OutputFiles files;
  ASSERT_TRUE(generate(options, files, sink)) << sink.joined();
  auto json = files["split.txt"];
  // The upcall's net_device is an object, the xmit downcall's skb opaque.
  EXPECT_TRUE(contains(json, "fx_kapi_open: marshaled (object net_device) -> scalar")) << json;
  EXPECT_TRUE(contains(json, "fx_kapi_xmit: marshaled (opaque, object net_device) -> scalar; "
                             "opaque: skb (struct sk_buff *): struct sk_buff is not described"))
      << json;
}

TEST_F(CodecTest, KernelApiDowncallsHaveHandlersAndTheRightFlags) {
  const std::string &txt = file("split.txt");
  // request_irq is the header's inline wrapper of request_threaded_irq. Its
  // handler is a function pointer, but an interrupt handler is kernel-side:
  // the kernel API model (core.rules) serves it inline; free_irq's model
  // waits for threaded handlers: a worker.
  EXPECT_TRUE(contains(txt, "request_threaded_irq: (scalar, function, function, scalar, string, "
                            "opaque) -> scalar; served inline: its kernel API model runs no "
                            "driver code (core.rules:"))
      << txt;
  EXPECT_TRUE(contains(txt, "free_irq: (scalar, opaque) -> opaque; may upcall: its kernel API "
                            "model may wait for driver code (core.rules:"))
      << txt;
  EXPECT_TRUE(contains(txt, "register_netdev: (object net_device) -> scalar; may upcall: dev "
                            "(struct net_device) leads to driver code"))
      << txt;
  const std::string &kernel = file("kernel/fx_kapi.c");
  EXPECT_TRUE(contains(kernel, "int fx_kapi_kapi_register_netdev(struct udrv_channel *ch"));
  EXPECT_TRUE(contains(kernel, "\t*ret = (uint64_t)(int64_t)register_netdev((struct net_device "
                               "*)(uintptr_t)argv[0]);\n"))
      << kernel;
  const std::string &glue = file("kernel/fx_kapi_split_k.c");
  EXPECT_TRUE(contains(glue, "k[FX_KAPI_KAPI_register_netdev - FX_KAPI_KAPI_BASE] = "
                             "(struct udrv_downcall){\n"
                             "\t\t.name = \"register_netdev\",\n\t\t.handler = "
                             "fx_kapi_kapi_register_netdev,"))
      << glue;
  size_t freeIrq = glue.find("k[FX_KAPI_KAPI_free_irq - FX_KAPI_KAPI_BASE]");
  ASSERT_NE(freeIrq, std::string::npos);
  EXPECT_TRUE(contains(glue.substr(freeIrq, 300), ".flags = UDRV_DC_MAY_UPCALL,"));
  size_t requestIrq = glue.find("k[FX_KAPI_KAPI_request_threaded_irq - FX_KAPI_KAPI_BASE]");
  ASSERT_NE(requestIrq, std::string::npos);
  EXPECT_TRUE(contains(glue.substr(requestIrq, 300), ".flags = 0,"));
  // The kernel API allowlist is udrv's second table, sized by kenv's count.
  EXPECT_TRUE(contains(glue, ".n_kapi_downcalls = nk,"));
  EXPECT_TRUE(contains(glue, "nk = FX_KAPI_KENV_COUNT;"));
  EXPECT_TRUE(contains(glue, "cfg.kapi_downcalls = fx_kapi_split_downcalls + n;"));
  EXPECT_TRUE(contains(file("kernel/fx_kapi_split.h"),
                       "#define FX_KAPI_KAPI_register_netdev\t(FX_KAPI_KAPI_BASE + " +
                           std::to_string(kenvId("register_netdev")) + ")\n"));
  // The user half's transport sends the same descriptor for kenv's id.
  EXPECT_TRUE(contains(file("user/fx_kapi_split_u.c"),
                       "\t[" + std::to_string(kenvId("register_netdev")) +
                           "] = { &fx_kapi_sdm_fn_kapi_register_netdev, NULL, false, NULL },\n"));
}

// netdev.rules: get_strings fills a buffer of get_sset_count(dev, sset) *
// ETH_GSTRING_LEN bytes the kernel owns; dev_addr_mod (eth_hw_addr_set's
// body) reads `len` bytes of `addr`. Each buffer's length rides in the argv
// slot after the arguments, computed where the call starts.
TEST_F(CodecTest, BufferRulesGiveLengthsComputedByTheCaller) {
  const std::string &fns = file("kernel/fx_kapi_split_fns.c");
  size_t strings = fns.find("fx_kapi_sdm_args_fx_kapi_get_strings[] = {");
  ASSERT_NE(strings, std::string::npos) << fns;
  EXPECT_TRUE(contains(fns.substr(strings, 300), "\t{ SDM_ARG_BUFFER_OUT, 8, 0, NULL, 3 },\n"));
  EXPECT_TRUE(contains(file("kernel/fx_kapi.c"),
                       "uint64_t sd_argv[4] = { (uint64_t)(uintptr_t)dev, (uint64_t)sset, "
                       "(uint64_t)(uintptr_t)data, (uint64_t)((dev)->ethtool_ops->get_sset_count("
                       "(dev), (sset)) * ETH_GSTRING_LEN) };"))
      << file("kernel/fx_kapi.c");
  size_t addr = fns.find("fx_kapi_sdm_args_kapi_dev_addr_mod[] = {");
  ASSERT_NE(addr, std::string::npos);
  EXPECT_TRUE(contains(fns.substr(addr, 300), "\t{ SDM_ARG_BUFFER_IN, 8, 0, NULL, 4 },\n"));
  const std::string &user = file("user/fx_kapi_split_u.c");
  EXPECT_TRUE(contains(user, "static void fx_kapi_split_len_dev_addr_mod(uint64_t *argv)\n{\n"
                             "\targv[4] = (uint64_t)(((size_t)argv[3]));\n}"))
      << user;
  EXPECT_TRUE(contains(user, "&fx_kapi_sdm_fn_kapi_dev_addr_mod, NULL, false, "
                             "fx_kapi_split_len_dev_addr_mod },"));
  EXPECT_TRUE(contains(file("split.txt"), "fx_kapi_get_strings: marshaled (object net_device, "
                                          "scalar, buffer (out)) -> void"))
      << file("split.txt");
}

TEST(CodecPlanTest, ABufferRuleOnAScalarArgumentIsAnErrorNamingTheRule) {
  std::string rules = scratchDirectory("rules-bad-buffer");
  llvm::sys::fs::create_directories(rules);
  for (const char *name : {"core.rules", "netdev.rules", "pci.rules", "locks.rules", "usb.rules"})
    llvm::sys::fs::copy_file(std::string(SPLIT_DRIVER_RULES_DIR) + "/" + name,
                             rules + "/" + name);
  write(rules + "/zz.rules", "buffer ethtool_ops.get_strings 1 out \"4\"\n"
                             "buffer ethtool_ops.get_sset_count 0 out \"$2\"\n");
  SplitOptions options = codecOptions();
  options.rulesDirectory = rules;
  analyzer::CollectingSink sink;
  OutputFiles files;
  EXPECT_FALSE(generate(options, files, sink));
  EXPECT_TRUE(contains(sink.joined(), "buffer rule at " + rules + "/zz.rules:1 for "
                                      "fx_kapi_get_strings: argument 1 (u32) is not a pointer"))
      << sink.joined();
  EXPECT_TRUE(contains(sink.joined(), "zz.rules:2 for fx_kapi_get_sset_count: '$2' in \"$2\" "
                                      "names no argument"))
      << sink.joined();
  EXPECT_TRUE(files.empty());
}

// With a codec, the kernel glue forwards the module's parameters at attach:
// the report says so of a parameter both halves use; a counter the kernel's
// timer writes and user code reads crosses with every call.
TEST(CodecPlanTest, ModuleParametersAreForwardedCountersCrossWithEveryCall) {
  std::string dir = scratchDirectory("codec-fx_shared");
  llvm::sys::fs::create_directories(dir);
  write(dir + "/fx_shared.marshal.json", R"({"format": "split-driver-marshal", "version": 2,
                                             "driver": "fx_shared", "types": []})");
  write(dir + "/fx_shared_sdm.h", "#include \"sdm.h\"\n");
  write(dir + "/fx_shared_sdm.c", "#include \"fx_shared_sdm.h\"\n");
  SplitOptions options = fixtureOptions("fx_shared");
  options.codecDirectory = dir;
  analyzer::CollectingSink sink;
  OutputFiles files;
  ASSERT_TRUE(generate(options, files, sink)) << sink.joined();
  const std::string &txt = files["split.txt"];
  EXPECT_TRUE(contains(txt, "fx_shared_debug (fx_shared.c:23): used by both halves: a module "
                            "parameter; insmod sets the kernel half's copy, sent to the user "
                            "half's before the driver's init"))
      << txt;
  EXPECT_TRUE(contains(txt, "fx_shared_count (fx_shared.c:20): used by both halves and written: "
                            "one copy in each; its value crosses with every call"))
      << txt;
  EXPECT_TRUE(contains(txt, "fx_shared_stats (fx_shared.c:31): used by both halves and written: "
                            "one copy in each; its value crosses with every call"))
      << txt;
  // Both halves fill the same entries of the shared table from their copy:
  // the counter is applied whole, the struct byte by byte.
  const std::string count =
      "\t\tfx_shared_split_shared_vars[FX_SHARED_SHARED_fx_shared_count] = (struct sdm_shared_var){\n"
      "\t\t\t.addr = &fx_shared_count, .size = sizeof(fx_shared_count), .aggregate = false,\n";
  const std::string stats =
      "\t\tfx_shared_split_shared_vars[FX_SHARED_SHARED_fx_shared_stats] = (struct sdm_shared_var){\n"
      "\t\t\t.addr = &fx_shared_stats, .size = sizeof(fx_shared_stats), .aggregate = true,\n";
  for (const char *half : {"kernel/fx_shared.c", "user/fx_shared.c"}) {
    EXPECT_TRUE(contains(files[half], count)) << files[half];
    EXPECT_TRUE(contains(files[half], stats)) << files[half];
    EXPECT_TRUE(contains(files[half],
                         "static uint64_t state[SDM_SHARED_STATE_WORDS(sizeof(fx_shared_stats))];"));
  }
  EXPECT_TRUE(contains(files["kernel/fx_shared_split.h"], "#define FX_SHARED_NSHARED\t3\n"));
  EXPECT_TRUE(contains(txt, "fx_shared_tag (fx_shared.c:22): used by both halves: never written"))
      << txt;
  // A string crosses as its text, through the tracker.
  EXPECT_TRUE(contains(txt, "fx_shared_mode (fx_shared.c:32): used by both halves and written: "
                            "one copy in each; its value crosses with every call as the string "
                            "it points to (object tracker)"))
      << txt;
  EXPECT_TRUE(contains(files["kernel/fx_shared.c"], ".addr = &fx_shared_mode, .size = "
                                                    "sizeof(fx_shared_mode), .aggregate = false,\n"
                                                    "\t\t\t.type = &sdm_string_type,"))
      << files["kernel/fx_shared.c"];
  // A void * both halves use and one writes cannot cross: said, with where.
  EXPECT_TRUE(contains(txt, "fx_shared_cookie (fx_shared.c:33): used by both halves: one copy in "
                            "each, not kept in sync yet: void * holds pointers or a lock"))
      << txt;
  EXPECT_TRUE(contains(sink.joined(), "fx_shared.c:33")) << sink.joined();
  EXPECT_TRUE(contains(sink.joined(), "variable 'fx_shared_cookie' is written and used by both "
                                      "halves, and not kept in sync yet"))
      << sink.joined();
  const std::string &glue = files["kernel/fx_shared_split_k.c"];
  EXPECT_TRUE(contains(glue, "\tfx_shared_split_send_params();\n\terr = fx_shared_split_driver_init();"))
      << glue;
  EXPECT_TRUE(contains(files["user/fx_shared_split_u.c"],
                       "if (func == FX_SHARED_UPCALL_MODULE_PARAMS)\n"
                       "\t\treturn fx_shared_split_set_params(req, len);"));
}

// fx_kapi_active, written by the user half's open and stop and read by the
// kernel half's interrupt handler, is a pointer to a described struct: an
// entry of the shared table that crosses as its net_device.
TEST_F(CodecTest, APointerToADescribedStructCrossesAsItsObject) {
  const std::string entry =
      "\t\tfx_kapi_split_shared_vars[FX_KAPI_SHARED_fx_kapi_active] = (struct sdm_shared_var){\n"
      "\t\t\t.addr = &fx_kapi_active, .size = sizeof(fx_kapi_active), .aggregate = false,\n"
      "\t\t\t.type = &fx_kapi_sdm_type_net_device, .state = state,\n";
  EXPECT_TRUE(contains(file("kernel/fx_kapi.c"), entry)) << file("kernel/fx_kapi.c");
  EXPECT_TRUE(contains(file("user/fx_kapi.c"), entry));
  EXPECT_TRUE(contains(file("split.txt"),
                       "fx_kapi_active (fx_kapi.c:22): used by both halves and written: one copy "
                       "in each; its value crosses with every call as the struct net_device it "
                       "points to (object tracker)"))
      << file("split.txt");
  EXPECT_TRUE(contains(file("kernel/fx_kapi_split.h"), "#define FX_KAPI_NSHARED\t1\n"));
}

TEST_F(CodecTest, DescriptorsAreIdenticalInBothHalvesAndNameTheCodecTypes) {
  const std::string &fns = file("kernel/fx_kapi_split_fns.c");
  EXPECT_EQ(fns, file("user/fx_kapi_split_fns.c"));
  EXPECT_EQ(file("kernel/fx_kapi_split.h"), file("user/fx_kapi_split.h"));
  EXPECT_TRUE(contains(fns, "static const struct sdm_arg fx_kapi_sdm_args_fx_kapi_setup[] = {\n"
                            "\t{ SDM_ARG_OBJECT, 8, 0, &fx_kapi_sdm_type_net_device },\n};"))
      << fns;
  EXPECT_TRUE(contains(fns, "\t.id = FX_KAPI_UPCALL_fx_kapi_setup,\n"));
  EXPECT_TRUE(contains(fns, "\t.ret = { SDM_ARG_SCALAR, 4, 1, NULL },\n"));
  size_t irq = fns.find("fx_kapi_sdm_args_kapi_request_threaded_irq[] = {");
  ASSERT_NE(irq, std::string::npos);
  EXPECT_TRUE(contains(fns.substr(irq, 400), "\t{ SDM_ARG_FUNCTION, 8, 0, NULL },\n"));
  EXPECT_TRUE(contains(fns.substr(irq, 400), "\t{ SDM_ARG_STRING, 8, 0, NULL },\n"));
}

TEST_F(CodecTest, OpsTableKeptInBothHalvesWithTheOtherSidesEntriesAsStubs) {
  const std::string &kernel = file("kernel/fx_kapi.c");
  const std::string &user = file("user/fx_kapi.c");
  for (const std::string *half : {&kernel, &user})
    EXPECT_TRUE(contains(*half, "static const struct net_device_ops fx_kapi_netdev_ops = {"));
  // Kernel: ndo_open is an upcall stub through the codec.
  EXPECT_TRUE(contains(kernel, "static int fx_kapi_open(struct net_device *dev)\n{\n"
                               "\tuint64_t sd_argv[1] = { (uint64_t)(uintptr_t)dev };\n"
                               "\tuint64_t sd_ret = 0;\n"
                               "\tint sd_err = fx_kapi_split_call(&fx_kapi_sdm_fn_fx_kapi_open, "
                               "sd_argv,\n"))
      << kernel;
  EXPECT_TRUE(contains(kernel, "return (int)(int64_t)sd_ret;"));
  // User: ndo_start_xmit is a downcall stub; ndo_open runs there.
  EXPECT_TRUE(contains(user, "fx_kapi_split_call(&fx_kapi_sdm_fn_fx_kapi_xmit, sd_argv,"));
  EXPECT_TRUE(contains(user, "return request_irq(dev->irq, fx_kapi_intr, IRQF_SHARED"));
  EXPECT_TRUE(contains(user, "int fx_kapi_split_serve_fx_kapi_open(uint64_t *argv, uint64_t *ret)\n"
                             "{\n\t*ret = (uint64_t)(int64_t)fx_kapi_open((struct net_device "
                             "*)(uintptr_t)argv[0]);\n"))
      << user;
}

TEST_F(CodecTest, FunctionAndGlobalsTablesNameTheSameEntriesInBothHalves) {
  const std::string &header = file("kernel/fx_kapi_split.h");
  // Sorted by name: driver functions (not __init/__exit) and the kernel
  // function whose address the ops table takes.
  std::vector<std::string> expected = {"eth_validate_addr",      "fx_kapi_get_sset_count",
                                       "fx_kapi_get_strings",    "fx_kapi_intr",
                                       "fx_kapi_open",           "fx_kapi_setup",
                                       "fx_kapi_stop",           "fx_kapi_xmit"};
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_TRUE(contains(header, "#define FX_KAPI_FN_" + expected[i] + "\t" + std::to_string(i) +
                                     "\n"))
        << expected[i] << "\n" << header;
  EXPECT_TRUE(contains(header, "#define FX_KAPI_NFUNCTIONS\t8\n"));
  EXPECT_FALSE(contains(header, "FX_KAPI_FN_fx_kapi_init"));
  EXPECT_TRUE(contains(header, "#define FX_KAPI_GLOBAL_fx_kapi_ethtool_ops\t0\n"));
  EXPECT_TRUE(contains(header, "#define FX_KAPI_GLOBAL_fx_kapi_netdev_ops\t1\n"));
  for (const char *half : {"kernel/fx_kapi.c", "user/fx_kapi.c"}) {
    EXPECT_TRUE(contains(file(half), "\tfx_kapi_split_functions[FX_KAPI_FN_eth_validate_addr] = "
                                     "(const void *)eth_validate_addr;\n"))
        << half;
    EXPECT_TRUE(contains(file(half), "\tfx_kapi_split_globals[FX_KAPI_GLOBAL_fx_kapi_netdev_ops] "
                                     "= &fx_kapi_netdev_ops;\n"));
  }
}

TEST_F(CodecTest, InitRunsAtFirstAttachAndTheCodecIsCopied) {
  const std::string &kernel = file("kernel/fx_kapi.c");
  EXPECT_TRUE(contains(kernel, "static int fx_kapi_init(void)\n{")) << "no __init: runs later";
  EXPECT_TRUE(contains(kernel, "\treturn fx_kapi_split_open(fx_kapi_init);\n}\n"
                               "module_init(fx_kapi_split_init);"));
  EXPECT_TRUE(contains(kernel, "\tif (fx_kapi_split_stop())\n\t\tfx_kapi_exit();\n"));
  const std::string &glue = file("kernel/fx_kapi_split_k.c");
  EXPECT_TRUE(contains(glue, "if (!atomic_xchg(&fx_kapi_split_init_started, 1))\n"
                             "\t\tschedule_work(&fx_kapi_split_init_work);"));
  EXPECT_TRUE(contains(glue, ".ops = &fx_kapi_split_ops,"));
  for (const char *half : {"kernel", "user"}) {
    EXPECT_EQ(file(std::string(half) + "/fx_kapi_sdm.h").rfind("/* stands in", 0), 0u);
    EXPECT_FALSE(file(std::string(half) + "/sdm.c").empty()) << half;
    EXPECT_FALSE(file(std::string(half) + "/sdt.h").empty()) << half;
  }
  EXPECT_TRUE(contains(file("kernel/Kbuild"), " fx_kapi_split_fns.o fx_kapi_split_k.o "));
  EXPECT_TRUE(contains(file("kernel/Kbuild"), " fx_kapi_sdm.o "));
  EXPECT_TRUE(contains(file("user/fx_kapi_split_main.c"), ".on_attach = fx_kapi_split_on_attach,"));
  EXPECT_TRUE(contains(file("user/CMakeLists.txt"), "option(SPLIT_DRIVER_SANITIZE"));
}

}  // namespace
}  // namespace splitdriver::splitter::testing
