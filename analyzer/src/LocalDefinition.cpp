#include "LocalDefinition.h"

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/PrettyPrinter.h>
#include <clang/Basic/SourceManager.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/raw_ostream.h>

#include <set>

namespace splitdriver::analyzer {
namespace {

using namespace clang;

class Builder {
public:
  Builder(const ASTContext &context, const std::function<std::string(const Decl *)> &headerOf)
      : context_(context), headerOf_(headerOf) {}

  LocalDefinition run(const RecordDecl *record) {
    define(record);
    LocalDefinition out;
    out.includes.assign(includes_.begin(), includes_.end());
    for (const std::string &tag : forwards_)
      out.declarations.push_back(tag + ";\n");
    out.declarations.insert(out.declarations.end(), definitions_.begin(), definitions_.end());
    return out;
  }

private:
  std::string fileOf(const Decl *decl) const {
    const SourceManager &sources = context_.getSourceManager();
    SourceLocation at = sources.getExpansionLoc(decl->getLocation());
    if (OptionalFileEntryRef entry = sources.getFileEntryRefForID(sources.getFileID(at)))
      return sources.getFileManager().getCanonicalName(*entry).str();
    return "";
  }

  bool inSourceFile(const Decl *decl) const {
    return llvm::sys::path::extension(fileOf(decl)) == ".c";
  }

  // A declaration the text needs: a .c file's own is printed first, a
  // header's is included.
  void need(const NamedDecl *decl) {
    if (!inSourceFile(decl)) {
      includes_.insert(headerOf_(decl));
      return;
    }
    if (const auto *record = dyn_cast<RecordDecl>(decl))
      return define(record);
    if (!printed_.insert(decl).second)
      return;
    if (const auto *typedefName = dyn_cast<TypedefNameDecl>(decl))
      walk(typedefName->getUnderlyingType(), true);
    print(decl);
  }

  // What a value of `type` needs: complete types by value, tags by pointer.
  void walk(QualType type, bool byValue) {
    if (const auto *typedefType = type->getAs<TypedefType>()) {
      need(typedefType->getDecl());
      return;
    }
    if (const auto *pointer = type->getAs<PointerType>())
      return walk(pointer->getPointeeType(), false);
    if (const auto *array = context_.getAsArrayType(type))
      return walk(array->getElementType(), byValue);
    if (const auto *function = type->getAs<FunctionProtoType>()) {
      walk(function->getReturnType(), false);
      for (QualType param : function->getParamTypes())
        walk(param, false);
      return;
    }
    if (const auto *tag = type->getAsTagDecl()) {
      if (tag->getName().empty() || isa<RecordDecl>(tag->getLexicalDeclContext()))
        return walkMembers(dyn_cast<RecordDecl>(tag));  // printed inline with its parent
      if (byValue || isa<EnumDecl>(tag))
        need(tag);
      else
        forwards_.insert((tag->isUnion() ? "union " : "struct ") + tag->getName().str());
    }
  }

  void walkMembers(const RecordDecl *record) {
    if (record && record->getDefinition())
      for (const FieldDecl *field : record->getDefinition()->fields())
        walk(field->getType(), true);
  }

  // A record defined inside another's member declaration is printed with
  // that record (C gives its tag file scope either way).
  void define(const RecordDecl *record) {
    record = record->getDefinition() ? record->getDefinition() : record;
    while (const auto *outer = dyn_cast<RecordDecl>(record->getLexicalDeclContext()))
      record = outer->getDefinition() ? outer->getDefinition() : outer;
    if (!printed_.insert(record).second)
      return;
    walkMembers(record);
    print(record);
  }

  void print(const Decl *decl) {
    std::string text;
    llvm::raw_string_ostream out(text);
    PrintingPolicy policy(context_.getLangOpts());
    decl->print(out, policy);
    out << ";\n";
    definitions_.push_back(out.str());
  }

  const ASTContext &context_;
  const std::function<std::string(const Decl *)> &headerOf_;
  std::set<std::string> includes_, forwards_;
  std::set<const Decl *> printed_;
  std::vector<std::string> definitions_;
};

}  // namespace

LocalDefinition localDefinition(const ASTContext &context, const RecordDecl *record,
                                const std::function<std::string(const Decl *)> &headerOf) {
  return Builder(context, headerOf).run(record);
}

}  // namespace splitdriver::analyzer
