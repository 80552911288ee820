#include "FactCollector.h"

#include "FieldLayout.h"

#include <clang/AST/ASTConsumer.h>
#include <clang/AST/ASTContext.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Lex/Lexer.h>
#include <llvm/Support/Path.h>

#include <map>
#include <unordered_map>
#include <unordered_set>

namespace splitdriver::analyzer {
namespace {

using namespace clang;

const Expr *strip(const Expr *expr) {
  while (expr) {
    expr = expr->IgnoreParenCasts();
    if (const auto *unary = dyn_cast<UnaryOperator>(expr)) {
      if (unary->getOpcode() == UO_AddrOf || unary->getOpcode() == UO_Deref) {
        expr = unary->getSubExpr();
        continue;
      }
    }
    return expr;
  }
  return expr;
}

const FunctionDecl *referencedFunction(const Expr *expr) {
  if (const auto *ref = dyn_cast_or_null<DeclRefExpr>(strip(expr)))
    return dyn_cast<FunctionDecl>(ref->getDecl());
  return nullptr;
}

// Whether a location is in the driver (a file in one of its directories);
// records each driver file's line count on first sight.
class DriverFiles {
public:
  DriverFiles(SourceManager &sources, const std::set<std::string> &driverDirs, Facts &facts)
      : sources_(sources), driverDirs_(driverDirs), facts_(facts) {}

  bool contains(SourceLocation location) {
    return containsFile(sources_.getFileID(sources_.getExpansionLoc(location)));
  }

  // Where the text was written: a kernel header's macro body is not the driver's.
  bool spelledInDriver(SourceLocation location) {
    return containsFile(sources_.getFileID(sources_.getSpellingLoc(location)));
  }

private:
  bool containsFile(FileID file) {
    auto cached = cache_.find(file.getHashValue());
    if (cached != cache_.end())
      return cached->second;
    bool inDriver = false;
    if (OptionalFileEntryRef entry = sources_.getFileEntryRefForID(file)) {
      llvm::StringRef real = sources_.getFileManager().getCanonicalName(*entry);
      inDriver = driverDirs_.count(llvm::sys::path::parent_path(real).str()) > 0;
      if (inDriver && !facts_.fileLines.count(real.str()))
        facts_.fileLines[real.str()] =
            static_cast<unsigned>(sources_.getBufferData(file).count('\n'));
    }
    cache_[file.getHashValue()] = inDriver;
    return inDriver;
  }

  SourceManager &sources_;
  const std::set<std::string> &driverDirs_;
  Facts &facts_;
  std::unordered_map<unsigned, bool> cache_;
};

// How an expression is used, from the operators around it: the target of
// `=` is written, of a compound assignment, ++/-- or `&` read and written,
// anything else read. Visitors see the operator before its operands, so
// they note the operator first and classify the operand when they reach it.
class AccessKinds {
public:
  void noteAssignment(const BinaryOperator *op) {
    if (op->isAssignmentOp())
      note(op->getOpcode() == BO_Assign ? writeOnly_ : readWrite_,
           op->getLHS()->IgnoreParenImpCasts());
  }

  void noteUnary(const UnaryOperator *op) {
    if (op->isIncrementDecrementOp() || op->getOpcode() == UO_AddrOf)
      note(readWrite_, op->getSubExpr()->IgnoreParenImpCasts());
  }

  // An inline array member that decays to a pointer (memcpy(hw->mac_addr,
  // ...)) may be written through it, as `&x->f` may.
  void noteCast(const ImplicitCastExpr *cast) {
    if (cast->getCastKind() == CK_ArrayToPointerDecay)
      readWrite_.insert(cast->getSubExpr()->IgnoreParens());
  }

