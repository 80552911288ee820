#include "Stubs.h"

#include "Template.h"
#include "Templates.h"

#include <algorithm>
#include <cctype>

namespace splitdriver::splitter {
namespace {

TemplateValues base(const std::string &driver, const PlannedCall &call) {
  return {{"driver", driver},
          {"DRIVER", upper(driver)},
          {"function", call.function},
          {"missing", join(call.missing, ", ")},
          {"count", std::to_string(call.parameters.size())}};
}

std::string failed(const std::string &driver, const PlannedCall &call) {
  return driver + "_split_failed(\"" + call.function + "\", sd_err)";
}

// What a stub returns after a crossing (or after a failed one).
std::string resultCode(const std::string &driver, const PlannedCall &call) {
  const std::string cast = "(" + call.returnType + ")";
  switch (call.returnClass) {
  case ValueClass::Void:
    return "\tif (sd_err)\n\t\t" + failed(driver, call) + ";\n";
  case ValueClass::Signed:
    return "\tif (sd_err)\n\t\treturn " + failed(driver, call) + ";\n\treturn " + cast +
           "sd_result;\n";
  default:
    return "\tif (sd_err)\n\t\treturn (" + failed(driver, call) + ", " + cast + "0);\n\treturn " +
           cast + "sd_result;\n";
  }
}

// What a stub returns when it cannot cross at all.
std::string failureCode(const PlannedCall &call) {
  const std::string cast = "(" + call.returnType + ")";
  switch (call.returnClass) {
  case ValueClass::Void: return "";
  case ValueClass::Signed: return "\treturn -EOPNOTSUPP;\n";
  case ValueClass::Unsigned: return "\treturn " + cast + "0;\n";
  case ValueClass::Pointer: return "\treturn NULL;\n";
  case ValueClass::Aggregate: break;
  }
  return "\treturn " + cast + "{ 0 };\n";
}

}  // namespace

std::string stubBody(const std::string &driver, const PlannedCall &call, bool upcall) {
  TemplateValues values = base(driver, call);
  if (!call.marshalable()) {
    values["failure"] = failureCode(call);
    return renderTemplate(templates::kUnmarshalableStubBody, values);
  }
  std::vector<std::string> arguments;
  for (const Parameter &p : call.parameters)
    arguments.push_back("(unsigned long long)" + p.name);
  values["slots"] = std::to_string(std::max<size_t>(1, arguments.size()));
  values["arguments"] = arguments.empty() ? "0" : join(arguments, ", ");
  values["call"] = upcall ? "upcall" : "downcall";
  values["direction"] = upcall ? "UPCALL" : "DOWNCALL";
  values["result"] = resultCode(driver, call);
  return renderTemplate(templates::kStubBody, values);
}

std::string serveFunction(const std::string &driver, const PlannedCall &call) {
  TemplateValues values = base(driver, call);
  if (!call.marshalable())
    return renderTemplate(templates::kUnmarshalableServe, values);
  std::vector<std::string> arguments;
  for (size_t i = 0; i < call.parameters.size(); ++i)
    arguments.push_back("args[" + std::to_string(i) + "]");
  std::string invocation = call.function + "(" + join(arguments, ", ") + ")";
  values["invoke"] = call.returnClass == ValueClass::Void
                         ? "\t" + invocation + ";\n"
                         : "\t*result = (unsigned long long)" + invocation + ";\n";
  return renderTemplate(templates::kServe, values);
}

std::string splitHeader(const std::string &driver, const Plan &plan) {
  std::string upcallIds, downcallIds, prototypes;
  size_t maxArgs = 1;
  auto ids = [&](const std::vector<PlannedCall> &calls, const char *direction,
                 std::string &out) {
    for (const PlannedCall &call : calls) {
      out += renderTemplate(templates::kIdDefine, {{"DRIVER", upper(driver)},
                                                  {"direction", direction},
                                                  {"function", call.function},
                                                  {"id", std::to_string(call.id)}});
      prototypes += renderTemplate(templates::kServePrototype,
                                   {{"driver", driver}, {"function", call.function}});
      maxArgs = std::max(maxArgs, call.parameters.size());
    }
  };
  ids(plan.upcalls, "UPCALL", upcallIds);
  ids(plan.downcalls, "DOWNCALL", downcallIds);
  return renderTemplate(templates::kSplitHeader, {{"driver", driver},
                                                 {"DRIVER", upper(driver)},
                                                 {"upcall_ids", upcallIds},
                                                 {"downcall_ids", downcallIds},
                                                 {"max_args", std::to_string(maxArgs)},
                                                 {"serve_prototypes", prototypes}});
}

}  // namespace splitdriver::splitter
