// The rules: which types and fields cross, in which direction, and how each
// field class of the analyzer maps onto a description field type.
#include "Describer.h"

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/raw_ostream.h>

#include <algorithm>

namespace splitdriver::describe {
namespace {

using analyzer::Model;
using analyzer::ModelField;
using analyzer::RecordFact;

// Kernel runtime objects each half owns and initialises itself: never
// copied (`local`), and their own fields are never described.
const std::set<std::string> kLocalTypes = {
    "spinlock",   "raw_spinlock",  "mutex",        "rw_semaphore",   "semaphore",
    "qrwlock",    "seqlock_t",     "timer_list",   "hrtimer",        "work_struct",
    "delayed_work", "napi_struct", "list_head",    "hlist_head",     "hlist_node",
    "wait_queue_head", "completion", "tasklet_struct", "rcu_head", "callback_head",
    "sk_buff_head"};
// Pointers to these are passed through, never followed (buffers the data
// path owns).
const std::set<std::string> kOpaqueTypes = {"sk_buff", "page"};

// Where a model field lives in C: its type (the nearest named record) and
// the member path from there (nested anonymous records are flattened).
struct Place {
  std::string record, cfield;
  std::vector<unsigned> order;
};

class Describer {
public:
  Describer(const Model &model, analyzer::DiagnosticSink &sink) : model_(model), sink_(sink) {
    out_.driver = model.driver;
  }

  std::optional<MarshalDescription> run() {
    for (const auto &[key, dir] : directions())
      describeKey(key, dir);
    addLengthFields();
    applyTypeAnnotations();
    embeddedDirections();
    if (needWorkType_)
      addWorkType();
    if (sink_.errorCount())
      return std::nullopt;
    return render(out_);
  }

private:
  // Upcall [in] and downcall [out] go to the user half; the rest to the
  // kernel. What a modelled kernel function reads crosses both ways: the
  // kernel set it first (alloc_etherdev's mtu), so the user half must hold
  // the kernel's value, or its unset copy would be sent as the value.
  std::map<std::string, int> directions() const {
    std::map<std::string, int> out;
    for (const analyzer::ModelCrossing &c : model_.crossings) {
      bool upcall = c.direction == "upcall";
      for (const std::string &key : c.state.in)
        if (key.rfind("global:", 0) != 0)
          out[key] |= c.kernelApi ? kToUser | kToKernel : upcall ? kToUser : kToKernel;
      for (const std::string &key : c.state.out)
        if (key.rfind("global:", 0) != 0)
          out[key] |= upcall ? kToKernel : kToUser;
    }
    return out;
  }

  const RecordFact *record(const std::string &name) const {
    auto found = model_.records.find(name);
    return found == model_.records.end() ? nullptr : &found->second;
  }

  static unsigned memberIndex(const RecordFact &parent, const std::string &member) {
    auto at = std::find(parent.members.begin(), parent.members.end(), member);
    return static_cast<unsigned>(at - parent.members.begin());
  }

  bool place(const std::string &owner, const std::string &field, unsigned index, Place &out) {
    out = {owner, field, {index}};
    const RecordFact *r = record(owner);
    while (r && r->ctype.empty() && !r->parent.empty()) {
      const RecordFact *parent = record(r->parent);
      if (!parent)
        break;
      if (!r->member.empty())
        out.cfield = r->member + "." + out.cfield;
      out.order.insert(out.order.begin(), memberIndex(*parent, r->member));
      out.record = r->parent;
      r = parent;
    }
    return r && !r->ctype.empty();
  }

  // Why a record cannot be a described type ("" if it can).
  std::string undescribable(const std::string &name) const {
    const RecordFact *r = record(name);
    if (!r)
      return "the model has no layout of it";
    if (kLocalTypes.count(name))
      return "a kernel runtime object each half owns (local)";
    if (kOpaqueTypes.count(name))
      return "its pointers cross opaque";
    if (r->inSourceFile && r->localDefinition.empty())
      return "defined in " + r->file.substr(r->file.rfind('/') + 1) +
             ", a .c file the codec cannot include, without a name to define it by";
    if (r->ctype.empty())
      return "an anonymous record without a C name";
    if (r->file.empty())
      return "only declared, never defined, where the driver is compiled (its layout is "
             "private to the code that owns it)";
    return "";
  }