  bool reads(const Expr *expr) const { return !writeOnly_.count(expr) || readWrite_.count(expr); }
  bool writes(const Expr *expr) const { return writeOnly_.count(expr) || readWrite_.count(expr); }

private:
  // `x->arr[i] = v` writes the member x->arr: the element's access is the
  // inline array's.
  static void note(std::unordered_set<const Expr *> &set, const Expr *expr) {
    set.insert(expr);
    while (const auto *subscript = dyn_cast<ArraySubscriptExpr>(expr)) {
      const Expr *base = subscript->getBase()->IgnoreImpCasts()->IgnoreParens();
      if (!base->getType()->isConstantArrayType())
        break;
      set.insert(base);
      expr = base;
    }
  }

  std::unordered_set<const Expr *> writeOnly_, readWrite_;
};

// A field a kernel-header inline reads or writes, itself or through the
// inlines it calls.
struct InlineAccess {
  std::string owner, field;
  bool read = false, write = false;
  const FieldDecl *decl = nullptr;
};

// What a header inline does, itself or through the inlines it calls: the
// fields it reads and writes, and the out-of-line kernel functions it calls
// (request_irq's request_threaded_irq: a downcall of the user half).
struct InlineSummary {
  std::vector<InlineAccess> accesses;
  std::set<const FunctionDecl *> kernelCalls;
};

// The summary of each header inline, computed once per inline, read and
// written as AccessKinds tells (the driver collector's rules).
class InlineSummaries {
public:
  const InlineSummary &summarise(const FunctionDecl *function) {
    auto done = summaries_.find(function);
    if (done != summaries_.end())
      return done->second;
    InlineSummary &summary = summaries_[function];
    // A recursive inline (rare) sees its own summary as empty while it is built.
    BodyVisitor visitor(*this);
    visitor.TraverseStmt(function->getBody());
    for (auto &[key, access] : visitor.accesses)
      summary.accesses.push_back(access);
    summary.kernelCalls = std::move(visitor.kernelCalls);
    return summary;
  }

private:
  class BodyVisitor : public RecursiveASTVisitor<BodyVisitor> {
  public:
    explicit BodyVisitor(InlineSummaries &owner) : owner_(owner) {}

    bool VisitBinaryOperator(BinaryOperator *op) {
      kinds_.noteAssignment(op);
      return true;
    }

    bool VisitUnaryOperator(UnaryOperator *op) {
      kinds_.noteUnary(op);
      return true;
    }

    bool VisitImplicitCastExpr(ImplicitCastExpr *cast) {
      kinds_.noteCast(cast);
      return true;
    }

    bool VisitMemberExpr(MemberExpr *member) {
      const auto *field = dyn_cast<FieldDecl>(member->getMemberDecl());
      // A lock's insides belong to the lock (its holder is what the cut
      // judges); an anonymous member is reached through its named ones.
      if (!field || field->getName().empty() || isLockRecord(recordName(field->getParent())))
        return true;
      add({recordName(field->getParent()), field->getNameAsString(), kinds_.reads(member),
           kinds_.writes(member), field});
      return true;
    }

    bool VisitCallExpr(CallExpr *call) {
      const FunctionDecl *callee = call->getDirectCallee();
      const FunctionDecl *definition = callee ? callee->getDefinition() : nullptr;
      if (definition && definition->hasBody() && definition->isInlineSpecified()) {
        const InlineSummary &inner = owner_.summarise(definition);
        for (const InlineAccess &access : inner.accesses)
          add(access);
        kernelCalls.insert(inner.kernelCalls.begin(), inner.kernelCalls.end());
      } else if (callee && !callee->getBuiltinID()) {
        kernelCalls.insert(callee->getFirstDecl());
      }
      return true;
    }

    std::map<std::pair<std::string, std::string>, InlineAccess> accesses;
    std::set<const FunctionDecl *> kernelCalls;

  private:
    void add(const InlineAccess &access) {
      auto [slot, inserted] = accesses.try_emplace({access.owner, access.field}, access);
      if (!inserted) {
        slot->second.read |= access.read;
        slot->second.write |= access.write;
      }
    }

    InlineSummaries &owner_;
    AccessKinds kinds_;
  };

