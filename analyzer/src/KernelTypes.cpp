// Kernel type facts (`*.types` beside the kernel API rules): sidecar lines
// about the kernel's own structs that every driver would otherwise repeat
// (net_device.dev_addr's length, the address lists' chain, struct device
// living inside its bus device). A line about a struct or field the
// driver's units do not have (another kernel's layout, a test's stand-in)
// is left out; the driver's own sidecar overrides a line of its own. That
// every shipped line applies to a real driver is a test (drivers_test).
#include "analyzer/Sidecar.h"

#include "analyzer/LineFormat.h"

#include <algorithm>
#include <set>

namespace splitdriver::analyzer {
namespace {

// What is a fact about a kernel type, not a choice of one driver's split.
const std::set<std::string> kKernelFieldKinds = {"nullterm", "length", "opaque", "points_to",
                                                 "ignore",   "dma",    "iomem",  "chain",
                                                 "flags"};

}  // namespace

bool loadKernelTypes(const std::string &directory, Annotations &out, DiagnosticSink &sink) {
  bool ok = true;
  for (const std::string &path : filesEndingIn(directory, ".types")) {
    Annotations parsed;
    if (!loadSidecar(path, parsed, sink)) {
      ok = false;
      continue;
    }
    auto refuse = [&](const std::string &what, const AnnotationPos &pos) {
      sink.error(what + " is a choice of one driver's split, not a kernel type fact: it belongs "
                        "in the driver's sidecar",
                 pos.file, pos.line, pos.column);
      ok = false;
    };
    for (const PinAnnotation &pin : parsed.pins)
      refuse("pin", pin.pos);
    for (const DeferAnnotation &defer : parsed.defers)
      refuse("defer", defer.pos);
    for (const ContainerOfAnnotation &container : parsed.containerOfs)
      refuse("container_of", container.pos);
    for (const FieldAnnotation &field : parsed.fields)
      if (!kKernelFieldKinds.count(field.kind))
        refuse(field.kind, field.pos);
    for (const TypeAnnotation &type : parsed.types)
      if (type.kind != "interior")
        refuse(type.kind, type.pos);
    out.files.push_back(path);
    out.fields.insert(out.fields.end(), parsed.fields.begin(), parsed.fields.end());
    out.types.insert(out.types.end(), parsed.types.begin(), parsed.types.end());
  }
  return ok;
}

void mergeKernelTypes(const Annotations &kernel, const Facts &facts, Annotations &driver) {
  auto seen = [&](const std::string &record, const std::string &member) {
    auto found = facts.records.find(record);
    return found != facts.records.end() && (member.empty() || found->second.count(member));
  };
  for (const FieldAnnotation &field : kernel.fields) {
    std::string entry, link;
    if (field.kind == "chain")
      splitDotted(field.expression, entry, link);
    if (!seen(field.structName, field.field) || (!entry.empty() && !seen(entry, link)) ||
        driver.findField(field.structName, field.field))
      continue;
    driver.fields.push_back(field);
  }
  for (const TypeAnnotation &type : kernel.types)
    if (seen(type.structName, "") && !driver.findType(type.kind, type.structName))
      driver.types.push_back(type);
  for (const std::string &file : kernel.files)
    driver.files.push_back(file);
}

}  // namespace splitdriver::analyzer