  DescType &ensureType(const std::string &recordName) {
    std::string name = schemaName(recordName);
    auto [it, inserted] = out_.types.try_emplace(name);
    if (inserted) {
      const RecordFact &r = *record(recordName);
      it->second.name = name;
      it->second.ctype = r.ctype;
      it->second.record = recordName;
      it->second.header = r.header;
      it->second.driverHeader = r.inDriver;
      if (r.inSourceFile)
        addLocalDefinition(r);
    } else if (it->second.record != recordName) {
      sink_.error("types " + it->second.record + " and " + recordName +
                  " have the same schema name '" + name + "'");
    }
    return it->second;
  }

  void describeKey(const std::string &key, int dir) {
    size_t dot = key.rfind('.');
    std::string owner = key.substr(0, dot), member = key.substr(dot + 1);
    if (member.empty())
      return;  // an unnamed member: its fields cross by their own names
    auto fact = model_.fields.find(key);
    if (fact == model_.fields.end())
      return note(key + ": crosses but the model has no type facts of it; not described");
    if (model_.annotations.findField(owner, member) &&
        model_.annotations.findField(owner, member)->kind == "ignore")
      return;
    Place at;
    if (!place(owner, member, fact->second.index, at))
      return note(owner + ": " + undescribable(owner) + "; its fields are not described");
    if (std::string why = undescribable(at.record); !why.empty())
      return note("struct " + at.record + ": " + why + "; its fields are not described");
    DescField field;
    field.cfield = at.cfield;
    field.order = at.order;
    field.dir = dir;
    if (!classify(key, fact->second, model_.annotations.findField(owner, member), field))
      return;
    DescType &type = ensureType(at.record);
    field.name = uniqueName(type, schemaName(field.cfield));
    type.fields[field.cfield] = field;
  }

  static std::string uniqueName(const DescType &type, const std::string &base) {
    std::set<std::string> taken;
    for (const auto &[cfield, f] : type.fields)
      taken.insert(f.name);
    std::string name = base;
    for (unsigned n = 2; taken.count(name); ++n)
      name = base + "_" + std::to_string(n);
    return name;
  }

  bool classify(const std::string &key, const ModelField &f, const analyzer::FieldAnnotation *answer,
                DescField &out);
  bool classifyPointer(const std::string &key, const ModelField &f,
                       const analyzer::FieldAnnotation *answer, DescField &out);
  bool classifyEmbedded(const std::string &key, const ModelField &f, DescField &out);
  bool classifyChain(const std::string &key, const ModelField &f,
                     const analyzer::FieldAnnotation &answer, DescField &out);
  bool classifyArray(const std::string &key, const ModelField &f, DescField &out);
  std::string scalar(const std::string &key, const analyzer::ValueLayout &layout, unsigned bits);
  bool refTo(const std::string &key, const std::string &target, DescField &out);
  bool unanswered(const std::string &key, const ModelField &f);
  void addLengthFields();
  void applyTypeAnnotations();
  void embeddedDirections();
  void addWorkType();
  bool needWorkType_ = false;
  void addPrivateArea(DescType &type, const analyzer::TypeAnnotation &annotation);

  void note(const std::string &text) { out_.notes.insert(text); }

  // A .c file's record: the codec includes <drv>_local.h, which holds its
  // definition (and the .c file's types it uses), merged in order.
  void addLocalDefinition(const RecordFact &r) {
    for (const std::string &declaration : r.localDefinition)
      if (std::find(out_.localDefinitions.begin(), out_.localDefinitions.end(), declaration) ==
          out_.localDefinitions.end())
        out_.localDefinitions.push_back(declaration);
    out_.localIncludes.insert(r.localIncludes.begin(), r.localIncludes.end());
  }