  std::map<const FunctionDecl *, InlineSummary> summaries_;
};

class Collector : public RecursiveASTVisitor<Collector> {
  using Base = RecursiveASTVisitor<Collector>;

public:
  Collector(ASTContext &context, const Rules &rules, DriverFiles &driverFiles, Facts &facts)
      : sources_(context.getSourceManager()), rules_(rules), facts_(facts),
        driverFiles_(driverFiles),
        layouts_(context, [&driverFiles](SourceLocation at) { return driverFiles.contains(at); },
                 facts) {}

  bool TraverseFunctionDecl(FunctionDecl *function) {
    // A kernel header's inline body is read only through its driver callers
    // (recordCalleeFacts), never as code of its own.
    if (function->doesThisDeclarationHaveABody() && !isDriverLocation(function->getLocation()))
      return true;
    recordModuleEntry(function);
    if (!function->doesThisDeclarationHaveABody() || rules_.isIgnored(function->getNameAsString()))
      return RecursiveASTVisitor::TraverseFunctionDecl(function);
    FunctionFact fact;
    fact.name = function->getNameAsString();
    SourcePos begin = position(function->getBeginLoc());
    fact.file = canonicalFile(function->getLocation());
    // A static inline in a driver header is defined in every TU including it.
    if (!facts_.definitionKeys.insert(fact.file + ":" + fact.name).second)
      return true;
    fact.beginLine = begin.line;
    fact.endLine = sources_.getExpansionLineNumber(function->getEndLoc());
    fact.isStatic = function->getStorageClass() == SC_Static;
    fact.isInline = function->isInlineSpecified();
    fact.returnsVoid = function->getReturnType()->isVoidType();
    facts_.functions.push_back(fact);
    current_ = fact.name;
    heldLocks_.clear();
    loopDepth_ = 0;
    bool result = RecursiveASTVisitor::TraverseFunctionDecl(function);
    current_.clear();
    return result;
  }

  // module_init(fn) / module_exit(fn) declare init_module / cleanup_module as
  // aliases of fn: the module's entry points.
  void recordModuleEntry(const FunctionDecl *function) {
    const auto *alias = function->getAttr<AliasAttr>();
    std::string name = function->getNameAsString();
    if (!alias || !isDriverLocation(function->getLocation()) ||
        (name != "init_module" && name != "cleanup_module"))
      return;
    RefFact ref;
    ref.kind = RefKind::ModuleEntry;
    ref.function = alias->getAliasee().str();
    ref.owner = name == "init_module" ? "module_init" : "module_exit";
    ref.pos = position(function->getLocation());
    facts_.refs.push_back(ref);
  }

  // A call in a loop runs once per element (per descriptor of a ring
  // cleanup): the cut weighs it so (Cut.cpp). A macro's do { } while (0) is
  // not a loop.
  bool TraverseForStmt(ForStmt *loop) { return inLoop([&] { return Base::TraverseForStmt(loop); }); }
  bool TraverseWhileStmt(WhileStmt *loop) {
    return inLoop([&] { return Base::TraverseWhileStmt(loop); });
  }
  bool TraverseDoStmt(DoStmt *loop) {
    if (isFalse(loop->getCond()))
      return Base::TraverseDoStmt(loop);
    return inLoop([&] { return Base::TraverseDoStmt(loop); });
  }

  bool VisitCallExpr(CallExpr *call) {
    if (current_.empty())
      return true;
    if (const FunctionDecl *callee = call->getDirectCallee()) {
      handled_.insert(call->getCallee()->IgnoreParenImpCasts());
      recordDirectCall(call, callee->getNameAsString());
      recordCalleeFacts(callee, call);
    } else {
      recordIndirectCall(call);
    }
    return true;
  }

