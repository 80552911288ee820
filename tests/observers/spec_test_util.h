// Helpers shared by the observer tests.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "observers/checker.h"
#include "observers/observer.h"
#include "observers/parser.h"

namespace observers::testing {

// Parses and checks `text`; fails the test with the diagnostics on error.
inline SpecSet parseChecked(const std::string& text) {
  SpecSet specs;
  DiagnosticSink sink;
  bool ok = parseSpec("test.spec", text, specs, sink) && checkSpecs(specs, sink);
  EXPECT_TRUE(ok) << sink.formatAll();
  return specs;
}

// The project's specs under annotations/protocols (path from the build).
inline SpecSet loadProjectSpecs() {
  SpecSet specs;
  DiagnosticSink sink;
  for (const char* name : {"lifecycle", "pci", "netdevice", "ethtool", "pm", "usb", "mdio", "phylink"})
    parseSpecFile(std::string(PROTOCOLS_DIR) + "/" + name + ".spec", specs, sink);
  checkSpecs(specs, sink);
  EXPECT_FALSE(sink.hasErrors()) << sink.formatAll();
  return specs;
}

inline Event call(Direction d, const std::string& name, uint64_t timeMs = 0,
                  std::map<std::string, int64_t> args = {}) {
  return Event{{d, name, false}, std::move(args), 0, timeMs * 1000000};
}

inline Event ret(Direction callDirection, const std::string& name, int64_t value, uint64_t timeMs = 0,
                 std::map<std::string, int64_t> args = {}) {
  return Event{{opposite(callDirection), name, true}, std::move(args), value, timeMs * 1000000};
}

// "?ndo_open" = an upcall into the driver; "!register_netdev" a downcall.
inline Event up(const std::string& name, uint64_t timeMs = 0, std::map<std::string, int64_t> args = {}) {
  return call(Direction::ToDriver, name, timeMs, std::move(args));
}
inline Event upRet(const std::string& name, int64_t value, uint64_t timeMs = 0,
                   std::map<std::string, int64_t> args = {}) {
  return ret(Direction::ToDriver, name, value, timeMs, std::move(args));
}
inline Event down(const std::string& name, uint64_t timeMs = 0, std::map<std::string, int64_t> args = {}) {
  return call(Direction::FromDriver, name, timeMs, std::move(args));
}
inline Event downRet(const std::string& name, int64_t value, uint64_t timeMs = 0,
                     std::map<std::string, int64_t> args = {}) {
  return ret(Direction::FromDriver, name, value, timeMs, std::move(args));
}

}  // namespace observers::testing
