#include "FieldLayout.h"
#include "LocalDefinition.h"

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Lex/Lexer.h>
#include <llvm/Support/Path.h>

#include <cstring>
#include <set>

namespace splitdriver::analyzer {
namespace {

using namespace clang;

bool hasTypedefNamed(QualType type, llvm::StringRef name) {
  while (const auto *typedefType = type->getAs<TypedefType>()) {
    if (typedefType->getDecl()->getName() == name)
      return true;
    type = typedefType->getDecl()->getUnderlyingType();
  }
  return false;
}

// The class of a value of `type` (a field or an array element): pointers by
// what they point to, records embedded or locks, arrays, dma_addr_t, scalars.
std::string typeClass(QualType type, bool iomemSpelled, FieldTypeFact &fact) {
  if (type->isPointerType()) {
    QualType pointee = type->getPointeeType();
    fact.pointeeConst = pointee.isConstQualified();
    if (iomemSpelled)
      return "iomem";
    if (pointee->isFunctionType())
      return "function";
    if (pointee->isVoidType())
      return "opaque";
    if (pointee->isCharType())
      return "string";
    if (const RecordDecl *record = pointee->getAsRecordDecl()) {
      fact.pointee = recordName(record);
      return "object";
    }
    return "array";
  }
  if (hasTypedefNamed(type, "dma_addr_t"))
    return "dma";
  if (const RecordDecl *record = type->getAsRecordDecl()) {
    fact.pointee = recordName(record);
    return isLockRecord(fact.pointee) ? "lock" : "embedded";
  }
  if (type->isArrayType())
    return "inline-array";
  return "scalar";
}

ValueLayout valueLayout(const ASTContext &context, QualType type) {
  ValueLayout layout;
  if (!type->isIncompleteType() && !type->isDependentType())
    layout.size = static_cast<unsigned>(context.getTypeSizeInChars(type).getQuantity());
  layout.isSigned = type->isSignedIntegerOrEnumerationType();
  layout.isBool = type->isBooleanType();
  return layout;
}

}  // namespace

std::string recordName(const RecordDecl *record) {
  if (!record)
    return "";
  if (!record->getName().empty())
    return record->getName().str();
  if (const TypedefNameDecl *typedefName = record->getTypedefNameForAnonDecl())
    return typedefName->getName().str();
  // A nested anonymous struct/union: <parent>.<the field of its type>.
  if (const auto *parent = dyn_cast<RecordDecl>(record->getDeclContext())) {
    for (const FieldDecl *field : parent->fields())
      if (field->getType()->getAsRecordDecl() == record && !field->getName().empty())
        return recordName(parent) + "." + field->getName().str();
    return recordName(parent) + ".(anonymous)";
  }
  return "(anonymous)";
}

bool isLockRecord(const std::string &name) {
  static const std::set<std::string> locks = {
      "spinlock", "raw_spinlock", "mutex", "rw_semaphore", "semaphore", "qrwlock", "seqlock_t"};
  return locks.count(name) > 0;
}

void FieldLayouts::note(const FieldDecl *field) {
  std::string key = recordName(field->getParent()) + "." + field->getNameAsString();
  if (facts_.fieldTypes.count(key))
    return;
  FieldTypeFact fact = classify(field);
  facts_.fieldTypes[key] = fact;
  noteRecord(field->getParent());
  QualType type = field->getType();
  if (const ArrayType *array = context_.getAsArrayType(type))
    type = array->getElementType();
  if (type->isPointerType())
    type = type->getPointeeType();
  if (const RecordDecl *record = type->getAsRecordDecl())
    noteRecord(record);
}

FieldTypeFact FieldLayouts::classify(const FieldDecl *field) {
  FieldTypeFact fact;
  QualType type = field->getType();
  fact.type = type.getAsString();
  const SourceManager &sources = context_.getSourceManager();
  llvm::StringRef spelled = Lexer::getSourceText(
      CharSourceRange::getTokenRange(field->getSourceRange()), sources, context_.getLangOpts());
  fact.pointerClass = typeClass(type, spelled.contains("__iomem"), fact);
  if (fact.pointerClass == "array" || fact.pointerClass == "string") {
    // A pointer to scalars: their layout, for a `length` answer.
    fact.elemClass = "scalar";
    fact.elem = valueLayout(context_, type->getPointeeType());
  }
  fact.layout = valueLayout(context_, type);
  fact.index = field->getFieldIndex();
  if (field->isBitField())
    fact.bitfieldWidth = field->getBitWidthValue(context_);
  if (const auto *array = context_.getAsConstantArrayType(type)) {
    fact.count = array->getSize().getZExtValue();
    FieldTypeFact element;
    fact.elemClass = typeClass(array->getElementType(), false, element);
    fact.elem = valueLayout(context_, array->getElementType());
    fact.pointee = element.pointee;
  }
  return fact;
}

void FieldLayouts::noteRecord(const RecordDecl *record) {
  std::string name = recordName(record);
  // A record only declared in one translation unit may be defined in
  // another: the definition's facts replace the declaration's.
  auto known = facts_.recordLayouts.find(name);
  bool defined = record->getDefinition() != nullptr;
  if (known != facts_.recordLayouts.end() && (!known->second.file.empty() || !defined))
    return;
  RecordFact &fact = facts_.recordLayouts[name];
  fact = RecordFact();
  fact.isUnion = record->isUnion();
  if (!record->getName().empty())
    fact.ctype = (fact.isUnion ? "union " : "struct ") + record->getName().str();
  else if (const TypedefNameDecl *typedefName = record->getTypedefNameForAnonDecl())
    fact.ctype = typedefName->getName().str();
  const RecordDecl *definition = record->getDefinition();
  if (!definition)
    return;  // only declared: no layout, no members
  fact.size = static_cast<unsigned>(
      context_.getTypeSizeInChars(context_.getRecordType(definition)).getQuantity());
  for (const FieldDecl *member : definition->fields())
    fact.members.push_back(member->getNameAsString());
  const SourceManager &sources = context_.getSourceManager();
  SourceLocation location = sources.getExpansionLoc(definition->getLocation());
  if (OptionalFileEntryRef entry = sources.getFileEntryRefForID(sources.getFileID(location)))
    fact.file = sources.getFileManager().getCanonicalName(*entry).str();
  fact.inSourceFile = llvm::sys::path::extension(fact.file) == ".c";
  fact.inDriver = inDriver_(location);
  if (!fact.inSourceFile) {
    fact.header = headerSpelling(fact.file, fact.inDriver);
  } else if (!record->getName().empty()) {
    LocalDefinition local = localDefinition(context_, definition, [&](const Decl *decl) {
      SourceLocation at = sources.getExpansionLoc(decl->getLocation());
      std::string file;
      if (OptionalFileEntryRef entry = sources.getFileEntryRefForID(sources.getFileID(at)))
        file = sources.getFileManager().getCanonicalName(*entry).str();
      return headerSpelling(file, inDriver_(at));
    });
    fact.localDefinition = local.declarations;
    fact.localIncludes = local.includes;
  }
  if (fact.ctype.empty())
    if (const auto *parent = dyn_cast<RecordDecl>(definition->getDeclContext())) {
      fact.parent = recordName(parent);
      for (const FieldDecl *member : parent->fields())
        if (member->getType()->getAsRecordDecl() == definition)
          fact.member = member->getNameAsString();
      noteRecord(parent);
    }
}

// A driver header by its file name (the codec is built next to the driver's
// sources); a kernel header relative to its include/ directory, as the
// kernel's -I flags name it (uapi/ and generated/uapi/ are include roots too).
std::string FieldLayouts::headerSpelling(const std::string &file, bool inDriver) const {
  llvm::StringRef path = file;
  if (inDriver)
    return llvm::sys::path::filename(path).str();
  size_t include = path.rfind("/include/");
  if (include == llvm::StringRef::npos)
    return llvm::sys::path::filename(path).str();
  path = path.drop_front(include + std::strlen("/include/"));
  for (llvm::StringRef root : {"generated/uapi/", "uapi/"})
    if (path.starts_with(root))
      return path.drop_front(root.size()).str();
  return path.str();
}

}  // namespace splitdriver::analyzer