  bool VisitInitListExpr(InitListExpr *list) {
    InitListExpr *semantic = list->isSemanticForm() ? list : list->getSemanticForm();
    if (!semantic || !seenInitLists_.insert(semantic).second)
      return true;
    const RecordDecl *record = semantic->getType()->getAsRecordDecl();
    if (!record)
      return true;
    if (record->isUnion()) {
      if (const FieldDecl *field = semantic->getInitializedFieldInUnion(); field &&
          semantic->getNumInits() > 0)
        recordFieldInit(record, field, semantic->getInit(0));
      return true;
    }
    unsigned index = 0;
    for (const FieldDecl *field : record->fields()) {
      if (index >= semantic->getNumInits())
        break;
      recordFieldInit(record, field, semantic->getInit(index++));
    }
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *op) {
    if (!op->isAssignmentOp())
      return true;
    const Expr *target = op->getLHS()->IgnoreParenImpCasts();
    kinds_.noteAssignment(op);
    const FunctionDecl *function = referencedFunction(op->getRHS());
    if (!function || op->getOpcode() != BO_Assign)
      return true;
    handled_.insert(strip(op->getRHS()));
    RefFact ref;
    ref.function = function->getNameAsString();
    ref.inFunction = current_;
    ref.pos = position(op->getBeginLoc());
    if (const auto *member = dyn_cast<MemberExpr>(target)) {
      if (const auto *field = dyn_cast<FieldDecl>(member->getMemberDecl())) {
        ref.kind = RefKind::FieldAssign;
        ref.owner = recordName(field->getParent());
        ref.field = field->getNameAsString();
      }
    } else if (const auto *var = dyn_cast<DeclRefExpr>(target)) {
      ref.kind = var->getDecl()->isFunctionOrFunctionTemplate() ? RefKind::Other
                 : isLocalVariable(var->getDecl())          ? RefKind::LocalVar
                                                            : RefKind::GlobalVar;
      ref.owner = var->getDecl()->getNameAsString();
    }
    facts_.refs.push_back(ref);
    return true;
  }

  bool VisitImplicitCastExpr(ImplicitCastExpr *cast) {
    kinds_.noteCast(cast);
    return true;
  }

  bool VisitUnaryOperator(UnaryOperator *op) {
    kinds_.noteUnary(op);
    return true;
  }

  bool VisitVarDecl(VarDecl *var) {
    const FunctionDecl *function = var->hasInit() ? referencedFunction(var->getInit()) : nullptr;
    if (!function)
      return true;
    handled_.insert(strip(var->getInit()));
    RefFact ref;
    ref.kind = var->hasLocalStorage() ? RefKind::LocalVar : RefKind::GlobalVar;
    ref.function = function->getNameAsString();
    ref.owner = var->getNameAsString();
    ref.inFunction = current_;
    ref.pos = position(var->getLocation());
    facts_.refs.push_back(ref);
    return true;
  }

  bool VisitMemberExpr(MemberExpr *member) {
    if (current_.empty())
      return true;
    const auto *field = dyn_cast<FieldDecl>(member->getMemberDecl());
    if (!field || isMacroPrivateState(member))
      return true;
    std::string owner = recordName(field->getParent());
    std::string name = field->getNameAsString();
    recordAccess(member, owner, name);
    layouts_.note(field);
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *ref) {
    if (const auto *function = dyn_cast<FunctionDecl>(ref->getDecl())) {
      if (handled_.count(ref))
        return true;
      RefFact fact;
      fact.kind = RefKind::Other;
      fact.function = function->getNameAsString();
      fact.inFunction = current_;
      fact.pos = position(ref->getLocation());
      facts_.refs.push_back(fact);
      return true;
    }
    const auto *var = dyn_cast<VarDecl>(ref->getDecl());
    if (!current_.empty() && var && var->hasGlobalStorage() && !var->isStaticLocal())
      recordAccess(ref, "", var->getNameAsString());
    return true;
  }

