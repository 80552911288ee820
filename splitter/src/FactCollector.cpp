#include "splitter/FactCollector.h"

#include "analyzer/Frontend.h"

#include <clang/AST/ASTConsumer.h>
#include <clang/AST/Attr.h>
#include <clang/AST/ParentMapContext.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/FrontendAction.h>
#include <clang/Lex/Lexer.h>
#include <clang/Tooling/Tooling.h>

#include <algorithm>
#include <set>

namespace splitdriver::splitter {
namespace {

using namespace clang;

ValueClass classify(QualType type, const ASTContext &context) {
  QualType canonical = type.getCanonicalType();
  if (canonical->isVoidType())
    return ValueClass::Void;
  if (canonical->isPointerType() || canonical->isArrayType() || canonical->isFunctionType())
    return ValueClass::Pointer;
  // Enumerations count as unsigned: a failed crossing returns 0 (IRQ_NONE,
  // NETDEV_TX_OK), never a negative errno the enumeration does not have.
  if (canonical->isEnumeralType() && context.getTypeSize(canonical) <= 64)
    return ValueClass::Unsigned;
  if (canonical->isIntegerType() && context.getTypeSize(canonical) <= 64)
    return canonical->isSignedIntegerType() ? ValueClass::Signed : ValueClass::Unsigned;
  return ValueClass::Aggregate;
}

// The source text of a declaration as written (macros unexpanded), e.g.
// "void __iomem *hw_addr": clang's types have lost __iomem outside sparse.
std::string writtenText(SourceRange range, const ASTContext &context) {
  const SourceManager &sm = context.getSourceManager();
  CharSourceRange chars = sm.getExpansionRange(range);
  return Lexer::getSourceText(chars, sm, context.getLangOpts()).str();
}

bool mentionsIomem(const std::string &text) {
  return text.find("__iomem") != std::string::npos;
}

// How a value of `type` crosses: its class, and for pointers what they point to.
Parameter describe(const std::string &name, QualType type, const ASTContext &context) {
  Parameter p;
  p.name = name;
  p.type = type.getAsString(context.getPrintingPolicy());
  p.valueClass = classify(type, context);
  QualType canonical = type.getCanonicalType();
  if (!canonical->isVoidType() && !canonical->isIncompleteType()) {
    p.size = static_cast<unsigned>(context.getTypeSize(canonical) / 8);
    p.isSigned = canonical->isSignedIntegerOrEnumerationType();
  }
  if (!canonical->isPointerType())
    return p;
  QualType pointee = canonical->getPointeeType();
  if (pointee->isVoidType())
    p.pointee = Pointee::Void;
  else if (pointee->isFunctionType())
    p.pointee = Pointee::Function;
  else if (pointee->isCharType())
    p.pointee = Pointee::Char;
  else if (const auto *record = pointee->getAs<RecordType>()) {
    p.pointee = Pointee::Record;
    p.pointeeTag = record->getDecl()->getName().str();
  } else if ((pointee->isIntegerType() || pointee->isEnumeralType()) &&
             !pointee->isIncompleteType()) {
    p.pointee = Pointee::Scalar;
    p.pointeeSize = static_cast<unsigned>(context.getTypeSize(pointee) / 8);
  } else {
    p.pointee = Pointee::Other;
  }
  return p;
}

std::vector<Parameter> describeParameters(const FunctionDecl *function,
                                          const ASTContext &context) {
  std::vector<Parameter> out;
  for (const ParmVarDecl *param : function->parameters()) {
    std::string name = param->getNameAsString();
    if (name.empty())  // unnamed in a header's prototype
      name = "arg" + std::to_string(out.size());
    out.push_back(describe(name, param->getType(), context));
    out.back().iomem = mentionsIomem(writtenText(param->getSourceRange(), context));
  }
  return out;
}

Parameter describeResult(const FunctionDecl *function, const ASTContext &context) {
  Parameter result = describe("result", function->getReturnType(), context);
  result.iomem = mentionsIomem(writtenText(function->getReturnTypeSourceRange(), context));
  return result;
}

// Names of file-scope functions and variables a declaration uses, the
// functions whose address it takes, and the kernel functions it names.
using InlineCalls = std::map<const FunctionDecl *, std::set<std::string>>;

class ReferenceCollector : public RecursiveASTVisitor<ReferenceCollector> {
public:
  ReferenceCollector(const ASTContext &context, std::map<std::string, ExternalFunction> &externals,
                     InlineCalls &inlines)
      : context_(context), externals_(externals), inlines_(inlines) {}

  std::set<std::string> names;
  std::set<std::string> addressTaken;
  std::set<std::string> mayWrite;
  // Kernel functions called directly or through the headers' inline
  // functions (request_irq -> request_threaded_irq).
  std::set<std::string> kernelCalls;

