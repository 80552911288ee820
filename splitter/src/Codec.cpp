#include "Codec.h"

#include "CodecKernelTemplates.h"
#include "CodecTemplates.h"
#include "CodecUserTemplates.h"
#include "Ledger.h"
#include "LedgerTemplates.h"
#include "Template.h"
#include "Templates.h"

#include <llvm/Support/Path.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

namespace splitdriver::splitter {
namespace {

bool isPointer(const CrossingArg &a) {
  return a.kind != ArgKind::Scalar && a.kind != ArgKind::Unmarshalable;
}

// The C argument widened into its 64-bit slot.
std::string widen(const CrossingArg &a, const std::string &value) {
  if (isPointer(a))
    return "(uint64_t)(uintptr_t)" + value;
  return a.isSigned ? "(uint64_t)(int64_t)" + value : "(uint64_t)" + value;
}

// The 64-bit slot as the C parameter type.
std::string narrow(const CrossingArg &a, const std::string &type, const std::string &slot) {
  return isPointer(a) ? "(" + type + ")(uintptr_t)" + slot : "(" + type + ")" + slot;
}

const char *sdmArgKind(ArgKind kind) {
  switch (kind) {
  case ArgKind::Scalar: return "SDM_ARG_SCALAR";
  case ArgKind::Object: return "SDM_ARG_OBJECT";
  case ArgKind::String: return "SDM_ARG_STRING";
  case ArgKind::Region: return "SDM_ARG_REGION";
  case ArgKind::Function: return "SDM_ARG_FUNCTION";
  case ArgKind::Global: return "SDM_ARG_GLOBAL";
  case ArgKind::OutScalar: return "SDM_ARG_OUT_SCALAR";
  case ArgKind::BufferIn: return "SDM_ARG_BUFFER_IN";
  case ArgKind::BufferOut: return "SDM_ARG_BUFFER_OUT";
  case ArgKind::BufferInOut: return "SDM_ARG_BUFFER_INOUT";
  case ArgKind::Opaque:
  case ArgKind::Unmarshalable: break;
  }
  return "SDM_ARG_OPAQUE";
}

std::string sdmArg(const std::string &driver, const CrossingArg &a) {
  std::string type = a.kind == ArgKind::Object ? "&" + driver + "_sdm_type_" + a.tag : "NULL";
  std::string lenSlot = isBuffer(a.kind) ? ", " + std::to_string(a.lenSlot) : "";
  return "{ " + std::string(sdmArgKind(a.kind)) + ", " + std::to_string(a.size) + ", " +
         (a.isSigned ? "1" : "0") + ", " + type + lenSlot + " }";
}

// The buffers' lengths for the argv slots after the arguments, each
// `$N` replaced by `argument(N)` (checked by the planner).
std::vector<std::string> bufferLengths(const std::vector<CrossingArg> &args,
                                       const std::function<std::string(size_t)> &argument) {
  std::vector<std::string> out;
  for (const CrossingArg &a : args)
    if (isBuffer(a.kind)) {
      std::string expanded, bad;
      expandLength(a.length, args.size(), argument, expanded, bad);
      out.push_back("(uint64_t)(" + expanded + ")");
    }
  return out;
}

std::vector<std::string> invocationArguments(const std::vector<Parameter> &parameters,
                                             const std::vector<CrossingArg> &args) {
  std::vector<std::string> out;
  for (size_t i = 0; i < parameters.size(); ++i)
    out.push_back(!args[i].kernelValue.empty()
                      ? args[i].kernelValue
                      : narrow(args[i], parameters[i].type, "argv[" + std::to_string(i) + "]"));
  return out;
}

// `*ret = ...call...;` for the called side's dispatcher.
std::string invoke(const std::string &call, const CrossingArg &result) {
  if (result.kind == ArgKind::Scalar && result.size == 0)
    return "\t" + call + ";\n\t*ret = 0;\n";
  return "\t*ret = " + widen(result, call) + ";\n";
}

std::string returnCast(const std::string &type, const CrossingArg &result) {
  return narrow(result, type, result.isSigned && !isPointer(result) ? "(int64_t)sd_ret" : "sd_ret");
}

std::string resultCode(const std::string &driver, const PlannedCall &call) {
  const std::string failed = driver + "_split_failed(\"" + call.function + "\", sd_err)";
  if (call.returnClass == ValueClass::Void)
    return "\tif (sd_err)\n\t\t" + failed + ";\n";
  std::string onError = call.returnClass == ValueClass::Signed
                            ? failed
                            : "(" + failed + ", (" + call.returnType + ")0)";
  return "\tif (sd_err)\n\t\treturn " + onError + ";\n\treturn " +
         returnCast(call.returnType, call.result) + ";\n";
}

std::string descriptor(const std::string &driver, const std::string &name,
                       const std::string &function, const std::string &id,
                       const std::vector<CrossingArg> &args, const CrossingArg &result) {
  std::string argText;
  for (const CrossingArg &a : args)
    argText += "\t" + sdmArg(driver, a) + ",\n";
  if (args.empty())
    argText = "\t{ SDM_ARG_SCALAR, 0, 0, NULL },\n";
  return renderTemplate(templates::kDescriptor, {{"driver", driver},
                                                 {"name", name},
                                                 {"function", function},
                                                 {"id", id},
                                                 {"nargs", std::to_string(args.size())},
                                                 {"ret", sdmArg(driver, result)},
                                                 {"args", argText}});
}

// Kernel API calls with a descriptor (crossing to the kernel half).
bool crossesToKernel(const PlannedKernelCall &k) {
  return k.missing.empty() && k.effect != KernelCallEffect::DmaAlloc &&
         k.effect != KernelCallEffect::DmaFree && k.effect != KernelCallEffect::Unmap;
}

bool mapsDeviceMemory(const PlannedKernelCall &k) {
  return k.effect == KernelCallEffect::MapResource || k.effect == KernelCallEffect::MapPhys;
}

CrossingArg kernelApiResult(const PlannedKernelCall &k) {
  if (!mapsDeviceMemory(k))
    return k.result;
  CrossingArg wire;
  wire.size = 8;
  return wire;
}

const FileFacts *firstDeclaring(const SourceFacts &facts, const std::string &function) {
  for (const FileFacts &file : facts.files)
    if (file.externals.count(function))
      return &file;
  return nullptr;
}

// A kernel API call's buffer lengths, computed from the argv kenv
// collected (each argument narrowed back to its C type); "" without buffers.
std::string kapiLengths(const std::string &driver, const PlannedKernelCall &k) {
  if (!crossesToKernel(k))
    return "";
  const std::vector<Parameter> &parameters = k.prototype.parameters;
  std::vector<std::string> lengths = bufferLengths(k.args, [&](size_t i) {
    return narrow(k.args[i], parameters[i].type, "argv[" + std::to_string(i) + "]");
  });
  if (lengths.empty())
    return "";
  std::string assignments;
  size_t next = 0;
  for (const CrossingArg &a : k.args)
    if (isBuffer(a.kind))
      assignments += "\targv[" + std::to_string(a.lenSlot) + "] = " + lengths[next++] + ";\n";
  return renderTemplate(templates::kKapiLengths, {{"driver", driver},
                                                  {"function", k.prototype.name},
                                                  {"assignments", assignments}});
}

// The message block both glues share (templates::kCodecMessage).
std::string codecMessage(const std::string &driver, const std::string &payload,
                         const std::string &side) {
  return renderTemplate(templates::kCodecMessage, {{"driver", driver},
                                                   {"DRIVER", upper(driver)},
                                                   {"payload", payload},
                                                   {"side", side}});
}

// The sdm_type a shared pointer variable's object has (NULL: plain data).
std::string sharedVariableType(const std::string &driver, const SharedVariable &v) {
  if (v.string)
    return "&sdm_string_type";
  return v.objectTag.empty() ? "NULL" : "&" + driver + "_sdm_type_" + v.objectTag;
}

}  // namespace

std::string kernelApiName(const PlannedKernelCall &call) { return "kapi_" + call.prototype.name; }

std::string callExpression(const std::string &expr, const PlannedKernelCall &k) {
  std::string out;
  for (size_t i = 0; i < expr.size(); ++i) {
    if (expr[i] != '$') {
      out += expr[i];
      continue;
    }
    if (expr.compare(i + 1, 3, "ret") == 0) {
      out += "(" + narrow(k.result, k.prototype.returnType, "*ret") + ")";
      i += 3;
      continue;
    }
    size_t end = i + 1;
    while (end < expr.size() && std::isdigit(static_cast<unsigned char>(expr[end])))
      ++end;
    size_t index = end > i + 1 ? std::stoul(expr.substr(i + 1, end - i - 1)) : k.args.size();
    if (index >= k.args.size())
      throw std::logic_error("rule expression '" + expr + "' names no argument of " +
                             k.prototype.name + " (the planner checks this)");
    const Parameter &p = k.prototype.parameters[index];
    out += "(" + narrow(k.args[index], p.type, "argv[" + std::to_string(index) + "]") + ")";
    i = end - 1;
  }
  return out;
}

std::string codecStubBody(const std::string &driver, const PlannedCall &call) {
  TemplateValues values{{"driver", driver}, {"function", call.function}, {"name", call.function}};
  if (!call.marshalable()) {
    values["missing"] = join(call.missing, ", ");
    values["failure"] = call.returnClass == ValueClass::Void      ? ""
                        : call.returnClass == ValueClass::Signed  ? "\treturn -EOPNOTSUPP;\n"
                        : call.returnClass == ValueClass::Pointer ? "\treturn NULL;\n"
                        : call.returnClass == ValueClass::Unsigned
                            ? "\treturn (" + call.returnType + ")0;\n"
                            : "\treturn (" + call.returnType + "){ 0 };\n";
    return renderTemplate(templates::kUnmarshalableStubBody, values);
  }
  std::vector<std::string> slots;
  for (size_t i = 0; i < call.parameters.size(); ++i)
    slots.push_back(widen(call.args[i], call.parameters[i].name));
  for (const std::string &length :
       bufferLengths(call.args, [&](size_t i) { return call.parameters[i].name; }))
    slots.push_back(length);
  values["slots"] = std::to_string(std::max<size_t>(1, slots.size()));
  values["arguments"] = slots.empty() ? "0" : join(slots, ", ");
  if (call.deferred) {
    values["owner"] = call.deferOwner;
    return renderTemplate(templates::kCodecDeferredStubBody, values);
  }
  values["result"] = resultCode(driver, call);
  return renderTemplate(templates::kCodecStubBody, values);
}

std::string codecServe(const std::string &driver, const PlannedCall &call) {
  TemplateValues values{{"driver", driver}, {"function", call.function}, {"name", call.function}};
  if (!call.marshalable()) {
    values["missing"] = join(call.missing, ", ");
    values["count"] = std::to_string(call.parameters.size());
    return renderTemplate(R"(
int {{driver}}_split_serve_{{function}}(uint64_t *argv, uint64_t *ret)
{
	(void){{function}};
	return {{driver}}_split_unmarshalable("{{function}}", "{{missing}}");
}
)",
                          values);
  }
  values["invoke"] =
      invoke(call.function + "(" + join(invocationArguments(call.parameters, call.args), ", ") +
                 ")",
             call.result);
  return renderTemplate(templates::kCodecServe, values);
}