  bool VisitRecordDecl(RecordDecl *record) {
    if (!record->isCompleteDefinition())
      return true;
    std::string name = recordName(record);
    std::set<std::string> &fields = facts_.records[name];
    for (const FieldDecl *field : record->fields()) {
      fields.insert(field->getNameAsString());
      if (facts_.wantedFields.count(name + "." + field->getNameAsString()))
        layouts_.note(field);
    }
    return true;
  }

private:
  // Dynamic debug and static keys expand to a static local a kernel-header
  // macro declares: the kernel's business, not state the halves share.
  bool isMacroPrivateState(const MemberExpr *member) {
    const Expr *base = member->getBase()->IgnoreParenCasts();
    while (true) {
      if (const auto *inner = dyn_cast<MemberExpr>(base))
        base = inner->getBase()->IgnoreParenCasts();
      else if (const auto *unary = dyn_cast<UnaryOperator>(base))
        base = unary->getSubExpr()->IgnoreParenCasts();
      else
        break;
    }
    const auto *ref = dyn_cast<DeclRefExpr>(base);
    const auto *var = ref ? dyn_cast<VarDecl>(ref->getDecl()) : nullptr;
    return var && var->isStaticLocal() && !driverFiles_.spelledInDriver(var->getLocation());
  }

  template <typename Traverse> bool inLoop(Traverse traverse) {
    ++loopDepth_;
    bool result = traverse();
    --loopDepth_;
    return result;
  }

  static bool isFalse(const Expr *condition) {
    const auto *literal = dyn_cast_or_null<IntegerLiteral>(condition ? condition->IgnoreParenImpCasts() : nullptr);
    return literal && literal->getValue() == 0;
  }

  static bool isLocalVariable(const ValueDecl *decl) {
    const auto *var = dyn_cast<VarDecl>(decl);
    return var && var->hasLocalStorage();
  }

  void recordDirectCall(CallExpr *call, const std::string &callee) {
    if (rules_.isIgnored(callee))
      return;
    if (const LockRule *rule = rules_.findLock(callee))
      recordLockOp(call, *rule);
    for (unsigned i = 0; i < call->getNumArgs(); ++i)
      recordCallArgument(call, callee, i);
    CallFact fact;
    fact.caller = current_;
    fact.callee = callee;
    fact.heldLocks = heldLocks_;
    fact.pos = position(call->getBeginLoc());
    fact.inLoop = loopDepth_ > 0;
    facts_.calls.push_back(fact);
  }

  void recordCallArgument(CallExpr *call, const std::string &callee, unsigned index) {
    const Expr *argument = strip(call->getArg(index));
    const auto *ref = dyn_cast_or_null<DeclRefExpr>(argument);
    if (!ref)
      return;
    if (const auto *function = dyn_cast<FunctionDecl>(ref->getDecl())) {
      handled_.insert(ref);
      RefFact fact;
      fact.kind = RefKind::CallArg;
      fact.function = function->getNameAsString();
      fact.owner = callee;
      fact.argIndex = static_cast<int>(index);
      fact.inFunction = current_;
      fact.pos = position(ref->getLocation());
      facts_.refs.push_back(fact);
    } else if (isLocalVariable(ref->getDecl()) &&
               ref->getType()->isFunctionPointerType()) {
      facts_.argsViaVar.push_back({callee, static_cast<int>(index),
                                   ref->getDecl()->getNameAsString(), current_,
                                   position(ref->getLocation())});
    }
  }

  void recordIndirectCall(CallExpr *call) {
    IndirectCallFact fact;
    fact.caller = current_;
    fact.heldLocks = heldLocks_;
    fact.pos = position(call->getBeginLoc());
    fact.inLoop = loopDepth_ > 0;
    const Expr *callee = strip(call->getCallee());
    if (const auto *member = dyn_cast_or_null<MemberExpr>(callee)) {
      if (const auto *field = dyn_cast<FieldDecl>(member->getMemberDecl())) {
        fact.owner = recordName(field->getParent());
        fact.field = field->getNameAsString();
      }
    } else if (const auto *ref = dyn_cast_or_null<DeclRefExpr>(callee)) {
      fact.field = ref->getDecl()->getNameAsString();
    } else {
      fact.field = "?";
    }
    facts_.indirectCalls.push_back(fact);
  }

