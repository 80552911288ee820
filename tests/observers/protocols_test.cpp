// The project's protocol specs: force a state, feed events, assert the
// verdict and the recorded trace.
#include "spec_test_util.h"

namespace observers {
namespace {

using testing::down;
using testing::downRet;
using testing::up;
using testing::upRet;

class Protocols : public ::testing::Test {
 protected:
  Protocols() : specs_(testing::loadProjectSpecs()), obs_(specs_) {}

  // Feeds events in order; returns the index of the first rejected one, or -1.
  int feed(const std::vector<Event>& events) {
    for (size_t i = 0; i < events.size(); ++i)
      if (!obs_.observe(events[i])) return static_cast<int>(i);
    return -1;
  }

  // A probe that registers a net device: Lifecycle Bound, NetDevice Closed.
  void probeAndRegister() {
    ASSERT_EQ(feed({up("probe", 0, {{"dev", 1}}), down("register_netdev"), downRet("register_netdev", 0),
                    upRet("probe", 0, 0, {{"dev", 1}})}),
              -1)
        << violations();
  }

  std::string violations() const {
    std::string out;
    for (const auto& v : obs_.violations()) out += v.format();
    return out;
  }

  SpecSet specs_;
  Observer obs_;
};

TEST_F(Protocols, FullNetDeviceLifeIsAccepted) {
  probeAndRegister();
  EXPECT_EQ(feed({up("ndo_open"), down("netif_carrier_off"), down("netif_start_queue"), upRet("ndo_open", 0),
                  down("netif_carrier_on"), down("netif_wake_queue"), up("ndo_tx_timeout"), up("ndo_stop"),
                  upRet("ndo_stop", 0), up("ndo_open"), upRet("ndo_open", 0), up("remove", 0, {{"dev", 1}}),
                  down("unregister_netdev"), up("ndo_stop"), upRet("ndo_stop", 0), downRet("unregister_netdev", 0),
                  upRet("remove", 0)}),
            -1)
      << violations();
  EXPECT_EQ(obs_.stateOf("NetDevice"), "Unregistered");
  EXPECT_EQ(obs_.stateOf("Lifecycle"), "Unbound");
  EXPECT_TRUE(obs_.violations().empty());
}

TEST_F(Protocols, TraceRecordsTheSteps) {
  probeAndRegister();
  ASSERT_TRUE(obs_.observe(up("ndo_open")));
  const TraceEntry& last = obs_.trace().back();
  EXPECT_TRUE(last.accepted);
  EXPECT_EQ(last.event.describe(), "?ndo_open");
  // NetDevice and PowerManagement both observe ndo_open
  EXPECT_EQ(last.describeSteps(), (std::vector<std::string>{"NetDevice: Closed -> Opening", "PowerManagement: Active"}));
  EXPECT_EQ(obs_.trace().size(), 5u);
}

TEST_F(Protocols, StopBeforeOpenIsAViolation) {
  probeAndRegister();
  EXPECT_FALSE(obs_.observe(up("ndo_stop")));
  ASSERT_EQ(obs_.violations().size(), 1u);
  const Violation& v = obs_.violations()[0];
  EXPECT_EQ(v.protocol, "NetDevice");
  EXPECT_EQ(v.state, "Closed");
  EXPECT_EQ(v.offending, "?ndo_stop");
  EXPECT_EQ(v.reason, "not accepted in state Closed");
  // the report carries every protocol's state and the events that led here
  EXPECT_NE(v.format().find("Lifecycle: Bound"), std::string::npos) << v.format();
  EXPECT_NE(v.format().find("PciDevice: Disabled"), std::string::npos) << v.format();
  ASSERT_EQ(v.recentEvents.size(), 5u);
  EXPECT_EQ(v.recentEvents.front(), "?probe(dev=1)");
  EXPECT_EQ(v.recentEvents.back(), "?ndo_stop");
}

TEST_F(Protocols, TwoOpensAreAViolation) {
  obs_.forceState("NetDevice", "Open");
  EXPECT_FALSE(obs_.observe(up("ndo_open")));
  ASSERT_EQ(obs_.violations().size(), 1u);
  EXPECT_EQ(obs_.violations()[0].state, "Open");
}

TEST_F(Protocols, FailedOpenReturnsToClosed) {
  obs_.forceState("NetDevice", "Closed");
  EXPECT_EQ(feed({up("ndo_open"), upRet("ndo_open", -12)}), -1) << violations();
  EXPECT_EQ(obs_.stateOf("NetDevice"), "Closed");
  EXPECT_FALSE(obs_.observe(down("netif_wake_queue"))) << "queue woken on a closed device";
}

TEST_F(Protocols, WakeQueueAfterUnregisterIsAViolation) {
  obs_.forceState("NetDevice", "Open");
  obs_.forceState("Lifecycle", "Bound");
  ASSERT_EQ(feed({down("unregister_netdev"), up("ndo_stop"), upRet("ndo_stop", 0), downRet("unregister_netdev", 0)}),
            -1)
      << violations();
  EXPECT_FALSE(obs_.observe(down("netif_wake_queue")));
  EXPECT_EQ(obs_.violations().back().state, "Unregistered");
  EXPECT_EQ(obs_.violations().back().offending, "!netif_wake_queue");
}

TEST_F(Protocols, TxTimeoutOnlyWhileOpen) {
  obs_.forceState("NetDevice", "Closed");
  EXPECT_FALSE(obs_.observe(up("ndo_tx_timeout")));
  obs_.forceState("NetDevice", "Open");
  EXPECT_TRUE(obs_.observe(up("ndo_tx_timeout")));
}

TEST_F(Protocols, ProbeThatNeverCompletesTimesOut) {
  ASSERT_TRUE(obs_.observe(up("probe", 1000, {{"dev", 1}})));
  obs_.advanceTo(30999ull * 1000000);
  EXPECT_TRUE(obs_.violations().empty()) << "29.999 s is within the limit";
  obs_.advanceTo(31000ull * 1000000);
  ASSERT_EQ(obs_.violations().size(), 1u);
  EXPECT_EQ(obs_.violations()[0].protocol, "Lifecycle");
  EXPECT_EQ(obs_.violations()[0].offending, "timeout");
  EXPECT_EQ(obs_.violations()[0].reason, "stayed in Probing for 30000 ms; the limit is 30000 ms");
  obs_.advanceTo(60000ull * 1000000);
  EXPECT_EQ(obs_.violations().size(), 1u) << "a timeout is reported once";
}

TEST_F(Protocols, TimeoutIsCheckedWhenTheNextEventArrives) {
  obs_.forceState("Lifecycle", "Bound");
  obs_.forceState("NetDevice", "Closed");
  ASSERT_TRUE(obs_.observe(up("ndo_open", 0)));
  // the return arrives 11 s later: the timeout fires first, then it is accepted
  EXPECT_TRUE(obs_.observe(upRet("ndo_open", 0, 11000)));
  ASSERT_EQ(obs_.violations().size(), 1u);
  EXPECT_EQ(obs_.violations()[0].state, "Opening");
  EXPECT_EQ(obs_.stateOf("NetDevice"), "Open");
}

TEST_F(Protocols, PciOrder) {
  obs_.forceState("Lifecycle", "Probing");
  EXPECT_EQ(feed({down("pci_enable_device_mem"), downRet("pci_enable_device_mem", 0),
                  down("pci_request_selected_regions"), downRet("pci_request_selected_regions", 0),
                  down("pci_set_master"), down("pci_ioremap_bar"), downRet("pci_ioremap_bar", 0x1000),
                  down("iounmap"), down("pci_release_selected_regions"), down("pci_disable_device")}),
            -1)
      << violations();
  EXPECT_EQ(obs_.stateOf("PciDevice"), "Disabled");
}

TEST_F(Protocols, PciMapWithoutRegionsAndDisableWhileMappedAreViolations) {
  obs_.forceState("Lifecycle", "Probing");
  ASSERT_EQ(feed({down("pci_enable_device"), downRet("pci_enable_device", 0)}), -1);
  EXPECT_FALSE(obs_.observe(down("pci_ioremap_bar"))) << "map before requesting the regions";
  ASSERT_EQ(feed({down("pci_request_regions"), downRet("pci_request_regions", 0), down("pci_ioremap_bar"),
                  downRet("pci_ioremap_bar", 0x2000)}),
            -1)
      << violations();
  EXPECT_FALSE(obs_.observe(down("pci_disable_device"))) << "disable with a BAR mapped and regions held";
}

TEST_F(Protocols, PciEnableOutsideProbeIsAViolation) {
  EXPECT_FALSE(obs_.observe(down("pci_enable_device")));
  EXPECT_EQ(obs_.violations()[0].protocol, "PciDevice");
}

TEST_F(Protocols, EthtoolSetDuringOpenIsAViolation) {
  obs_.forceState("NetDevice", "Opening");
  EXPECT_FALSE(obs_.observe(up("ethtool_set")));
  obs_.forceState("Ethtool", "Idle");
  EXPECT_TRUE(obs_.observe(up("ethtool_get")));
  EXPECT_FALSE(obs_.observe(up("ethtool_get"))) << "one operation at a time";
}

TEST_F(Protocols, NoOpenDuringSuspend) {
  obs_.forceState("Lifecycle", "Bound");
  obs_.forceState("NetDevice", "Closed");
  ASSERT_TRUE(obs_.observe(up("suspend", 0, {{"dev", 1}})));
  EXPECT_FALSE(obs_.observe(up("ndo_open")));
  EXPECT_EQ(obs_.violations().back().protocol, "PowerManagement");
  EXPECT_EQ(obs_.violations().back().state, "Suspending");
}

TEST_F(Protocols, UsbPipeSpawnsPerPipeAndCountsCompletions) {
  obs_.forceState("UsbInterface", "Active");
  EXPECT_EQ(feed({down("usb_submit_urb", 0, {{"pipe", 3}}), downRet("usb_submit_urb", 0, 0, {{"pipe", 3}}),
                  down("usb_submit_urb", 0, {{"pipe", 5}}), up("urb_complete", 0, {{"pipe", 3}})}),
            -1)
      << violations();
  EXPECT_EQ(obs_.stateOf("UsbPipe", 3), "Open");
  EXPECT_EQ(obs_.stateOf("UsbPipe", 5), "Open");
  EXPECT_EQ(obs_.stateOf("UsbPipe", 4), "");
  EXPECT_FALSE(obs_.observe(up("urb_complete", 0, {{"pipe", 3}}))) << "completed twice";
  EXPECT_FALSE(obs_.observe(up("urb_complete", 0, {{"pipe", 9}}))) << "no such pipe";
  EXPECT_EQ(obs_.violations().back().reason,
            "no UsbPipe instance for pipe=9 and this message does not spawn one");
}

TEST_F(Protocols, UsbPipeUsedAfterSuspendIsAViolation) {
  obs_.forceState("UsbInterface", "Active");
  ASSERT_TRUE(obs_.observe(down("usb_control_msg", 0, {{"pipe", 0}})));
  ASSERT_EQ(feed({up("usb_suspend", 0, {{"intf", 1}}), upRet("usb_suspend", 0, 0, {{"intf", 1}})}), -1)
      << violations();
  EXPECT_FALSE(obs_.observe(down("usb_control_msg", 0, {{"pipe", 0}})));
  EXPECT_EQ(obs_.violations().back().protocol, "UsbPipe");
  EXPECT_EQ(obs_.violations().back().key, 0);
  EXPECT_NE(obs_.violations().back().format().find("UsbInterface: Suspended"), std::string::npos);
}

TEST_F(Protocols, MdioOneAccessAtATime) {
  EXPECT_EQ(feed({down("mdiobus_register"), up("mdio_read", 0, {{"phy", 16}, {"reg", 1}}),
                  upRet("mdio_read", 0x7849, 0, {{"phy", 16}, {"reg", 1}}), downRet("mdiobus_register", 0)}),
            -1)
      << violations();
  ASSERT_TRUE(obs_.observe(up("mdio_read", 0, {{"phy", 16}, {"reg", 2}})));
  EXPECT_FALSE(obs_.observe(up("mdio_write", 0, {{"phy", 16}, {"reg", 0}}))) << "nested access";
  EXPECT_FALSE(obs_.observe(down("mdiobus_unregister"))) << "unregister during an access";
}

TEST_F(Protocols, PhylinkLifeIsAccepted) {
  EXPECT_EQ(feed({down("phylink_create"), downRet("phylink_create", 0x7f0012340000),
                  down("phylink_connect_phy"), downRet("phylink_connect_phy", 0), down("phylink_start"),
                  up("mac_config"), upRet("mac_config", 0), up("mac_link_up"), upRet("mac_link_up", 0),
                  down("phylink_stop"), up("mac_link_down"), upRet("mac_link_down", 0),
                  downRet("phylink_stop", 0), down("phylink_disconnect_phy"), down("phylink_destroy")}),
            -1)
      << violations();
  EXPECT_EQ(obs_.stateOf("Phylink"), "Absent");
}

TEST_F(Protocols, PhylinkCreateErrorLeavesNoInstance) {
  EXPECT_EQ(feed({down("phylink_create"), downRet("phylink_create", -12)}), -1) << violations();
  EXPECT_EQ(obs_.stateOf("Phylink"), "Absent");
  EXPECT_FALSE(obs_.observe(down("phylink_start"))) << "start without an instance";
}

TEST_F(Protocols, PhylinkLinkCallbacksOnlyWhileStarted) {
  ASSERT_EQ(feed({down("phylink_create"), downRet("phylink_create", 0x1000), down("phylink_connect_phy"),
                  downRet("phylink_connect_phy", 0)}),
            -1)
      << violations();
  EXPECT_FALSE(obs_.observe(up("mac_link_up"))) << "link up before phylink_start";
  EXPECT_EQ(obs_.violations().back().protocol, "Phylink");
  EXPECT_NE(obs_.violations().back().format().find("Stopped"), std::string::npos);
}

TEST_F(Protocols, PhylinkStartWithoutPhyAndDestroyWithPhyAreViolations) {
  ASSERT_EQ(feed({down("phylink_create"), downRet("phylink_create", 0x1000)}), -1) << violations();
  EXPECT_FALSE(obs_.observe(down("phylink_start"))) << "no PHY connected";
  ASSERT_EQ(feed({down("phylink_connect_phy"), downRet("phylink_connect_phy", 0)}), -1) << violations();
  EXPECT_FALSE(obs_.observe(down("phylink_destroy"))) << "PHY still connected";
}

}  // namespace
}  // namespace observers