std::string fillerName(const FileFacts &file) {
  std::string stem = llvm::sys::path::stem(file.path).str();
  for (char &c : stem)
    if (!std::isalnum(static_cast<unsigned char>(c)))
      c = '_';
  return stem;
}

std::string tableFiller(const std::string &driver, const Plan &plan, const FileFacts &file) {
  const std::string DRIVER = upper(driver);
  std::set<std::string> defined;
  for (const TopLevelDecl &decl : file.decls)
    if (decl.kind == DeclKind::Function || decl.kind == DeclKind::Variable)
      defined.insert(decl.name);
  std::string entries;
  for (const TableFunction &f : plan.functionTable)
    if (f.driver ? defined.count(f.name) > 0 : file.externals.count(f.name) > 0)
      entries += "\t" + driver + "_split_functions[" + DRIVER + "_FN_" + f.name +
                 "] = (const void *)" + f.name + ";\n";
  for (const TableGlobal &g : plan.globalTable)
    if (g.file == file.path)
      entries += "\t" + driver + "_split_globals[" + DRIVER + "_GLOBAL_" + g.name + "] = &" +
                 g.name + ";\n";
  for (const SharedVariable &v : plan.sharedVariables)
    if (v.file == file.path)
      entries += renderTemplate(templates::kSharedEntry, {{"driver", driver},
                                                          {"DRIVER", DRIVER},
                                                          {"name", v.name},
                                                          {"aggregate", v.aggregate ? "true" : "false"},
                                                          {"type", sharedVariableType(driver, v)}});
  return renderTemplate(templates::kFiller, {{"driver", driver},
                                             {"stem", fillerName(file)},
                                             {"entries", entries}});
}