  void recordLockOp(CallExpr *call, const LockRule &rule) {
    LockOpFact fact;
    fact.function = current_;
    fact.kind = rule.kind;
    fact.acquire = rule.acquire;
    fact.pos = position(call->getBeginLoc());
    if (rule.argIndex < 0)
      fact.lock = rule.global;
    else if (static_cast<unsigned>(rule.argIndex) < call->getNumArgs())
      fact.lock = lockName(call->getArg(rule.argIndex));
    else
      fact.lock = "?";
    facts_.lockOps.push_back(fact);
    if (!Rules::isAtomicLockKind(rule.kind))
      return;
    if (rule.acquire) {
      heldLocks_.push_back(fact.lock);
    } else {
      for (auto it = heldLocks_.rbegin(); it != heldLocks_.rend(); ++it)
        if (*it == fact.lock) {
          heldLocks_.erase(std::next(it).base());
          break;
        }
    }
  }

  // The lock object an argument names: "struct.field", a global, or "?".
  std::string lockName(const Expr *argument) {
    const Expr *expr = strip(argument);
    while (const auto *call = dyn_cast_or_null<CallExpr>(expr)) {
      const FunctionDecl *callee = call->getDirectCallee();
      const PassthroughRule *rule =
          callee ? rules_.findPassthrough(callee->getNameAsString()) : nullptr;
      if (!rule || static_cast<unsigned>(rule->argIndex) >= call->getNumArgs())
        break;
      expr = strip(call->getArg(rule->argIndex));
    }
    if (const auto *member = dyn_cast_or_null<MemberExpr>(expr))
      if (const auto *field = dyn_cast<FieldDecl>(member->getMemberDecl()))
        return recordName(field->getParent()) + "." + field->getNameAsString();
    if (const auto *ref = dyn_cast_or_null<DeclRefExpr>(expr))
      return (isLocalVariable(ref->getDecl()) ? current_ + ":" : "") +
             ref->getDecl()->getNameAsString();
    return "?";
  }

  void recordFieldInit(const RecordDecl *record, const FieldDecl *field, const Expr *init) {
    const FunctionDecl *function = referencedFunction(init);
    if (!function)
      return;
    handled_.insert(strip(init));
    RefFact fact;
    fact.kind = RefKind::FieldInit;
    fact.function = function->getNameAsString();
    fact.owner = recordName(record);
    fact.field = field->getNameAsString();
    fact.inFunction = current_;
    fact.pos = position(init->getBeginLoc());
    facts_.refs.push_back(fact);
  }

  void recordAccess(const Expr *expr, const std::string &owner, const std::string &field) {
    mergeAccess(owner, field, kinds_.reads(expr), kinds_.writes(expr));
  }

  // One AccessFact per (function, field), its read/write flags merged.
  void mergeAccess(const std::string &owner, const std::string &field, bool read, bool write) {
    auto [slot, inserted] =
        accessIndex_.try_emplace(AccessKey{current_, owner, field}, facts_.accesses.size());
    if (inserted) {
      facts_.accesses.push_back({current_, owner, field, read, write});
      return;
    }
    AccessFact &fact = facts_.accesses[slot->second];
    fact.read |= read;
    fact.write |= write;
  }

  // What a call of a non-driver function tells. The fields a kernel-header
  // inline touches are its driver caller's: the user half runs those inlines
  // on its own copies (netif_start_queue() writes dev->_tx[0].state), so they
  // cross like the driver's accesses; the out-of-line kernel functions it
  // reaches, or an out-of-line callee itself, are kernel calls (the models').
  void recordCalleeFacts(const FunctionDecl *callee, const CallExpr *call) {
    const FunctionDecl *definition = callee->getDefinition();
    if (isDriverLocation(callee->getLocation()) ||
        (definition && isDriverLocation(definition->getLocation())))
      return;
    if (!definition || !definition->hasBody() || !definition->isInlineSpecified()) {
      if (!callee->getBuiltinID())
        recordKernelCall(callee, call);
      return;
    }
    const InlineSummary &summary = inlineSummaries_.summarise(definition);
    for (const InlineAccess &access : summary.accesses) {
      mergeAccess(access.owner, access.field, access.read, access.write);
      layouts_.note(access.decl);
    }
    for (const FunctionDecl *kernel : summary.kernelCalls)
      recordKernelCall(kernel, call);
  }