  const Model &model_;
  analyzer::DiagnosticSink &sink_;
  Description out_;
};

// bool, i8..u64 from the size and signedness clang computed; a bit-field
// by its width rounded up to a whole scalar.
std::string Describer::scalar(const std::string &key, const analyzer::ValueLayout &layout,
                              unsigned bits) {
  if (layout.isBool && !bits)
    return "bool";
  if (!bits)
    bits = layout.size * 8;
  for (unsigned width : {8u, 16u, 32u, 64u})
    if (bits <= width)
      return (layout.isSigned ? "i" : "u") + std::to_string(width);
  sink_.error(key + ": a scalar of " + std::to_string(bits) +
              " bits has no description type (bool, i8..u64)");
  return "";
}

bool Describer::classify(const std::string &key, const ModelField &f,
                         const analyzer::FieldAnnotation *answer, DescField &out) {
  const std::string &kind = f.pointerClass;
  if (answer && answer->kind == "chain")
    return classifyChain(key, f, *answer, out);
  if (answer && (answer->kind == "dma" || answer->kind == "iomem"))
    out.kind = "region";
  else if (kind == "lock")
    out.kind = "local";
  else if (kind == "scalar" || kind == "dma") {
    out.kind = scalar(key, f.layout, f.bitfieldWidth);
    out.bitfield = f.bitfieldWidth > 0;
    out.flags = answer && answer->kind == "flags";
    if (out.flags && (out.bitfield || out.kind.empty() || out.kind[0] != 'u')) {
      sink_.error(key + " (" + f.type + "): flags (" + answer->pos.file + ":" +
                  std::to_string(answer->pos.line) + ") names an unsigned word of flag bits only");
      return false;
    }
  } else if (kind == "embedded")
    return classifyEmbedded(key, f, out);
  else if (kind == "inline-array")
    return classifyArray(key, f, out);
  else
    return classifyPointer(key, f, answer, out);
  return !out.kind.empty();
}

// A kernel list the sidecar names (`chain`): its entries cross to the user
// half in order, as objects of the entry struct; the list is never sent
// back (the kernel's own links and entries are not the user half's to set).
bool Describer::classifyChain(const std::string &key, const ModelField &f,
                              const analyzer::FieldAnnotation &answer, DescField &out) {
  size_t dot = answer.expression.find('.');
  std::string entry = answer.expression.substr(0, dot);
  if (f.pointerClass != "embedded" || f.pointee != "list_head") {
    sink_.error(key + " (" + f.type + "): chain (" + answer.pos.file + ":" +
                std::to_string(answer.pos.line) + ") names an embedded struct list_head only");
    return false;
  }
  if (std::string why = undescribable(entry); !why.empty()) {
    sink_.error(key + ": chain entries " + entry + ": " + why);
    return false;
  }
  out.kind = "chain";
  out.target = ensureType(entry).name;
  out.link = answer.expression.substr(dot + 1);
  out.dir = kToUser;
  return true;
}

bool Describer::classifyEmbedded(const std::string &key, const ModelField &f, DescField &out) {
  const RecordFact *r = record(f.pointee);
  // Each half owns its work items, but the handler crosses: the half that
  // receives one it never initialised (the kernel's copy of a work item the
  // user half's probe set up) initialises it with its own entry.
  if (f.pointee == "work_struct" || f.pointee == "delayed_work") {
    out.kind = f.pointee == "work_struct" ? "work" : "delayed_work";
    needWorkType_ = true;
    return true;
  }
  if (kLocalTypes.count(f.pointee)) {
    out.kind = "local";
    return true;
  }
  if (r && r->ctype.empty() && !r->parent.empty())
    return false;  // a nested anonymous record: its fields are flattened into this type
  if (r && r->isUnion) {
    out.kind = "local";
    note(key + ": union " + f.pointee + " embedded: no member is known to be the live one; local");
    return true;
  }
  if (std::string why = undescribable(f.pointee); !why.empty()) {
    out.kind = "local";
    note(key + ": embedded struct " + f.pointee + ": " + why + "; local");
    return true;
  }
  out.kind = "struct";
  out.target = ensureType(f.pointee).name;
  return true;
}

// Inline arrays of scalars or of described structs; anything else (arrays
// of pointers, of arrays, of locks) stays local, with a note.
bool Describer::classifyArray(const std::string &key, const ModelField &f, DescField &out) {
  out.kind = "array";
  if (f.elemClass == "scalar" || f.elemClass == "dma") {
    out.elem = scalar(key, f.elem, 0);
    return !out.elem.empty();
  }
  if (f.elemClass == "embedded" && undescribable(f.pointee).empty() &&
      !record(f.pointee)->isUnion) {
    out.elem = ensureType(f.pointee).name;
    return true;
  }
  out.kind = "local";
  note(key + ": an inline array of " + (f.elemClass.empty() ? "?" : f.elemClass) +
       " elements (" + f.type + ") has no description type; local");
  return true;
}

bool Describer::refTo(const std::string &key, const std::string &target, DescField &out) {
  if (kOpaqueTypes.count(target)) {
    out.kind = "opaque";
    return true;
  }
  if (std::string why = undescribable(target); !why.empty()) {
    out.kind = "opaque";
    note(key + ": points to " + target + ", " + why + "; opaque");
    return true;
  }
  out.kind = "ref";
  out.target = ensureType(target).name;
  return true;
}

bool Describer::classifyPointer(const std::string &key, const ModelField &f,
                                const analyzer::FieldAnnotation *answer, DescField &out) {
  const std::string &kind = f.pointerClass;
  std::string how = answer ? answer->kind : "";
  if (how == "opaque") {
    out.kind = "opaque";
  } else if (how == "nullterm") {
    out.kind = "string";
  } else if (how == "points_to") {
    return refTo(key, answer->expression, out);
  } else if (how == "length") {
    out.length = answer->expression;
    if (kind == "object")
      return refTo(key, f.pointee, out);
    // A byte array (net_device.dev_addr) is an object of its own; arrays of
    // wider scalars have no wire type yet.
    if (f.elem.size != 1) {
      sink_.error(key + " (" + f.type + "): a pointer to an array of " +
                  std::to_string(f.elem.size) + "-byte elements cannot cross yet (only byte "
                  "arrays: \"bytes\"); answer it with 'opaque " + key + "' if the other half "
                  "never reads it");
      return false;
    }
    out.kind = "bytes";
    return true;
  } else if (kind == "iomem") {
    out.kind = "region";
  } else if (kind == "function") {
    out.kind = "fnptr";
  } else if (kind == "object" && f.pointeeConst && llvm::StringRef(f.pointee).ends_with("_ops")) {
    out.kind = "global";
  } else if (kind == "object") {
    return refTo(key, f.pointee, out);
  } else {
    return unanswered(key, f);
  }
  return true;
}

// char *, void * and pointers to scalars need a sidecar answer; the error
// says which line gives it (the analyzer's question when it asked one).
bool Describer::unanswered(const std::string &key, const ModelField &f) {
  std::string question = key + " (" + f.type + ") crosses: what does it point to?";
  std::string answer = "points_to " + key + " <struct>  |  opaque " + key + "  |  dma " + key +
                       "  |  ignore " + key;
  for (const analyzer::ModelQuestion &asked : model_.questions)
    if (asked.subject == key) {
      question = asked.question;
      answer = asked.answer;
    }
  std::string where = model_.annotations.files.empty() ? "the driver's sidecar"
                                                       : model_.annotations.files.front();
  sink_.error(question + " (class " + f.pointerClass + "); answer it in " + where +
              " with one of: " + answer);
  return false;
}

// A `length` field names a sibling holding the count: it crosses with the
// pointer even when the crossing's callee never touches it itself.
void Describer::addLengthFields() {
  for (auto &[name, type] : out_.types) {
    std::vector<DescField> added;
    for (auto &[cfield, f] : type.fields) {
      if (f.length.empty())
        continue;
      // A length travels wherever its array does, or the receiver cannot
      // size what it gets.
      if (auto described = type.fields.find(f.length); described != type.fields.end()) {
        described->second.dir |= f.dir;
        continue;
      }
      std::string key = type.record + "." + f.length;
      auto fact = model_.fields.find(key);
      const RecordFact *r = record(type.record);
      if (fact == model_.fields.end() || !r) {
        sink_.error(type.record + "." + cfield + ": its length field '" + f.length +
                    "' is not in the model (not a field the driver touches)");
        continue;
      }
      DescField length;
      length.cfield = f.length;
      length.order = {fact->second.index};
      length.dir = f.dir;
      length.kind = scalar(key, fact->second.layout, fact->second.bitfieldWidth);
      added.push_back(length);
    }
    for (DescField &length : added) {
      length.name = uniqueName(type, schemaName(length.cfield));
      type.fields[length.cfield] = length;
    }
  }
  // The length key names the C member; the description names the schema field.
  for (auto &[name, type] : out_.types)
    for (auto &[cfield, f] : type.fields)
      if (!f.length.empty() && type.fields.count(f.length))
        f.length = type.fields.at(f.length).name;
}

// A computed field: the private area (netdev_priv) travels with its owner
// as an interior object of the owner's allocation.
void Describer::addPrivateArea(DescType &type, const analyzer::TypeAnnotation &annotation) {
  std::string where = annotation.pos.file + ":" + std::to_string(annotation.pos.line);
  if (std::string why = undescribable(annotation.target); !why.empty()) {
    sink_.error("private " + annotation.structName + " " + annotation.target + ": " + why,
                annotation.pos.file, annotation.pos.line);
    return;
  }
  if (type.allocSize.empty() && !model_.annotations.findType("alloc_size", annotation.structName))
    sink_.error("private " + annotation.structName + ": its allocation size must be given "
                "too ('alloc_size " + annotation.structName + " \"<C expression>\"')",
                annotation.pos.file, annotation.pos.line);
  DescType &target = ensureType(annotation.target);
  target.interior = true;
  DescField field;
  field.name = "private_area";
  field.kind = "ref";
  field.target = target.name;
  field.cexpr = annotation.expression;
  field.dir = kToUser | kToKernel;
  field.order = {~0u};
  type.fields.emplace("(" + where + ")", field);
}

// A work handler's argument (struct work_struct *) is an object inside the
// allocation that holds the work item: it travels as a place in it, so the
// handler's crossing carries its container (the adapter) along.
void Describer::addWorkType() {
  if (!record("work_struct")) {
    note("work_struct: the model has no layout of it; work handlers' arguments stay opaque");
    return;
  }
  auto [it, inserted] = out_.types.try_emplace("work_struct");
  if (inserted) {
    const RecordFact &r = *record("work_struct");
    it->second.name = "work_struct";
    it->second.ctype = r.ctype;
    it->second.record = "work_struct";
    it->second.header = r.header;
  }
  it->second.interior = true;
}

// A struct embedded by value travels in a message when any of its own
// fields does: SET_NETDEV_DEV writes net_device.dev.parent, so dev must go to
// the kernel although nothing writes `dev` itself.
void Describer::embeddedDirections() {
  for (bool changed = true; changed;) {
    changed = false;
    for (auto &[name, type] : out_.types)
      for (auto &[cfield, f] : type.fields) {
        if (f.kind != "struct" && !(f.kind == "array" && out_.types.count(f.elem)))
          continue;
        auto target = out_.types.find(f.kind == "struct" ? f.target : f.elem);
        if (target == out_.types.end())
          continue;
        int dir = f.dir;
        for (const auto &[member, g] : target->second.fields)
          dir |= g.dir;
        changed |= dir != f.dir;
        f.dir = dir;
      }
  }
}

void Describer::applyTypeAnnotations() {
  for (const analyzer::TypeAnnotation &annotation : model_.annotations.types) {
    auto type = std::find_if(out_.types.begin(), out_.types.end(), [&](const auto &entry) {
      return entry.second.record == annotation.structName;
    });
    if (type == out_.types.end()) {
      // A shared kernel type fact (*.types) about a struct this driver does
      // not send is no news; a line of the driver's own sidecar is.
      bool shared = llvm::StringRef(annotation.pos.file).ends_with(".types");
      if (!shared)
        note(annotation.kind + " " + annotation.structName + " (" + annotation.pos.file + ":" +
             std::to_string(annotation.pos.line) + "): the struct is not described");
      continue;
    }
    if (annotation.kind == "alloc_size") {
      type->second.allocSize = annotation.expression;
    } else if (annotation.kind == "private") {
      addPrivateArea(type->second, annotation);
    } else {
      type->second.interior = true;
    }
  }
}

}  // namespace

std::optional<MarshalDescription> describe(const Model &model, analyzer::DiagnosticSink &sink) {
  if (model.driver.empty()) {
    sink.error("the analysis model names no driver");
    return std::nullopt;
  }
  return Describer(model, sink).run();
}

bool writeDescription(const MarshalDescription &description, const std::string &directory,
                      analyzer::DiagnosticSink &sink) {
  if (std::error_code error = llvm::sys::fs::create_directories(directory)) {
    sink.error("cannot create the output directory: " + error.message(), directory);
    return false;
  }
  std::string path = directory + "/" + description.driver + ".marshal.json";
  std::error_code error;
  llvm::raw_fd_ostream out(path, error);
  if (!error) {
    out << description.json;
    out.close();
    error = out.error();
  }
  if (error) {
    sink.error("cannot write the description: " + error.message(), path);
    return false;
  }
  return true;
}

}  // namespace splitdriver::describe