std::string kernelApiHandlers(const std::string &driver, const Plan &plan,
                              const SourceFacts &facts, const FileFacts &file) {
  std::string out;
  for (const PlannedKernelCall &k : plan.kernelCalls) {
    if (!crossesToKernel(k) || firstDeclaring(facts, k.prototype.name) != &file)
      continue;
    const ExternalFunction &f = k.prototype;
    std::string call =
        f.name + "(" + join(invocationArguments(f.parameters, k.args), ", ") + ")";
    std::string body, extra;
    if (mapsDeviceMemory(k)) {
      extra = renderTemplate(templates::kLedgerDecls, {{"driver", driver}});
      body = mmioHandlerBody(driver, k, call);
    } else {
      body = invoke(call, k.result) + ledgerHook(driver, k);
      if (k.effect == KernelCallEffect::NetdevAlloc)
        body = "\t/* The reply carries the net_device with its private area. */\n" + body;
    }
    out += renderTemplate(templates::kKernelApiHandler, {{"driver", driver},
                                                         {"function", f.name},
                                                         {"extra_decls", extra},
                                                         {"invoke", body}});
  }
  return out;
}

std::string codecSplitHeader(const std::string &driver, const Plan &plan,
                             const SourceFacts &facts) {
  const std::string DRIVER = upper(driver);
  std::string upcallIds, downcallIds, kapiIds, tableIds, fnDecls, serves, fillers;
  auto id = [&](const std::string &kind, const std::string &name, const std::string &value) {
    return "#define " + DRIVER + "_" + kind + "_" + name + "\t" + value + "\n";
  };
  auto crossing = [&](const PlannedCall &call) {
    fnDecls += renderTemplate(templates::kFnDecl, {{"driver", driver}, {"name", call.function}});
    serves += renderTemplate(templates::kCodecServePrototype,
                             {{"driver", driver}, {"name", call.function}});
  };
  for (const PlannedCall &call : plan.upcalls) {
    upcallIds += id("UPCALL", call.function, std::to_string(call.id));
    crossing(call);
  }
  for (const PlannedCall &call : plan.downcalls) {
    downcallIds += id("DOWNCALL", call.function, std::to_string(call.id));
    crossing(call);
  }
  for (const PlannedKernelCall &k : plan.kernelCalls) {
    kapiIds += id("KAPI", k.prototype.name,
                  "(" + DRIVER + "_KAPI_BASE + " + std::to_string(k.kenvId) + ")");
    if (crossesToKernel(k))
      fnDecls += renderTemplate(templates::kFnDecl, {{"driver", driver}, {"name", kernelApiName(k)}});
  }
  for (size_t i = 0; i < plan.functionTable.size(); ++i)
    tableIds += id("FN", plan.functionTable[i].name, std::to_string(i));
  for (size_t i = 0; i < plan.globalTable.size(); ++i)
    tableIds += id("GLOBAL", plan.globalTable[i].name, std::to_string(i));
  std::set<std::string> pointees;  // the codec's types the shared pointers name
  for (size_t i = 0; i < plan.sharedVariables.size(); ++i) {
    tableIds += id("SHARED", plan.sharedVariables[i].name, std::to_string(i));
    if (!plan.sharedVariables[i].objectTag.empty())
      pointees.insert(plan.sharedVariables[i].objectTag);
  }
  for (const std::string &tag : pointees)
    tableIds += "extern const struct sdm_type " + driver + "_sdm_type_" + tag + ";\n";
  for (const FileFacts &file : facts.files)
    fillers += renderTemplate(templates::kFillerPrototype,
                              {{"driver", driver}, {"stem", fillerName(file)}});
  return renderTemplate(templates::kCodecSplitHeader,
                        {{"driver", driver},
                         {"DRIVER", DRIVER},
                         {"upcall_ids", upcallIds},
                         {"downcall_ids", downcallIds},
                         {"kapi_ids", kapiIds},
                         {"kenv_count", std::to_string(plan.kenvDowncalls.size())},
                         {"nfunctions", std::to_string(plan.functionTable.size())},
                         {"nglobals", std::to_string(plan.globalTable.size())},
                         {"nshared", std::to_string(plan.sharedVariables.size())},
                         {"table_ids", tableIds},
                         {"fillers", fillers},
                         {"fn_decls", fnDecls},
                         {"ledger_kinds", ledgerKinds(driver, plan)},
                         {"serve_prototypes", serves}});
}

