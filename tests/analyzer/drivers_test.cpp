// The analyzer on the real drivers from Debian's linux-source-6.1 (extracted
// into the build tree by the e1000-source and ax88772-source targets). One
// test per analysis: each run parses every translation unit (seconds).
#include "analyzer/Analyzer.h"

#include <gtest/gtest.h>

#include <deque>

using namespace splitdriver::analyzer;

namespace {

std::optional<Model> analyzeDriver(const std::string &directory,
                                   const std::vector<std::string> &files,
                                   std::vector<std::string> annotations, CollectingSink &sink) {
  AnalyzeOptions options;
  options.annotationFiles = std::move(annotations);
  return analyzeCompileDatabase(directory, files, options, sink);
}

const ModelFunction &fn(const Model &model, const std::string &name) {
  auto found = model.functions.find(name);
  if (found == model.functions.end())
    throw std::runtime_error("no function " + name + " in the model");
  return found->second;
}

// Every driver function reachable by calls from `roots`, short of the
// functions the sidecar defers (the kernel half queues those).
std::set<std::string> reachable(const Model &model, const std::vector<std::string> &roots) {
  std::set<std::string> seen(roots.begin(), roots.end());
  std::deque<std::string> work(roots.begin(), roots.end());
  while (!work.empty()) {
    std::string name = work.front();
    work.pop_front();
    for (const ModelEdge &edge : model.edges)
      if (edge.caller == name && !model.annotations.findDefer(edge.callee) &&
          seen.insert(edge.callee).second)
        work.push_back(edge.callee);
  }
  return seen;
}

bool endsWith(const std::string &text, const std::string &suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

TEST(E1000, ClassifiesTheRealDriver) {
  CollectingSink sink;
  std::optional<Model> model = analyzeDriver(E1000_DATABASE_DIR, {}, {E1000_ANNOTATIONS}, sink);
  ASSERT_TRUE(model) << sink.joined();
  EXPECT_EQ(sink.errorCount(), 0u) << sink.joined();
  EXPECT_EQ(model->driver, "e1000");
  EXPECT_GE(model->functions.size(), 240u);

  std::set<std::string> fastPath = reachable(*model, {"e1000_intr", "e1000_clean", "e1000_xmit_frame"});
  EXPECT_GE(fastPath.size(), 25u);
  for (const std::string &name : fastPath)
    EXPECT_EQ(fn(*model, name).side, Side::Kernel) << name;
  EXPECT_TRUE(fn(*model, "e1000_intr").contexts.count(Context::Hardirq));
  EXPECT_TRUE(fn(*model, "e1000_clean").contexts.count(Context::Softirq));
  EXPECT_TRUE(fastPath.count("e1000_clean_rx_irq")) << "adapter->clean_rx resolved by field";

  for (const char *name : {"e1000_probe", "e1000_open", "e1000_close", "e1000_watchdog",
                           "e1000_remove", "e1000_update_stats", "e1000_configure"})
    EXPECT_EQ(fn(*model, name).side, Side::User) << name;

  // The tx ring cleanup unmaps each descriptor through a data-path function:
  // per descriptor a crossing in user space, so the cut moves the loop.
  const ModelEdge *unmap = nullptr;
  for (const ModelEdge &e : model->edges)
    if (e.caller == "e1000_clean_tx_ring" && e.callee == "e1000_unmap_and_free_tx_resource")
      unmap = &e;
  ASSERT_NE(unmap, nullptr);
  EXPECT_TRUE(unmap->inLoop);
  EXPECT_EQ(fn(*model, "e1000_clean_tx_ring").side, Side::Kernel);
  unsigned ethtoolOps = 0;
  for (const ModelRoot &root : model->roots)
    if (root.how.rfind("ethtool_ops.", 0) == 0) {
      ++ethtoolOps;
      EXPECT_EQ(fn(*model, root.function).side, Side::User) << root.function;
    }
  EXPECT_GE(ethtoolOps, 20u);

  // e1000_hw.c is user space except what a kernel-imposed context needs.
  unsigned hwUser = 0;
  for (const auto &[name, function] : model->functions) {
    EXPECT_FALSE(function.reason.empty()) << name << " has no reason";
    if (!endsWith(function.file, "/e1000_hw.c"))
      continue;
    if (function.side == Side::User) {
      ++hwUser;
      continue;
    }
    bool imposed = function.dataPath || function.contexts.count(Context::Atomic) ||
                   function.contexts.count(Context::Softirq) ||
                   function.contexts.count(Context::Hardirq);
    EXPECT_TRUE(imposed) << name << " is kernel without a kernel-imposed context";
  }
  EXPECT_GE(hwUser, 80u);

  EXPECT_GT(model->summary.kernelLines, 1000u);
  EXPECT_LE(model->summary.kernelLinePercent, 25.0);

  auto lock = model->locks.find("e1000_adapter.stats_lock");
  ASSERT_NE(lock, model->locks.end());
  EXPECT_EQ(lock->second.status, "shared");
  EXPECT_EQ(lock->second.resolution, "combolock");
  EXPECT_TRUE(lock->second.userTakers.count("e1000_update_stats"));
  for (const std::string &taker : lock->second.kernelTakers)
    EXPECT_TRUE(fastPath.count(taker)) << taker;
  // The sidecar answers every question about pointers crossing the cut.
  for (const ModelQuestion &question : model->questions)
    ADD_FAILURE() << "unanswered: " << question.question;
  EXPECT_EQ(model->annotations.findField("e1000_adapter", "stats_lock")->kind, "combolock");
  // The rings' buffers are the kernel data path's: their pointers never cross.
  EXPECT_EQ(model->annotations.findField("e1000_rx_buffer.rxbuf", "data")->kind, "ignore");
  EXPECT_EQ(model->annotations.findField("e1000_tx_buffer", "skb")->kind, "ignore");
  EXPECT_EQ(model->fields.at("e1000_hw.hw_addr").pointerClass, "iomem");
  EXPECT_EQ(model->fields.at("e1000_adapter.stats_lock").pointerClass, "lock");

  // A crossing carries the state its callee side touches, transitively:
  // ndo_set_rx_mode, deferred, reads the address lists and refills the rx
  // ring on the 82542's reset path; the kernel half reads its arguments
  // under netif_addr_lock, as the kernel's caller holds it.
  bool sawSetRxMode = false;
  for (const ModelCrossing &crossing : model->crossings)
    if (crossing.callee == "e1000_set_rx_mode") {
      sawSetRxMode = true;
      EXPECT_EQ(crossing.caller, "(kernel)");
      EXPECT_EQ(crossing.direction, "upcall");
      EXPECT_TRUE(crossing.deferred);
      EXPECT_EQ(crossing.holds, "netif_addr_lock");
      EXPECT_EQ(crossing.guardTake, "netif_addr_lock_bh($0)");
      EXPECT_TRUE(crossing.state.in.count("e1000_hw.mac_type"));
      EXPECT_TRUE(crossing.state.in.count("netdev_hw_addr.addr"));
      EXPECT_TRUE(crossing.state.in.count("netdev_hw_addr_list.list"));
      EXPECT_TRUE(crossing.state.out.count("e1000_rx_ring.next_to_use"));
      EXPECT_FALSE(crossing.state.out.count("e1000_hw.mac_type"));
    }
  EXPECT_TRUE(sawSetRxMode);
  EXPECT_EQ(fn(*model, "e1000_set_rx_mode").side, Side::User);
  EXPECT_FALSE(fn(*model, "e1000_set_rx_mode").contexts.count(Context::Atomic));
  EXPECT_EQ(fn(*model, "e1000_rar_set").side, Side::User);
  // The rx ring cleanup frees the data path's buffers: pinned to the kernel.
  // The user-side functions that read the ignored buffer fields are named
  // (the dump, the loopback test on its own rings); the cleanup is not.
  EXPECT_EQ(fn(*model, "e1000_clean_rx_ring").side, Side::Kernel);
  EXPECT_EQ(fn(*model, "e1000_clean_rx_ring").constraint, Constraint::Pinned);
  std::string ignoredReaders;
  for (const std::string &warning : model->warnings)
    if (warning.find("which the sidecar ignores") != std::string::npos)
      ignoredReaders += warning.substr(0, warning.find(' ')) + " ";
  EXPECT_EQ(ignoredReaders,
            "e1000_dump e1000_free_desc_rings e1000_run_loopback_test e1000_setup_desc_rings ");
  EXPECT_GT(model->summary.crossingEdges, 0u);

  // Kernel API models (annotations/kernel-api): the probe's register_netdev
  // is a crossing with what it reads; request_irq reaches
  // request_threaded_irq's model through the header's inline.
  bool sawRegister = false;
  for (const ModelCrossing &crossing : model->crossings)
    if (crossing.caller == "e1000_probe" && crossing.callee == "register_netdev") {
      sawRegister = true;
      EXPECT_TRUE(crossing.kernelApi);
      EXPECT_TRUE(crossing.state.in.count("net_device.netdev_ops"));
      EXPECT_TRUE(crossing.state.out.count("net_device.reg_state"));
    }
  EXPECT_TRUE(sawRegister);
  ASSERT_TRUE(model->kernelApi.count("request_threaded_irq"));
  EXPECT_TRUE(model->kernelApi.at("request_threaded_irq").noUpcall);
  ASSERT_TRUE(model->kernelApi.count("free_irq"));
  EXPECT_TRUE(model->kernelApi.at("free_irq").mayUpcall);
  // The tx hang's dump is deferred: it and the register dump it calls run
  // in the user half, after the NAPI poll that detected the hang.
  EXPECT_EQ(fn(*model, "e1000_dump").side, Side::User);
  EXPECT_EQ(fn(*model, "e1000_dump").constraint, Constraint::Anchor);
  EXPECT_EQ(fn(*model, "e1000_regdump").side, Side::User);
  EXPECT_FALSE(fn(*model, "e1000_dump").contexts.count(Context::Softirq));
  bool sawDump = false;
  for (const ModelCrossing &crossing : model->crossings)
    if (crossing.callee == "e1000_dump") {
      sawDump = true;
      EXPECT_EQ(crossing.caller, "e1000_clean_tx_irq");
      EXPECT_TRUE(crossing.deferred);
      EXPECT_TRUE(crossing.state.in.count("e1000_tx_ring.next_to_clean"));
    }
  EXPECT_TRUE(sawDump);
  // The goal: at most 15% of the driver's lines in the kernel.
  EXPECT_LE(model->summary.kernelLinePercent, 15.0);
  // The module's entry points run in the kernel half.
  EXPECT_EQ(fn(*model, "e1000_init_module").side, Side::Kernel);
  EXPECT_EQ(fn(*model, "e1000_exit_module").side, Side::Kernel);
}

TEST(E1000, SharedLockWithoutCombolockMovesItsUserSideToTheKernel) {
  CollectingSink sink;
  std::optional<Model> model =
      analyzeDriver(E1000_DATABASE_DIR, {"e1000_main.c", "e1000_hw.c"}, {}, sink);
  ASSERT_TRUE(model) << sink.joined();
  const ModelLock &lock = model->locks.at("e1000_adapter.stats_lock");
  EXPECT_EQ(lock.status, "shared");
  EXPECT_EQ(lock.resolution, "kernel");
  EXPECT_TRUE(lock.userTakers.empty());
  EXPECT_TRUE(lock.kernelTakers.count("e1000_update_stats"));
  bool askedAboutBack = false;
  for (const ModelQuestion &question : model->questions)
    askedAboutBack |= question.subject == "e1000_hw.back";
  EXPECT_TRUE(askedAboutBack) << "without the sidecar, hw->back (void *) is a question";
  const ModelFunction &stats = fn(*model, "e1000_update_stats");
  EXPECT_EQ(stats.side, Side::Kernel);
  EXPECT_NE(stats.reason.front().find("takes e1000_adapter.stats_lock"), std::string::npos)
      << stats.reason.front();
  // What it calls with the spinlock held runs atomically: kernel too.
  EXPECT_EQ(fn(*model, "e1000_read_phy_reg").side, Side::Kernel);
}

TEST(Asix, ClassifiesTheUsbnetMinidriver) {
  CollectingSink sink;
  std::optional<Model> model = analyzeDriver(
      AX88772_DATABASE_DIR, {"asix_devices.c", "asix_common.c", "ax88172a.c"},
      {AX88772_ANNOTATIONS}, sink);
  ASSERT_TRUE(model) << sink.joined();
  EXPECT_EQ(model->driver, "asix");
  EXPECT_EQ(model->functions.count("usbnet_probe"), 0u) << "usbnet is the framework, not the driver";
  std::map<std::string, unsigned> seen;
  for (const ModelRoot &root : model->roots) {
    const std::string &how = root.how;
    Side side = fn(*model, root.function).side;
    for (const char *op : {"driver_info.rx_fixup", "driver_info.tx_fixup", "driver_info.status"})
      if (how == op) {
        ++seen[op];
        EXPECT_EQ(side, Side::Kernel) << root.function << " via " << how;
      }
    for (const char *op : {"driver_info.bind", "driver_info.unbind", "driver_info.reset",
                           "driver_info.link_reset", "driver_info.stop", "mii_bus.read",
                           "mii_bus.write", "mii_if_info.mdio_read", "mii_if_info.mdio_write"})
      if (how == op) {
        ++seen[op];
        EXPECT_EQ(side, Side::User) << root.function << " via " << how;
      }
    if (how.rfind("phylink_mac_ops.", 0) == 0) {
      ++seen["phylink"];
      EXPECT_EQ(side, Side::User) << root.function << " via " << how;
    }
  }
  EXPECT_GE(seen["driver_info.rx_fixup"], 2u);
  EXPECT_GE(seen["driver_info.tx_fixup"], 1u);
  EXPECT_GE(seen["driver_info.status"], 2u);
  EXPECT_GE(seen["driver_info.bind"], 3u);
  EXPECT_GE(seen["driver_info.unbind"], 2u);
  EXPECT_GE(seen["driver_info.stop"], 1u);
  EXPECT_GE(seen["mii_bus.read"], 1u);
  EXPECT_GE(seen["phylink"], 3u);
  EXPECT_EQ(fn(*model, "asix_rx_fixup_internal").side, Side::Kernel);
  for (const auto &[name, function] : model->functions)
    EXPECT_FALSE(function.reason.empty()) << name;
  for (const ModelQuestion &question : model->questions)
    ADD_FAILURE() << "unanswered: " << question.question;
  EXPECT_LE(model->summary.kernelLinePercent, 25.0);
}

// A kernel type fact no real driver's units can use is a typo or a stale
// layout (mergeKernelTypes leaves such lines out silently): each shipped
// line applies to e1000 or to asix.
TEST(KernelTypes, EveryShippedFactAppliesToARealDriver) {
  CollectingSink sink;
  Annotations shipped;
  ASSERT_TRUE(loadKernelTypes(AnalyzeOptions::defaultRulesDirectory(), shipped, sink))
      << sink.joined();
  ASSERT_FALSE(shipped.fields.empty());
  std::optional<Model> e1000 = analyzeDriver(E1000_DATABASE_DIR, {}, {E1000_ANNOTATIONS}, sink);
  std::optional<Model> asix = analyzeDriver(
      AX88772_DATABASE_DIR, {"asix_devices.c", "asix_common.c", "ax88172a.c"},
      {AX88772_ANNOTATIONS}, sink);
  ASSERT_TRUE(e1000 && asix) << sink.joined();
  auto applied = [&](const AnnotationPos &pos) {
    for (const Model *model : {&*e1000, &*asix}) {
      for (const FieldAnnotation &field : model->annotations.fields)
        if (field.pos.file == pos.file && field.pos.line == pos.line)
          return true;
      for (const TypeAnnotation &type : model->annotations.types)
        if (type.pos.file == pos.file && type.pos.line == pos.line)
          return true;
    }
    return false;
  };
  for (const FieldAnnotation &field : shipped.fields)
    EXPECT_TRUE(applied(field.pos)) << field.pos.file << ":" << field.pos.line << ": " << field.kind
                                    << " " << field.structName << "." << field.field;
  for (const TypeAnnotation &type : shipped.types)
    EXPECT_TRUE(applied(type.pos)) << type.pos.file << ":" << type.pos.line << ": " << type.kind
                                   << " " << type.structName;
}
