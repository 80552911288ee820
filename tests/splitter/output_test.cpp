// The generated files of the fixture splits: verbatim kept functions, stub
// bodies, entry-point wiring, Kbuild; determinism; the output directory
// replaced as a whole or not at all.
#include "fixture_support.h"

#include "splitter/ModelReader.h"
#include "splitter/Splitter.h"

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/JSON.h>

#include <fstream>
#include <gtest/gtest.h>

namespace splitdriver::splitter::testing {
namespace {

OutputFiles generateFixture(const std::string &name) {
  OutputFiles files;
  analyzer::CollectingSink sink;
  EXPECT_TRUE(generate(fixtureOptions(name), files, sink)) << sink.joined();
  return files;
}

// The original text of a function, from its first line to its closing brace.
std::string originalFunction(const std::string &file, const std::string &signature) {
  std::string code = readText(std::string(FIXTURE_DATABASE_DIR) + "/kbuild/" + file);
  size_t begin = code.find(signature);
  EXPECT_NE(begin, std::string::npos) << signature;
  size_t end = code.find("\n}\n", begin);
  return code.substr(begin, end + 2 - begin);
}

bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

TEST(OutputTest, KernelHalfKeepsKernelFunctionsVerbatimAndStubsTheOthers) {
  OutputFiles files = generateFixture("fx_ops");
  const std::string &kernel = files["kernel/fx_ops.c"];
  std::string xmit = originalFunction("fx_ops.c", "static netdev_tx_t fx_ops_xmit(");
  EXPECT_TRUE(contains(kernel, xmit)) << kernel;
  // Same signature, body replaced by a stub that fails loudly by name.
  EXPECT_TRUE(contains(kernel, "static int fx_ops_open(struct net_device *dev)\n{\n"
                               "\tfx_ops_split_unmarshalable(\"fx_ops_open\", "
                               "\"dev (struct net_device *)\");\n\treturn -EOPNOTSUPP;\n}"))
      << kernel;
  EXPECT_FALSE(contains(kernel, "netif_start_queue(dev);"));
  EXPECT_TRUE(contains(kernel, "module_init(fx_ops_split_init);"));
  EXPECT_TRUE(contains(kernel, "module_exit(fx_ops_split_exit);"));
  EXPECT_FALSE(contains(kernel, "module_init(fx_ops_init);"));
  EXPECT_TRUE(contains(kernel, "return fx_ops_split_open(fx_ops_init);"));
  EXPECT_TRUE(contains(kernel, "static int fx_ops_init(void)\n{"));
  EXPECT_TRUE(contains(files["kernel/Kbuild"], "obj-m += fx_ops_k.o\n"
                                               "fx_ops_k-y := fx_ops.o fx_ops_split_k.o\n"));
  EXPECT_TRUE(contains(files["kernel/Kbuild"], "-I/udrv/include -I/udrv/include/uapi"));
  EXPECT_TRUE(contains(files["kernel/fx_ops_split.h"], "#define FX_OPS_UPCALL_fx_ops_open\t0"));
}

TEST(OutputTest, UserHalfKeepsUserFunctionsAndServesUpcalls) {
  OutputFiles files = generateFixture("fx_ops");
  const std::string &user = files["user/fx_ops.c"];
  EXPECT_TRUE(contains(user, originalFunction("fx_ops.c", "static int fx_ops_open(")));
  EXPECT_FALSE(contains(user, "fx_ops_xmit"));
  EXPECT_FALSE(contains(user, "module_init"));
  EXPECT_FALSE(contains(user, "fx_ops_netdev_ops"));
  EXPECT_TRUE(contains(user, "int fx_ops_split_serve_fx_ops_open("));
  EXPECT_TRUE(contains(files["user/fx_ops_split_main.c"],
                       "[FX_OPS_UPCALL_fx_ops_open] = { \"fx_ops_open\", "
                       "fx_ops_split_serve_fx_ops_open },"));
  EXPECT_TRUE(contains(files["user/CMakeLists.txt"], "project(fx_ops-udrv C)"));
}

TEST(OutputTest, ScalarCrossingsMarshalArgumentsAndResults) {
  OutputFiles files = generateFixture("fx_nested");
  const std::string &kernel = files["kernel/fx_nested.c"];
  EXPECT_TRUE(contains(kernel, "u16 fx_nested_phy_read(u32 reg)\n{\n"
                               "\tunsigned long long sd_args[1] = { (unsigned long long)reg };"))
      << kernel;
  EXPECT_TRUE(contains(kernel, "fx_nested_split_upcall(FX_NESTED_UPCALL_fx_nested_phy_read,"));
  EXPECT_TRUE(contains(kernel, "return (u16)sd_result;"));
  // The downcall's handler, appended to the kernel file that keeps the body.
  EXPECT_TRUE(contains(kernel, "*result = (unsigned long long)fx_nested_program(args[0]);"));
  const std::string &user = files["user/fx_nested.c"];
  EXPECT_TRUE(contains(user, "fx_nested_split_downcall(FX_NESTED_DOWNCALL_fx_nested_program,"));
  EXPECT_TRUE(contains(user, "return fx_nested_split_failed(\"fx_nested_program\", sd_err);"));
  EXPECT_TRUE(contains(files["kernel/fx_nested_split_k.c"],
                       "[FX_NESTED_DOWNCALL_fx_nested_program] = {"));
  EXPECT_TRUE(contains(files["kernel/fx_nested_split_k.c"], ".flags = UDRV_DC_MAY_UPCALL,"));
}

TEST(OutputTest, StaticsGoWhereTheyAreUsed) {
  OutputFiles files = generateFixture("fx_shared");
  EXPECT_FALSE(contains(files["kernel/fx_shared.c"], "fx_shared_name[] ="));
  EXPECT_TRUE(contains(files["user/fx_shared.c"], "fx_shared_name[] ="));
  EXPECT_TRUE(contains(files["kernel/fx_shared.c"], "static unsigned long fx_shared_count;"));
  EXPECT_TRUE(contains(files["user/fx_shared.c"], "static unsigned long fx_shared_count;"));
  EXPECT_FALSE(contains(files["user/fx_shared.c"], "static struct timer_list fx_shared_timer;"));
  EXPECT_TRUE(contains(files["user/fx_shared.c"], "module_param(fx_shared_debug, int, 0444);"));
}

TEST(OutputTest, ReportSaysWhatWentWhere) {
  OutputFiles files = generateFixture("fx_fnptr");
  auto json = llvm::json::parse(files["split.json"]);
  ASSERT_TRUE(bool(json));
  const llvm::json::Object *doc = json->getAsObject();
  EXPECT_EQ(doc->getString("format"), "split-driver-split");
  const llvm::json::Object *summary = doc->getObject("summary");
  EXPECT_EQ(summary->getInteger("upcalls"), 1);
  EXPECT_GT(*summary->getInteger("kernel_lines"), 0);
  EXPECT_TRUE(contains(files["split.txt"],
                       "fx_fnptr_intr: FAILS AT RUN TIME, needs a codec for data (void *)"));
}

TEST(OutputTest, SameInputsGiveIdenticalOutputs) {
  OutputFiles first = generateFixture("fx_fnptr");
  OutputFiles second = generateFixture("fx_fnptr");
  EXPECT_EQ(first, second);
}

TEST(OutputDirectoryTest, ReplacesThePreviousOutputWithoutStaleFiles) {
  std::string out = scratchDirectory("replace");
  analyzer::CollectingSink sink;
  ASSERT_TRUE(split(fixtureOptions("fx_shared", out), sink)) << sink.joined();
  std::ofstream(out + "/kernel/stale.c") << "stale";
  ASSERT_TRUE(split(fixtureOptions("fx_shared", out), sink)) << sink.joined();
  EXPECT_FALSE(llvm::sys::fs::exists(out + "/kernel/stale.c"));
  EXPECT_TRUE(llvm::sys::fs::exists(out + "/kernel/fx_shared.c"));
}

TEST(OutputDirectoryTest, RefusesToReplaceADirectoryItDidNotWrite) {
  std::string out = scratchDirectory("foreign");
  llvm::sys::fs::create_directories(out);
  std::ofstream(out + "/precious.txt") << "keep me";
  analyzer::CollectingSink sink;
  EXPECT_FALSE(split(fixtureOptions("fx_shared", out), sink));
  EXPECT_TRUE(contains(sink.joined(), "not a split-driver output"));
  EXPECT_EQ(readText(out + "/precious.txt"), "keep me");
}

TEST(OutputDirectoryTest, UnansweredQuestionsWriteNothing) {
  std::string out = scratchDirectory("questions");
  analyzer::CollectingSink sink;
  ASSERT_TRUE(split(fixtureOptions("fx_ops", out), sink)) << sink.joined();
  std::string before = readText(out + "/kernel/fx_ops.c");
  // The same driver, with a model that still has a question.
  std::string model = out + ".model.json";
  std::ofstream(model) << R"({"format": "split-driver-analysis", "version": 1,
    "driver": "fx_ops", "functions": [{"name": "fx_ops_open", "side": "kernel"}],
    "questions": [{"subject": "fx_priv.name", "question": "fx_priv.name (char *) crosses: a NUL-terminated string?", "answer": "nullterm fx_priv.name"}]})";
  SplitOptions options = fixtureOptions("fx_ops", out);
  options.modelFile = model;
  analyzer::CollectingSink questions;
  EXPECT_FALSE(split(options, questions));
  EXPECT_TRUE(contains(questions.joined(), "unanswered analysis question about fx_priv.name"))
      << questions.joined();
  EXPECT_TRUE(contains(questions.joined(), "with: nullterm fx_priv.name"));
  EXPECT_EQ(readText(out + "/kernel/fx_ops.c"), before);
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(SPLITTER_TEST_TMP, ec), end; it != end && !ec;
       it.increment(ec))
    EXPECT_FALSE(contains(it->path(), "questions.new-")) << "temporary left: " << it->path();
}

TEST(ModelReaderTest, WrongVersionIsAnErrorNamingTheFile) {
  analyzer::CollectingSink sink;
  EXPECT_FALSE(readModelJson(R"({"format": "split-driver-analysis", "version": 99})",
                             "m.json", sink));
  EXPECT_TRUE(contains(sink.joined(), "m.json"));
  EXPECT_TRUE(contains(sink.joined(), "version 99"));
}

}  // namespace
}  // namespace splitdriver::splitter::testing