std::string codecFnsFile(const std::string &driver, const Plan &plan, const SourceFacts &facts) {
  const std::string DRIVER = upper(driver);
  std::string fills, descriptors;
  for (const FileFacts &file : facts.files)
    fills += "\t" + driver + "_split_fill_" + fillerName(file) + "();\n";
  auto add = [&](const PlannedCall &call, const char *kind) {
    if (call.marshalable())
      descriptors += descriptor(driver, call.function, call.function,
                                DRIVER + "_" + kind + "_" + call.function, call.args, call.result);
    else
      descriptors += "\n/* " + call.function + ": not marshalable (" + join(call.missing, ", ") +
                     ") */\nconst struct sdm_fn " + driver + "_sdm_fn_" + call.function +
                     " = { .name = \"" + call.function + "\", .id = " + DRIVER + "_" + kind +
                     "_" + call.function + " };\n";
  };
  for (const PlannedCall &call : plan.upcalls)
    add(call, "UPCALL");
  for (const PlannedCall &call : plan.downcalls)
    add(call, "DOWNCALL");
  for (const PlannedKernelCall &k : plan.kernelCalls)
    if (crossesToKernel(k))
      descriptors += descriptor(driver, kernelApiName(k), k.prototype.name,
                                DRIVER + "_KAPI_" + k.prototype.name, k.args, kernelApiResult(k));
  return renderTemplate(templates::kFnsFile, {{"driver", driver},
                                              {"DRIVER", DRIVER},
                                              {"fill_calls", fills},
                                              {"descriptors", descriptors}});
}

