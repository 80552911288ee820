#include "analyzer/Sidecar.h"

#include "analyzer/LineFormat.h"

#include <algorithm>
#include <set>

namespace splitdriver::analyzer {

const FieldAnnotation *Annotations::findField(const std::string &structName,
                                              const std::string &field) const {
  for (const FieldAnnotation &annotation : fields)
    if (annotation.structName == structName && annotation.field == field)
      return &annotation;
  return nullptr;
}

const DeferAnnotation *Annotations::findDefer(const std::string &function) const {
  for (const DeferAnnotation &annotation : defers)
    if (annotation.function == function)
      return &annotation;
  return nullptr;
}

const TypeAnnotation *Annotations::findType(const std::string &kind,
                                            const std::string &structName) const {
  for (const TypeAnnotation &annotation : types)
    if (annotation.kind == kind && annotation.structName == structName)
      return &annotation;
  return nullptr;
}

namespace {

// <kind> <struct>.<field>
const std::set<std::string> kFieldKinds = {"nullterm", "opaque", "ignore",
                                           "combolock", "dma", "iomem", "flags"};
// <kind> <struct>.<field> <operand>
const std::set<std::string> kFieldOperandKinds = {"length", "points_to", "chain"};

class SidecarParser {
public:
  SidecarParser(const std::string &file, Annotations &annotations, DiagnosticSink &sink)
      : file_(file), annotations_(annotations), sink_(sink) {}

  void parseLine(const TokenizedLine &line) {
    line_ = &line;
    const std::string &keyword = line.tokens[0].text;
    if (keyword == "pin")
      parsePin();
    else if (keyword == "defer")
      parseDefer();
    else if (kFieldKinds.count(keyword))
      parseField(keyword, 2, "<struct>.<field>");
    else if (kFieldOperandKinds.count(keyword))
      parseField(keyword, 3,
                 keyword == "length"  ? "<struct>.<field> <count>"
                 : keyword == "chain" ? "<struct>.<field> <entry-struct>.<member>"
                                      : "<struct>.<field> <struct>");
    else if (keyword == "container_of")
      parseContainerOf();
    else if (keyword == "alloc_size" || keyword == "interior" || keyword == "private")
      parseType(keyword);
    else
      fail(0, "unknown annotation '" + keyword +
                  "' (expected pin, defer, nullterm, length, opaque, points_to, chain, flags, dma, "
                  "iomem, container_of, ignore, combolock, alloc_size, interior or private)");
  }

  bool ok() const { return ok_; }

private:
  AnnotationPos pos(size_t token) const {
    return {file_, line_->number, line_->tokens[token].column};
  }

  void fail(size_t token, const std::string &message) {
    sink_.error(message, file_, line_->number, line_->tokens[token].column);
    ok_ = false;
  }

  bool arity(size_t count, const std::string &usage) {
    if (line_->tokens.size() == count)
      return true;
    fail(line_->tokens.size() > count ? count : 0,
         (line_->tokens.size() > count ? "too many words" : "too few words") +
             std::string("; usage: ") + usage);
    return false;
  }

  void parsePin() {
    if (!arity(3, "pin <function> kernel|user"))
      return;
    const std::string &side = line_->tokens[2].text;
    if (side != "kernel" && side != "user")
      return fail(2, "expected kernel or user, got '" + side + "'");
    annotations_.pins.push_back({line_->tokens[1].text, side == "kernel", pos(1)});
  }

  void parseDefer() {
    const char *usage = "defer <function> [owner \"<C expression of its parameters>\"]";
    size_t count = line_->tokens.size();
    if (count != 2 && !arity(4, usage))
      return;
    DeferAnnotation annotation{line_->tokens[1].text, "", pos(1)};
    if (count == 4) {
      if (line_->tokens[2].text != "owner")
        return fail(2, "expected owner, got '" + line_->tokens[2].text + "'; usage: " + usage);
      annotation.owner = line_->tokens[3].text;
    }
    if (annotations_.findDefer(annotation.function))
      return fail(1, annotation.function + " is already deferred");
    annotations_.defers.push_back(annotation);
  }

  void parseField(const std::string &kind, size_t count, const std::string &operands) {
    if (!arity(count, kind + " " + operands))
      return;
    FieldAnnotation annotation;
    annotation.kind = kind;
    annotation.pos = pos(1);
    if (!splitDotted(line_->tokens[1].text, annotation.structName, annotation.field))
      return fail(1, "expected <struct>.<field>, got '" + line_->tokens[1].text + "'");
    if (count == 3)
      annotation.expression = line_->tokens[2].text;
    if (annotations_.findField(annotation.structName, annotation.field))
      return fail(1, line_->tokens[1].text + " is already annotated");
    annotations_.fields.push_back(annotation);
  }

  void parseContainerOf() {
    if (!arity(3, "container_of <parent-struct> <member>"))
      return;
    annotations_.containerOfs.push_back({line_->tokens[1].text, line_->tokens[2].text, pos(1)});
  }

  void parseType(const std::string &kind) {
    bool size = kind == "alloc_size", priv = kind == "private";
    if (!arity(size ? 3 : priv ? 4 : 2,
               size   ? "alloc_size <struct> \"<C expression>\""
               : priv ? "private <struct> <target-struct> \"<C expression of o>\""
                      : "interior <struct>"))
      return;
    TypeAnnotation annotation{kind, line_->tokens[1].text, "", pos(1), ""};
    if (size)
      annotation.expression = line_->tokens[2].text;
    if (priv) {
      annotation.target = line_->tokens[2].text;
      annotation.expression = line_->tokens[3].text;
    }
    if (annotations_.findType(kind, annotation.structName))
      return fail(1, kind + " of " + annotation.structName + " is already given");
    annotations_.types.push_back(annotation);
  }