  bool VisitCallExpr(CallExpr *call) {
    if (const Expr *callee = call->getCallee())
      if (const auto *ref = dyn_cast<DeclRefExpr>(callee->IgnoreParenImpCasts()))
        callees_.insert(ref);
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *ref) {
    const ValueDecl *decl = ref->getDecl();
    if (const auto *var = dyn_cast<VarDecl>(decl)) {
      if (var->isFileVarDecl()) {
        names.insert(var->getNameAsString());
        if (!onlyRead(ref))
          mayWrite.insert(var->getNameAsString());
      }
    } else if (const auto *function = dyn_cast<FunctionDecl>(decl)) {
      names.insert(decl->getNameAsString());
      if (!callees_.count(ref))
        addressTaken.insert(decl->getNameAsString());
      const FunctionDecl *definition = nullptr;
      if (!function->isDefined(definition)) {
        if (!function->getBuiltinID()) {
          recordExternal(function);
          kernelCalls.insert(decl->getNameAsString());
        }
      } else if (!context_.getSourceManager().isInMainFile(
                     context_.getSourceManager().getExpansionLoc(definition->getLocation()))) {
        const std::set<std::string> &through = inlineCalls(definition);
        kernelCalls.insert(through.begin(), through.end());
      }
    }
    return true;
  }

private:
  const ASTContext &context_;
  std::map<std::string, ExternalFunction> &externals_;
  InlineCalls &inlines_;
  std::set<const DeclRefExpr *> callees_;

  // A use that cannot change the variable: its value (or an element's or a
  // member's) is loaded, its size taken, or its address (a decayed array)
  // goes on only as a pointer to const (strscpy's source, a driver struct's name).
  // Anything else may write, a variadic argument (printk's %s) included.
  bool onlyRead(const Expr *use) {
    auto &context = const_cast<ASTContext &>(context_);
    bool addressed = false;
    while (true) {
      DynTypedNodeList parents = context.getParents(*use);
      if (parents.empty())
        return false;
      if (parents[0].get<UnaryExprOrTypeTraitExpr>())
        return true;
      if (const auto *paren = parents[0].get<ParenExpr>()) {
        use = paren;
        continue;
      }
      // An element or a member of the variable: judged as the variable.
      if (const auto *element = parents[0].get<ArraySubscriptExpr>();
          element && element->getBase() == use && addressed) {
        addressed = false;
        use = element;
        continue;
      }
      if (const auto *member = parents[0].get<MemberExpr>(); member && !member->isArrow()) {
        use = member;
        continue;
      }
      if (const auto *unary = parents[0].get<UnaryOperator>();
          unary && unary->getOpcode() == UO_AddrOf) {
        addressed = true;
        use = unary;
        continue;
      }
      const auto *cast = parents[0].get<ImplicitCastExpr>();
      if (!cast)
        return addressed && pointsToConst(use->getType());
      if (cast->getCastKind() == CK_LValueToRValue && !addressed)
        return true;
      if (cast->getCastKind() == CK_ArrayToPointerDecay)
        addressed = true;
      if (addressed && pointsToConst(cast->getType()))
        return true;
      use = cast;
    }
  }

  static bool pointsToConst(QualType type) {
    const auto *pointer = type->getAs<PointerType>();
    return pointer && pointer->getPointeeType().isConstQualified();
  }

  const std::set<std::string> &inlineCalls(const FunctionDecl *definition) {
    auto found = inlines_.find(definition);
    if (found != inlines_.end())
      return found->second;
    inlines_[definition];  // a recursive inline ends here
    ReferenceCollector inner(context_, externals_, inlines_);
    inner.TraverseDecl(const_cast<FunctionDecl *>(definition));
    return inlines_[definition] = inner.kernelCalls;
  }

  void recordExternal(const FunctionDecl *function) {
    std::string name = function->getNameAsString();
    if (externals_.count(name))
      return;
    ExternalFunction out;
    out.name = name;
    out.returnType = function->getReturnType().getAsString(context_.getPrintingPolicy());
    out.returnClass = classify(function->getReturnType(), context_);
    out.result = describeResult(function, context_);
    out.parameters = describeParameters(function, context_);
    out.variadic = function->isVariadic();
    externals_[name] = std::move(out);
  }
};

bool inSection(const Decl *decl, llvm::StringRef prefix) {
  const auto *section = decl->getAttr<SectionAttr>();
  return section && section->getName().starts_with(prefix);
}

class FileVisitor {
public:
  FileVisitor(ASTContext &context, FileFacts &facts)
      : context_(context), sm_(context.getSourceManager()), facts_(facts) {}