// A guard rule's C with $N as the deferred call's argument slot N, typed.
std::string guardCode(const PlannedCall &call, const std::string &code) {
  std::string out;
  for (size_t i = 0; i < code.size(); ++i) {
    size_t end = i + 1;
    while (code[i] == '$' && end < code.size() && isdigit(static_cast<unsigned char>(code[end])))
      ++end;
    if (end == i + 1) {
      out += code[i];
      continue;
    }
    size_t slot = std::stoul(code.substr(i + 1, end - i - 1));
    const Parameter &p = call.parameters.at(slot);
    out += p.valueClass == ValueClass::Pointer
               ? "((" + p.type + ")(uintptr_t)argv[" + std::to_string(slot) + "])"
               : "((" + p.type + ")argv[" + std::to_string(slot) + "])";
    i = end - 1;
  }
  return out;
}

// The guards of the deferred upcalls entered under a lock, by descriptor.
std::string deferGuards(const std::string &driver, const Plan &plan) {
  std::string out;
  for (const PlannedCall &call : plan.upcalls)
    if (call.deferred && !call.guardTake.empty())
      out += renderTemplate(templates::kDeferGuard,
                            {{"driver", driver},
                             {"name", call.function},
                             {"take", guardCode(call, call.guardTake)},
                             {"release", guardCode(call, call.guardRelease)}});
  return out.empty() ? "\t(void)fn;\n\t(void)argv;\n\t(void)take;\n" : out;
}

