// split.json (machine-readable, format "split-driver-split") and split.txt
// (for a driver engineer): what went where and why, the crossings with the
// state the analysis says they carry, and lines of code per side.
#include "splitter/Writer.h"

#include "Template.h"

#include <llvm/Support/FormatVariadic.h>
#include <llvm/Support/JSON.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/raw_ostream.h>

namespace splitdriver::splitter {
namespace {

using llvm::json::Array;
using llvm::json::Object;

constexpr int kSplitFormatVersion = 1;

std::string base(const std::string &file) { return llvm::sys::path::filename(file).str(); }

unsigned linesOf(const analyzer::Model &model, const std::string &function) {
  auto found = model.functions.find(function);
  return found == model.functions.end() ? 0 : found->second.lines();
}

Array strings(const std::vector<std::string> &items) {
  Array out;
  for (const std::string &item : items)
    out.push_back(item);
  return out;
}

std::string kinds(const std::vector<CrossingArg> &args, const CrossingArg &result) {
  std::vector<std::string> names;
  for (const CrossingArg &a : args)
    names.push_back(a.kind == ArgKind::Object ? "object " + a.tag : argKindName(a.kind));
  std::string ret = result.kind == ArgKind::Scalar && result.size == 0 ? "void"
                    : result.kind == ArgKind::Object ? "object " + result.tag
                                                      : argKindName(result.kind);
  return "(" + join(names, ", ") + ") -> " + ret;
}

Array callsJson(const std::vector<PlannedCall> &calls, bool codec) {
  Array out;
  for (const PlannedCall &c : calls) {
    Object call{{"id", c.id},
                {"function", c.function},
                {"file", base(c.file)},
                {"arguments", c.parameters.size()},
                {"marshalable", c.marshalable()},
                {codec ? "unmarshalable" : "needs_codec", strings(c.missing)}};
    if (codec) {
      call["kinds"] = kinds(c.args, c.result);
      call["opaque"] = strings(c.opaque);
    }
    if (c.deferred)
      call["deferred"] = Object{{"owner", c.deferOwner}, {"annotation", c.deferWhere}};
    out.push_back(std::move(call));
  }
  return out;
}

std::string callsText(const char *title, const std::vector<PlannedCall> &calls, bool codec) {
  std::string out = std::string(title) + " (" + std::to_string(calls.size()) + "):\n";
  for (const PlannedCall &c : calls) {
    out += "  " + std::to_string(c.id) + " " + c.function;
    if (!c.marshalable())
      out += codec ? ": UNMARSHALABLE (" + join(c.missing, "; ") + ")\n"
                   : ": FAILS AT RUN TIME, needs a codec for " + join(c.missing, ", ") + "\n";
    else if (codec)
      out += ": marshaled " + kinds(c.args, c.result) +
             (c.opaque.empty() ? "" : "; opaque: " + join(c.opaque, "; ")) +
             (c.deferred ? "; deferred (" + base(c.deferWhere) + "): queued on a work item, " +
                               "its caller goes on; holds net_device " + c.deferOwner
                         : "") +
             "\n";
    else
      out += ": scalars, crosses\n";
  }
  return out;
}

std::string kernelCallsText(const Plan &plan) {
  std::string out = "kernel API downcalls, user half -> kernel half (" +
                    std::to_string(plan.kernelCalls.size()) + "):\n";
  for (const PlannedKernelCall &k : plan.kernelCalls) {
    out += "  0x10000+" + std::to_string(k.kenvId) + " " + k.prototype.name;
    if (!k.missing.empty()) {
      out += ": UNMARSHALABLE (" + join(k.missing, "; ") + ")\n";
      continue;
    }
    out += ": " + kinds(k.args, k.result);
    if (k.effect != KernelCallEffect::None)
      out += "; " + std::string(kernelCallEffectName(k.effect));
    if (k.mayUpcall)
      out += "; may upcall: " + k.mayUpcallWhy;
    if (!k.inlineWhy.empty())
      out += "; " + k.inlineWhy;
    if (!k.opaque.empty())
      out += "; opaque: " + join(k.opaque, "; ");
    if (k.ledger)
      out += std::string("; ledger: ") + (k.ledger->acquire ? "acquires " : "releases ") +
             k.ledger->kind;
    out += "\n";
  }
  return out;
}

Array kernelCallsJson(const Plan &plan) {
  Array out;
  for (const PlannedKernelCall &k : plan.kernelCalls)
    out.push_back(Object{{"id", kKernelApiBase + k.kenvId},
                         {"function", k.prototype.name},
                         {"kinds", kinds(k.args, k.result)},
                         {"effect", kernelCallEffectName(k.effect)},
                         {"ledger", k.ledger ? (k.ledger->acquire ? "acquire " : "release ") +
                                                   k.ledger->kind
                                             : ""},
                         {"may_upcall", k.mayUpcall},
                         {"unmarshalable", strings(k.missing)},
                         {"opaque", strings(k.opaque)}});
  return out;
}

std::string tablesText(const Plan &plan) {
  std::vector<std::string> kernelFunctions, globals;
  for (const TableFunction &f : plan.functionTable)
    if (!f.driver)
      kernelFunctions.push_back(f.name);
  for (const TableGlobal &g : plan.globalTable)
    globals.push_back(g.name);
  return "function table: " + std::to_string(plan.functionTable.size()) + " entries (kernel " +
         "functions whose address the driver takes: " +
         (kernelFunctions.empty() ? "none" : join(kernelFunctions, ", ")) + ")\n" +
         "globals table (kept in both halves): " + (globals.empty() ? "none" : join(globals, ", ")) +
         "\n";
}

}  // namespace

void writeReport(const Plan &plan, const analyzer::Model &model, const SourceFacts &facts,
                 OutputFiles &out) {
  (void)facts;
  Array functions, variables, stateCrossings;
  unsigned lines[2] = {0, 0}, count[2] = {0, 0};
  std::string functionText, variableText;
  for (const auto &[name, f] : plan.functions) {
    int side = f.home == Half::Kernel ? 0 : 1;
    lines[side] += linesOf(model, name);
    ++count[side];
    functions.push_back(Object{{"name", name},
                               {"file", base(f.file)},
                               {"line", f.line},
                               {"home", halfName(f.home)},
                               {"kernel", placementName(f.kernel)},
                               {"user", placementName(f.user)},
                               {"why", f.why}});
    functionText += "  " + name + " (" + base(f.file) + ":" + std::to_string(f.line) +
                    "): " + halfName(f.home) + "; kernel half " + placementName(f.kernel) +
                    ", user half " + placementName(f.user) + "; " + f.why + "\n";
  }
  for (const auto &[key, v] : plan.variables) {
    variables.push_back(Object{{"name", v.name},
                               {"file", base(v.file)},
                               {"line", v.line},
                               {"kernel", v.kernel},
                               {"user", v.user},
                               {"why", v.why}});
    variableText += "  " + v.name + " (" + base(v.file) + ":" + std::to_string(v.line) +
                    "): " + v.why + "\n";
  }
  for (const analyzer::ModelCrossing &c : model.crossings) {
    Array in, outFields;
    for (const std::string &field : c.state.in)
      in.push_back(field);
    for (const std::string &field : c.state.out)
      outFields.push_back(field);
    stateCrossings.push_back(Object{{"caller", c.caller},
                                    {"callee", c.callee},
                                    {"direction", c.direction},
                                    {"via", c.via},
                                    {"in", std::move(in)},
                                    {"out", std::move(outFields)}});
  }
  Object document{{"format", "split-driver-split"},
                  {"version", kSplitFormatVersion},
                  {"driver", plan.driver},
                  {"summary", Object{{"kernel_functions", count[0]},
                                     {"user_functions", count[1]},
                                     {"kernel_lines", lines[0]},
                                     {"user_lines", lines[1]},
                                     {"upcalls", plan.upcalls.size()},
                                     {"downcalls", plan.downcalls.size()},
                                     {"kernel_api_downcalls", plan.kernelCalls.size()},
                                     {"functions_table", plan.functionTable.size()},
                                     {"globals_table", plan.globalTable.size()},
                                     {"marshaled", bool(plan.codec)}}},
                  {"module_init", plan.moduleInit.function},
                  {"module_exit", plan.moduleExit.function},
                  {"functions", std::move(functions)},
                  {"variables", std::move(variables)},
                  {"upcalls", callsJson(plan.upcalls, bool(plan.codec))},
                  {"downcalls", callsJson(plan.downcalls, bool(plan.codec))},
                  {"kernel_api_downcalls", kernelCallsJson(plan)},
                  {"analysis_crossings", std::move(stateCrossings)}};
  std::string json;
  llvm::raw_string_ostream stream(json);
  stream << llvm::formatv("{0:2}", llvm::json::Value(std::move(document))) << "\n";
  out["split.json"] = stream.str();

  out["split.txt"] =
      "split of " + plan.driver + "\n" + "kernel half: " + std::to_string(count[0]) +
      " functions, " + std::to_string(lines[0]) + " lines\n" +
      "user half: " + std::to_string(count[1]) + " functions, " + std::to_string(lines[1]) +
      " lines\n" + "module entry points (kernel half, through udrv): init " +
      (plan.moduleInit.function.empty() ? "-" : plan.moduleInit.function) + ", exit " +
      (plan.moduleExit.function.empty() ? "-" : plan.moduleExit.function) +
      " (init runs at the first attach of a user half)\n" + tablesText(plan) + "\n" +
      callsText("upcalls, kernel half -> user half", plan.upcalls, bool(plan.codec)) + "\n" +
      callsText("downcalls, user half -> kernel half", plan.downcalls, bool(plan.codec)) + "\n" +
      (plan.codec ? kernelCallsText(plan) + "\n" : "") + "functions:\n" +
      functionText + "\nfile-scope variables:\n" + variableText;
}

}  // namespace splitdriver::splitter