  std::string file_;
  Annotations &annotations_;
  DiagnosticSink &sink_;
  const TokenizedLine *line_ = nullptr;
  bool ok_ = true;
};

}  // namespace

bool parseSidecar(const std::string &text, const std::string &file, Annotations &annotations,
                  DiagnosticSink &sink) {
  SidecarParser parser(file, annotations, sink);
  bool ok = parseLines(text, file, sink, parser);
  annotations.files.push_back(file);
  return ok;
}

bool loadSidecar(const std::string &path, Annotations &annotations, DiagnosticSink &sink) {
  std::string text;
  if (!readFile(path, text)) {
    sink.error("cannot read the annotation file", path);
    return false;
  }
  return parseSidecar(text, path, annotations, sink);
}

static bool checkField(const std::string &structName, const std::string &field,
                       const AnnotationPos &pos, const Facts &facts, DiagnosticSink &sink) {
  auto record = facts.records.find(structName);
  if (record == facts.records.end()) {
    sink.error("no struct '" + structName + "' in the driver's translation units", pos.file,
               pos.line, pos.column);
    return false;
  }
  if (!record->second.count(field)) {
    sink.error("struct " + structName + " has no field '" + field + "'", pos.file, pos.line,
               pos.column);
    return false;
  }
  return true;
}

// length: a count or a sibling field; points_to: a struct of the driver.
static bool checkOperand(const FieldAnnotation &annotation, const Facts &facts,
                         DiagnosticSink &sink) {
  const std::string &operand = annotation.expression;
  const AnnotationPos &pos = annotation.pos;
  if (annotation.kind == "length") {
    bool number = !operand.empty() && operand.find_first_not_of("0123456789") == std::string::npos;
    if (number || facts.records.at(annotation.structName).count(operand))
      return true;
    sink.error("length of " + annotation.structName + "." + annotation.field + " must be a number or "
               "a field of struct " + annotation.structName + ", got '" + operand + "'",
               pos.file, pos.line, pos.column);
    return false;
  }
  if (annotation.kind == "chain") {
    std::string entry, member;
    if (!splitDotted(operand, entry, member)) {
      sink.error("chain's entries are <entry-struct>.<member>, got '" + operand + "'", pos.file,
                 pos.line, pos.column);
      return false;
    }
    return checkField(entry, member, pos, facts, sink);
  }
  if (annotation.kind == "points_to" && !facts.records.count(operand)) {
    sink.error("points_to names no struct '" + operand + "' of the driver's translation units",
               pos.file, pos.line, pos.column);
    return false;
  }
  return true;
}

// A deferred function returns nothing: its kernel caller has gone on.
static bool checkDefers(const Annotations &annotations, const Facts &facts,
                        DiagnosticSink &sink) {
  bool ok = true;
  for (const DeferAnnotation &defer : annotations.defers) {
    const AnnotationPos &pos = defer.pos;
    auto function = std::find_if(facts.functions.begin(), facts.functions.end(),
                                 [&](const FunctionFact &f) { return f.name == defer.function; });
    if (function == facts.functions.end()) {
      sink.error("defer names unknown function '" + defer.function + "' (not defined in the driver)",
                 pos.file, pos.line, pos.column);
      ok = false;
    } else if (!function->returnsVoid) {
      sink.error("defer " + defer.function + ": it returns a value its kernel caller would use "
                 "before it has run; only a void function can be deferred",
                 pos.file, pos.line, pos.column);
      ok = false;
    }
    for (const PinAnnotation &pin : annotations.pins)
      if (pin.kernel && pin.function == defer.function) {
        sink.error("defer " + defer.function + " contradicts pin " + pin.function + " kernel at " +
                       pin.pos.file + ":" + std::to_string(pin.pos.line) +
                       ": a deferred function runs in the user half",
                   pos.file, pos.line, pos.column);
        ok = false;
      }
  }
  return ok;
}

bool checkSidecar(const Annotations &annotations, const Facts &facts, DiagnosticSink &sink) {
  bool ok = true;
  std::set<std::string> functions;
  for (const FunctionFact &function : facts.functions)
    functions.insert(function.name);
  for (const PinAnnotation &pin : annotations.pins)
    if (!functions.count(pin.function)) {
      sink.error("pin names unknown function '" + pin.function + "' (not defined in the driver)",
                 pin.pos.file, pin.pos.line, pin.pos.column);
      ok = false;
    }
  ok = checkDefers(annotations, facts, sink) && ok;
  for (const FieldAnnotation &annotation : annotations.fields) {
    if (!checkField(annotation.structName, annotation.field, annotation.pos, facts, sink)) {
      ok = false;
      continue;
    }
    ok = checkOperand(annotation, facts, sink) && ok;
  }
  for (const ContainerOfAnnotation &annotation : annotations.containerOfs)
    ok = checkField(annotation.parent, annotation.member, annotation.pos, facts, sink) && ok;
  for (const TypeAnnotation &annotation : annotations.types)
    for (const std::string &name : {annotation.structName, annotation.target})
      if (!name.empty() && !facts.records.count(name)) {
        sink.error(annotation.kind + " names no struct '" + name +
                       "' of the driver's translation units",
                   annotation.pos.file, annotation.pos.line, annotation.pos.column);
        ok = false;
      }
  return ok;
}

}  // namespace splitdriver::analyzer