  // A kernel function the driver calls, directly or through a header inline:
  // its prototype (for the kernel API models) and who calls it.
  void recordKernelCall(const FunctionDecl *callee, const CallExpr *call) {
    std::string name = callee->getNameAsString();
    if (rules_.isIgnored(name))
      return;
    auto [slot, inserted] = facts_.prototypes.try_emplace(name);
    if (inserted)
      for (const ParmVarDecl *param : callee->parameters()) {
        PrototypeParam p;
        QualType type = param->getType().getCanonicalType();
        if (type->isPointerType()) {
          QualType pointee = type->getPointeeType();
          p.constPointee = pointee.isConstQualified();
          if (const auto *record = pointee->getAs<RecordType>())
            p.structName = record->getDecl()->getName().str();
        }
        slot->second.push_back(p);
      }
    facts_.kernelCalls.push_back({current_, name, position(call->getBeginLoc())});
  }

  SourcePos position(SourceLocation location) {
    SourcePos pos;
    SourceLocation expansion = sources_.getExpansionLoc(location);
    PresumedLoc presumed = sources_.getPresumedLoc(expansion);
    if (presumed.isInvalid())
      return pos;
    pos.file = presumed.getFilename();
    pos.line = presumed.getLine();
    pos.column = presumed.getColumn();
    return pos;
  }

  std::string canonicalFile(SourceLocation location) {
    FileID file = sources_.getFileID(sources_.getExpansionLoc(location));
    if (OptionalFileEntryRef entry = sources_.getFileEntryRefForID(file))
      return sources_.getFileManager().getCanonicalName(*entry).str();
    return position(location).file;
  }

  bool isDriverLocation(SourceLocation location) { return driverFiles_.contains(location); }

  struct AccessKey {
    std::string function, owner, field;
    bool operator<(const AccessKey &other) const {
      return std::tie(function, owner, field) < std::tie(other.function, other.owner, other.field);
    }
  };

  SourceManager &sources_;
  const Rules &rules_;
  Facts &facts_;
  std::string current_;
  std::vector<std::string> heldLocks_;
  unsigned loopDepth_ = 0;
  std::unordered_set<const Expr *> handled_;
  AccessKinds kinds_;
  std::unordered_set<const InitListExpr *> seenInitLists_;
  DriverFiles &driverFiles_;
  std::map<AccessKey, size_t> accessIndex_;  // -> index in facts_.accesses
  InlineSummaries inlineSummaries_;
  FieldLayouts layouts_;
};

class CollectorConsumer : public ASTConsumer {
public:
  CollectorConsumer(const Rules &rules, const std::set<std::string> &driverDirs, Facts &facts)
      : rules_(rules), driverDirs_(driverDirs), facts_(facts) {}

  void Initialize(ASTContext &context) override {
    driverFiles_ = std::make_unique<DriverFiles>(context.getSourceManager(), driverDirs_, facts_);
  }

  // Kernel headers define thousands of functions; only the bodies of their
  // inlines matter (the fields they touch are their driver callers'), so
  // every other header body is skipped.
  bool shouldSkipFunctionBody(Decl *decl) override {
    if (driverFiles_->contains(decl->getLocation()))
      return false;
    const auto *function = dyn_cast<FunctionDecl>(decl);
    return !function || !function->isInlineSpecified();
  }

  void HandleTranslationUnit(ASTContext &context) override {
    if (context.getDiagnostics().hasErrorOccurred())
      return;
    Collector collector(context, rules_, *driverFiles_, facts_);
    collector.TraverseDecl(context.getTranslationUnitDecl());
  }

private:
  const Rules &rules_;
  const std::set<std::string> &driverDirs_;
  Facts &facts_;
  std::unique_ptr<DriverFiles> driverFiles_;
};

}  // namespace

std::unique_ptr<clang::ASTConsumer> newFactCollector(const Rules &rules,
                                                     const std::set<std::string> &driverDirs,
                                                     Facts &facts) {
  return std::make_unique<CollectorConsumer>(rules, driverDirs, facts);
}

}  // namespace splitdriver::analyzer