std::string codecKernelGlue(const std::string &driver, const Plan &plan) {
  const std::string DRIVER = upper(driver);
  std::string wrappers, entries, kapiDecls;
  for (const PlannedCall &call : plan.downcalls) {
    TemplateValues values{{"driver", driver},
                          {"name", call.function},
                          {"function", call.function},
                          {"id", DRIVER + "_DOWNCALL_" + call.function},
                          {"table", "t"},
                          {"index", DRIVER + "_DOWNCALL_" + call.function},
                          {"handler", driver + "_dc_" + call.function},
                          {"flags", "UDRV_DC_MAY_UPCALL"}};
    wrappers += renderTemplate(templates::kCodecDowncallWrapper, values);
    entries += renderTemplate(templates::kCodecDowncallEntry, values);
  }
  for (const PlannedKernelCall &k : plan.kernelCalls) {
    if (!crossesToKernel(k))
      continue;
    TemplateValues values{{"driver", driver},
                          {"name", "kapi_" + k.prototype.name},
                          {"function", k.prototype.name},
                          {"id", DRIVER + "_KAPI_" + k.prototype.name},
                          {"table", "k"},
                          {"index", DRIVER + "_KAPI_" + k.prototype.name + " - " + DRIVER + "_KAPI_BASE"},
                          {"handler", driver + "_kapi_" + k.prototype.name},
                          {"flags", k.mayUpcall ? "UDRV_DC_MAY_UPCALL" : "0"}};
    kapiDecls += renderTemplate(templates::kKernelApiDecl, values);
    entries += renderTemplate(templates::kCodecDowncallEntry, values);
  }
  std::string count = std::to_string(plan.downcalls.size());
  std::string kapiCount = plan.kernelCalls.empty() ? "0" : DRIVER + "_KENV_COUNT";
  return renderTemplate(
      templates::kCodecKernelGlue,
      {{"driver", driver},
       {"DRIVER", DRIVER},
       {"message", codecMessage(driver, "UDRV_MSG_MAX_PAYLOAD", "SDM_SIDE_KERNEL")},
       {"wrappers", wrappers},
       {"defer_guards", deferGuards(driver, plan)},
       {"ledger", ledgerGlue(driver, plan)},
       {"kapi_decls", kapiDecls.empty() ? "" : "\n" + kapiDecls},
       {"entries", entries},
       {"n_downcalls", count},
       {"n_kapi", kapiCount},
       {"init_at_attach", renderTemplate(templates::kSendParams, {{"driver", driver}, {"DRIVER", DRIVER}}) +
            renderTemplate(templates::kInitAtAttach,
                           {{"driver", driver},
                            {"before_init", "\t" + driver + "_split_send_params();\n"},
                            {"quiesce_op", "\t.quiesce = " + driver + "_split_quiesce,\n"}})}});
}

std::string codecUserGlue(const std::string &driver, const Plan &plan) {
  const std::string DRIVER = upper(driver);
  std::string upcalls, kapis;
  for (const PlannedCall &call : plan.upcalls)
    upcalls += renderTemplate(templates::kCodecUpcallEntry,
                              {{"driver", driver}, {"DRIVER", DRIVER}, {"function", call.function}});
  std::string lengthFns;
  for (const PlannedKernelCall &k : plan.kernelCalls) {
    std::string lengths = kapiLengths(driver, k);
    lengthFns += lengths;
    std::string local = k.effect == KernelCallEffect::DmaAlloc  ? driver + "_split_dma_alloc"
                        : k.effect == KernelCallEffect::DmaFree ? driver + "_split_dma_free"
                        : k.effect == KernelCallEffect::Unmap   ? driver + "_split_iounmap"
                                                                : "NULL";
    if (local == "NULL" && !crossesToKernel(k))
      continue;
    kapis += renderTemplate(
        templates::kKapiEntry,
        {{"kenv_id", std::to_string(k.kenvId)},
         {"fn", crossesToKernel(k) ? "&" + driver + "_sdm_fn_" + kernelApiName(k) : "NULL"},
         {"local", local},
         {"bar", mapsDeviceMemory(k) ? "true" : "false"},
         {"lengths", lengths.empty() ? "NULL" : driver + "_split_len_" + k.prototype.name}});
  }
  return renderTemplate(templates::kCodecUserGlue, {{"driver", driver},
                                                    {"DRIVER", DRIVER},
                                                    {"message", codecMessage(driver, DRIVER + "_SPLIT_PAYLOAD",
                                                                             "SDM_SIDE_USER")},
                                                    {"upcall_entries", upcalls},
                                                    {"kapi_lengths", lengthFns},
                                                    {"kapi_entries", kapis}});
}

}  // namespace splitdriver::splitter