  void run() {
    for (Decl *decl : context_.getTranslationUnitDecl()->decls())
      visit(decl);
    markGroups();
  }

private:
  ASTContext &context_;
  SourceManager &sm_;
  FileFacts &facts_;
  InlineCalls inlines_;

  bool inMainFile(SourceLocation loc) const { return sm_.isInMainFile(sm_.getExpansionLoc(loc)); }

  unsigned offset(SourceLocation loc) const { return sm_.getFileOffset(sm_.getExpansionLoc(loc)); }

  // The declaration's bytes up to its closing ';' (or '}' for a function body).
  ByteRange rangeOf(SourceRange range, bool needsSemicolon) const {
    CharSourceRange chars = sm_.getExpansionRange(range);
    SourceLocation end = Lexer::getLocForEndOfToken(chars.getEnd(), 0, sm_,
                                                    context_.getLangOpts());
    ByteRange out{offset(chars.getBegin()), offset(end)};
    if (needsSemicolon) {
      StringRef buffer = sm_.getBufferData(sm_.getMainFileID());
      size_t at = buffer.find_first_not_of(" \t\n", out.end);
      if (at != StringRef::npos && buffer[at] == ';')
        out.end = at + 1;
    }
    return out;
  }

  void visit(Decl *decl) {
    if (decl->isImplicit() || !inMainFile(decl->getLocation()))
      return;
    if (auto *function = dyn_cast<FunctionDecl>(decl))
      visitFunction(function);
    else if (auto *var = dyn_cast<VarDecl>(decl))
      visitVariable(var);
  }

  void visitFunction(FunctionDecl *function) {
    if (const AliasAttr *alias = function->getAttr<AliasAttr>()) {
      recordEntryMacro(function, alias->getAliasee().str());
      return;
    }
    TopLevelDecl out;
    out.name = function->getNameAsString();
    out.isStatic = function->getStorageClass() == SC_Static;
    out.fromMacro = function->getLocation().isMacroID();
    out.line = sm_.getExpansionLineNumber(function->getLocation());
    out.returnType = function->getReturnType().getAsString(context_.getPrintingPolicy());
    out.returnClass = classify(function->getReturnType(), context_);
    out.variadic = function->isVariadic();
    out.parameters = describeParameters(function, context_);
    out.result = describeResult(function, context_);
    out.initSection = inSection(function, ".init");
    out.exitSection = inSection(function, ".exit");
    collectReferences(function, out);
    if (function->doesThisDeclarationHaveABody()) {
      out.kind = DeclKind::Function;
      out.range = rangeOf(function->getSourceRange(), false);
      out.body = rangeOf(function->getBody()->getSourceRange(), false);
    } else {
      out.kind = DeclKind::Prototype;
      out.range = rangeOf(function->getSourceRange(), true);
    }
    facts_.decls.push_back(std::move(out));
  }

  // module_init(fn) and module_exit(fn) expand to init_module/cleanup_module
  // aliases of fn; the expansion range is the macro invocation.
  void recordEntryMacro(FunctionDecl *alias, const std::string &target) {
    EntryMacro *entry = nullptr;
    if (alias->getName() == "init_module")
      entry = &facts_.moduleInit;
    else if (alias->getName() == "cleanup_module")
      entry = &facts_.moduleExit;
    if (!entry || !alias->getLocation().isMacroID())
      return;
    entry->function = target;
    entry->line = sm_.getExpansionLineNumber(alias->getLocation());
    entry->range = rangeOf(sm_.getExpansionRange(alias->getLocation()).getAsRange(), true);
  }

  void visitVariable(VarDecl *var) {
    TopLevelDecl out;
    out.kind = DeclKind::Variable;
    out.name = var->getNameAsString();
    out.isStatic = var->getStorageClass() == SC_Static;
    out.fromMacro = var->getLocation().isMacroID();
    out.used = var->hasAttr<UsedAttr>();
    out.line = sm_.getExpansionLineNumber(var->getLocation());
    out.range = rangeOf(var->getSourceRange(), true);
    out.variableType = var->getType().getAsString(context_.getPrintingPolicy());
    QualType canonical = var->getType().getCanonicalType();
    out.constType = context_.getBaseElementType(canonical).isConstQualified();
    if (isPlainData(canonical)) {
      out.plainDataBytes = static_cast<uint64_t>(context_.getTypeSize(canonical) / 8);
      out.aggregate = !canonical->isScalarType();
    } else if (canonical->isPointerType()) {
      QualType pointee = canonical->getPointeeType();
      if (const auto *record = pointee->getAs<RecordType>())
        out.pointeeTag = record->getDecl()->getName().str();
      out.pointsToChar = pointee->isCharType();
    }
    collectReferences(var, out);
    facts_.decls.push_back(std::move(out));
  }

