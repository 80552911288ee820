#include "analyzer/Generators.h"

#include <llvm/Support/FormatVariadic.h>
#include <llvm/Support/JSON.h>
#include <llvm/Support/raw_ostream.h>

namespace splitdriver::analyzer {
namespace {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

template <typename Container> Array strings(const Container &items) {
  Array out;
  for (const std::string &item : items)
    out.push_back(item);
  return out;
}

Value position(const AnnotationPos &pos) {
  return Object{{"file", pos.file}, {"line", pos.line}, {"column", pos.column}};
}

Value function(const ModelFunction &f) {
  Array contexts;
  for (Context context : f.contexts)
    contexts.push_back(contextName(context));
  Object reasons;
  for (const auto &[key, chain] : f.contextReasons)
    reasons[key] = chain;
  return Object{{"name", f.name},
                {"file", f.file},
                {"begin_line", f.beginLine},
                {"end_line", f.endLine},
                {"lines", f.lines()},
                {"static", f.isStatic},
                {"side", sideName(f.side)},
                {"constraint", constraintName(f.constraint)},
                {"contexts", std::move(contexts)},
                {"data_path", f.dataPath},
                {"roles", strings(f.roles)},
                {"context_reasons", std::move(reasons)},
                {"reason", strings(f.reason)}};
}

Value edge(const ModelEdge &e) {
  return Object{{"caller", e.caller},   {"callee", e.callee},
                {"kind", edgeKindName(e.kind)}, {"via", e.via},
                {"held_locks", strings(e.heldLocks)}, {"file", e.file},
                {"line", e.line},       {"in_loop", e.inLoop},
                {"weight", e.weight},   {"crossing", e.crossing}};
}

Value root(const ModelRoot &r) {
  return Object{{"function", r.function},
                {"how", r.how},
                {"context", contextName(r.spec.context)},
                {"data_path", r.spec.dataPath},
                {"holds", r.spec.holds},
                {"label", r.spec.label},
                {"assumed", r.assumed},
                {"deferred", r.deferred},
                {"rule", r.spec.origin.file + ":" + std::to_string(r.spec.origin.line)}};
}

std::string origin(const RuleOrigin &o) { return o.file + ":" + std::to_string(o.line); }

// The rules the halves' bus glue reads, as the rules files spell them.
Object busKnowledge(const Model &model) {
  Array buses, resources, ledger, mmio;
  for (const BusRule &b : model.buses)
    buses.push_back(Object{{"name", b.name},
                           {"driver_struct", b.driverStruct},
                           {"register", b.registerFn},
                           {"unregister", b.unregisterFn},
                           {"remove_slot", b.removeSlot},
                           {"remove_param", b.removeParam},
                           {"remove_device", b.removeDevice},
                           {"rule", origin(b.origin)}});
  for (const ResourceRule &r : model.resources)
    resources.push_back(Object{{"kind", r.kind},
                               {"owner", r.owner},
                               {"owner_via", r.ownerVia},
                               {"release", r.release},
                               {"quiesce", r.quiesce},
                               {"quiesce_label", r.quiesceLabel},
                               {"quiesce_releases", r.quiesceReleases},
                               {"keyed", r.keyed},
                               {"rule", origin(r.origin)}});
  for (const LedgerRule &l : model.ledger)
    ledger.push_back(Object{{"function", l.function},
                            {"acquire", l.acquire},
                            {"kind", l.kind},
                            {"object", l.object},
                            {"argument", l.argument},
                            {"condition", l.condition},
                            {"rule", origin(l.origin)}});
  for (const MmioRule &m : model.mmio)
    mmio.push_back(Object{{"function", m.function},
                          {"kind", mmioKindName(m.kind)},
                          {"device", m.device},
                          {"resources", m.resources},
                          {"index", m.index},
                          {"phys", m.phys},
                          {"rule", origin(m.origin)}});
  Array owns;
  for (const OwnRule &o : model.owns)
    owns.push_back(Object{{"struct", o.structName}, {"value", o.value}, {"rule", origin(o.origin)}});
  return Object{{"buses", std::move(buses)},
                {"own", std::move(owns)},
                {"resources", std::move(resources)},
                {"ledger", std::move(ledger)},
                {"mmio", std::move(mmio)}};
}

Value annotations(const Annotations &a) {
  Array pins, defers, fields, containers;
  for (const DeferAnnotation &defer : a.defers)
    defers.push_back(Object{{"function", defer.function},
                            {"owner", defer.owner},
                            {"pos", position(defer.pos)}});
  for (const PinAnnotation &pin : a.pins)
    pins.push_back(Object{{"function", pin.function},
                          {"side", pin.kernel ? "kernel" : "user"},
                          {"pos", position(pin.pos)}});
  for (const FieldAnnotation &field : a.fields)
    fields.push_back(Object{{"kind", field.kind},
                            {"struct", field.structName},
                            {"field", field.field},
                            {"expression", field.expression},
                            {"pos", position(field.pos)}});
  for (const ContainerOfAnnotation &container : a.containerOfs)
    containers.push_back(Object{{"parent", container.parent},
                                {"member", container.member},
                                {"pos", position(container.pos)}});
  Array types;
  for (const TypeAnnotation &type : a.types)
    types.push_back(Object{{"kind", type.kind},
                           {"struct", type.structName},
                           {"expression", type.expression},
                           {"target", type.target},
                           {"pos", position(type.pos)}});
  return Object{{"files", strings(a.files)},
                {"pins", std::move(pins)},
                {"defers", std::move(defers)},
                {"types", std::move(types)},
                {"fields", std::move(fields)},
                {"container_of", std::move(containers)}};
}

Object layout(const ValueLayout &l) {
  return Object{{"size", l.size}, {"signed", l.isSigned}, {"bool", l.isBool}};
}

Value field(const ModelField &f) {
  Object out = layout(f.layout);
  out["type"] = f.type;
  out["class"] = f.pointerClass;
  out["pointee"] = f.pointee;
  out["pointee_const"] = f.pointeeConst;
  out["bitfield_width"] = f.bitfieldWidth;
  out["index"] = f.index;
  if (f.pointerClass == "inline-array")
    out["count"] = static_cast<int64_t>(f.count);
  if (!f.elemClass.empty()) {
    Object elem = layout(f.elem);
    elem["class"] = f.elemClass;
    out["elem"] = std::move(elem);
  }
  return out;
}

Value record(const RecordFact &r) {
  return Object{{"kind", r.isUnion ? "union" : "struct"},
                {"ctype", r.ctype},
                {"size", r.size},
                {"file", r.file},
                {"header", r.header},
                {"source_file", r.inSourceFile},
                {"driver", r.inDriver},
                {"parent", r.parent},
                {"member", r.member},
                {"members", strings(r.members)},
                {"local_definition", strings(r.localDefinition)},
                {"local_includes", strings(r.localIncludes)}};
}

}  // namespace

std::string writeJson(const Model &model) {
  Array functions, edges, roots, externals, locks, crossings, questions;
  for (const auto &[name, f] : model.functions)
    functions.push_back(function(f));
  for (const ModelEdge &e : model.edges)
    edges.push_back(edge(e));
  for (const ModelRoot &r : model.roots)
    roots.push_back(root(r));
  for (const auto &[name, external] : model.externals)
    externals.push_back(Object{{"name", name},
                               {"callers", strings(external.callers)},
                               {"sleeps", external.sleeps}});
  for (const auto &[name, lock] : model.locks)
    locks.push_back(Object{{"name", name},
                           {"kind", lock.kind},
                           {"status", lock.status},
                           {"resolution", lock.resolution},
                           {"why", lock.why},
                           {"kernel_takers", strings(lock.kernelTakers)},
                           {"user_takers", strings(lock.userTakers)}});
  for (const ModelCrossing &c : model.crossings)
    crossings.push_back(Object{{"caller", c.caller},
                               {"callee", c.callee},
                               {"direction", c.direction},
                               {"via", c.via},
                               {"kernel_api", c.kernelApi},
                               {"deferred", c.deferred},
                               {"holds", c.holds},
                               {"guard_take", c.guardTake},
                               {"guard_release", c.guardRelease},
                               {"in", strings(c.state.in)},
                               {"out", strings(c.state.out)}});
  for (const ModelQuestion &q : model.questions)
    questions.push_back(
        Object{{"subject", q.subject}, {"question", q.question}, {"answer", q.answer}});
  Object buffers;
  for (const auto &[function, list] : model.buffers) {
    Array entries;
    for (const ModelBuffer &b : list)
      entries.push_back(Object{{"arg", b.arg},
                               {"direction", b.direction},
                               {"length", b.length},
                               {"rule", b.rule}});
    buffers[function] = std::move(entries);
  }
  Object kernelApi;
  for (const auto &[function, api] : model.kernelApi)
    kernelApi[function] = Object{{"noupcall", api.noUpcall},
                                 {"mayupcall", api.mayUpcall},
                                 {"reads", strings(api.reads)},
                                 {"writes", strings(api.writes)},
                                 {"rules", strings(api.rules)}};
  Object fields, records;
  for (const auto &[key, f] : model.fields)
    fields[key] = field(f);
  for (const auto &[name, r] : model.records)
    records[name] = record(r);
  const ModelSummary &s = model.summary;
  Object summary{{"functions", s.functions},
                 {"kernel_functions", s.kernelFunctions},
                 {"user_functions", s.userFunctions},
                 {"kernel_lines", s.kernelLines},
                 {"user_lines", s.userLines},
                 {"kernel_line_percent", s.kernelLinePercent},
                 {"crossing_edges", s.crossingEdges},
                 {"cut_cost", s.cutCost},
                 {"line_cost_per_line", s.lineCostPerLine}};
  Object document{{"format", "split-driver-analysis"},
                  {"version", kModelVersion},
                  {"driver", model.driver},
                  {"sources", strings(model.sources)},
                  {"rules_files", strings(model.rulesFiles)},
                  {"summary", std::move(summary)},
                  {"functions", std::move(functions)},
                  {"edges", std::move(edges)},
                  {"roots", std::move(roots)},
                  {"externals", std::move(externals)},
                  {"locks", std::move(locks)},
                  {"fields", std::move(fields)},
                  {"records", std::move(records)},
                  {"crossings", std::move(crossings)},
                  {"buffers", std::move(buffers)},
                  {"kernel_api", std::move(kernelApi)},
                  {"bus_knowledge", busKnowledge(model)},
                  {"questions", std::move(questions)},
                  {"unresolved_indirect_calls", strings(model.unresolved)},
                  {"warnings", strings(model.warnings)},
                  {"annotations", annotations(model.annotations)}};
  std::string out;
  llvm::raw_string_ostream stream(out);
  stream << llvm::formatv("{0:2}", Value(std::move(document))) << "\n";
  return stream.str();
}

}  // namespace splitdriver::analyzer