  // Integers, enums and bools, and complete arrays and structs of them: bytes
  // that mean the same in both halves (no pointer, no lock, no list head).
  bool isPlainData(QualType type) const {
    type = type.getCanonicalType();
    if (type->isIntegerType() || type->isBooleanType() || type->isEnumeralType())
      return true;
    if (const auto *array = context_.getAsConstantArrayType(type))
      return isPlainData(array->getElementType());
    const auto *record = type->getAsRecordDecl();
    // A lock is plain bytes without lock debugging, but never data to copy.
    if (!record || !record->getDefinition() || record->getName().contains("lock"))
      return false;
    return std::all_of(record->getDefinition()->field_begin(), record->getDefinition()->field_end(),
                       [&](const FieldDecl *f) { return isPlainData(f->getType()); });
  }

  void collectReferences(Decl *decl, TopLevelDecl &out) {
    ReferenceCollector references(context_, facts_.externals, inlines_);
    references.TraverseDecl(decl);
    out.kernelCalls.assign(references.kernelCalls.begin(), references.kernelCalls.end());
    out.references.assign(references.names.begin(), references.names.end());
    out.addressTaken.assign(references.addressTaken.begin(), references.addressTaken.end());
    out.mayWrite.assign(references.mayWrite.begin(), references.mayWrite.end());
  }

  // `int a, b;` declares two variables in one range: neither may go alone.
  void markGroups() {
    for (size_t i = 1; i < facts_.decls.size(); ++i) {
      TopLevelDecl &previous = facts_.decls[i - 1], &current = facts_.decls[i];
      if (current.range.begin < previous.range.end) {
        previous.grouped = current.grouped = true;
        previous.range.end = current.range.end =
            std::max(previous.range.end, current.range.end);
      }
    }
  }
};

class CollectConsumer : public ASTConsumer {
public:
  explicit CollectConsumer(FileFacts &facts) : facts_(facts) {}
  void HandleTranslationUnit(ASTContext &context) override {
    FileVisitor(context, facts_).run();
  }

private:
  FileFacts &facts_;
};

class CollectAction : public ASTFrontendAction {
public:
  explicit CollectAction(SourceFacts &facts) : facts_(facts) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &, StringRef file) override {
    facts_.files.emplace_back();
    facts_.files.back().path = file.str();
    return std::make_unique<CollectConsumer>(facts_.files.back());
  }

private:
  SourceFacts &facts_;
};

class CollectFactory : public tooling::FrontendActionFactory {
public:
  explicit CollectFactory(SourceFacts &facts) : facts_(facts) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<CollectAction>(facts_);
  }

private:
  SourceFacts &facts_;
};

// Forwards clang's errors, with their positions, to the sink.
class SinkConsumer : public DiagnosticConsumer {
public:
  explicit SinkConsumer(analyzer::DiagnosticSink &sink) : sink_(sink) {}
  void HandleDiagnostic(DiagnosticsEngine::Level level, const Diagnostic &info) override {
    if (level < DiagnosticsEngine::Error)
      return;
    SmallString<256> message;
    info.FormatDiagnostic(message);
    if (info.hasSourceManager() && info.getLocation().isValid()) {
      PresumedLoc where = info.getSourceManager().getPresumedLoc(info.getLocation());
      sink_.error(message.str().str(), where.getFilename(), where.getLine(), where.getColumn());
    } else {
      sink_.error(message.str().str());
    }
  }

private:
  analyzer::DiagnosticSink &sink_;
};

}  // namespace

std::optional<SourceFacts> collectSourceFacts(const tooling::CompilationDatabase &database,
                                              const std::vector<std::string> &files,
                                              analyzer::DiagnosticSink &sink) {
  std::vector<std::string> sorted = files;
  std::sort(sorted.begin(), sorted.end());
  tooling::ClangTool tool(database, sorted);
  tool.appendArgumentsAdjuster([](const tooling::CommandLineArguments &args, StringRef) {
    return analyzer::adjustKernelArguments(args);
  });
  SinkConsumer consumer(sink);
  tool.setDiagnosticConsumer(&consumer);
  tool.setPrintErrorMessage(false);
  unsigned errorsBefore = sink.errorCount();
  SourceFacts facts;
  CollectFactory factory(facts);
  if (tool.run(&factory) != 0 || sink.errorCount() != errorsBefore) {
    if (sink.errorCount() == errorsBefore)
      sink.error("clang could not parse the driver's translation units");
    return std::nullopt;
  }
  for (FileFacts &file : facts.files)
    file.kernelModule = analyzer::kernelModuleName(database, file.path);
  std::sort(facts.files.begin(), facts.files.end(),
            [](const FileFacts &a, const FileFacts &b) { return a.path < b.path; });
  return facts;
}

}  // namespace splitdriver::splitter
