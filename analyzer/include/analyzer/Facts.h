// Raw facts one pass over the driver's translation units collects.
//
// Plain data without clang types: the AST visitor (FactCollector) fills it,
// everything after it (call graph, contexts, classification) reads it only.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace splitdriver::analyzer {

struct SourcePos {
  std::string file;
  unsigned line = 0;
  unsigned column = 0;
};

// A function defined in the driver (a main file's directory).
struct FunctionFact {
  std::string name;
  std::string file;
  unsigned beginLine = 0;
  unsigned endLine = 0;
  bool isStatic = false;
  bool isInline = false;
  bool returnsVoid = false;
};

// A direct call from a driver function.
struct CallFact {
  std::string caller;
  std::string callee;
  bool calleeInDriver = false;
  // Driver spinlocks held at the call (acquire..release in source order).
  std::vector<std::string> heldLocks;
  SourcePos pos;
  bool inLoop = false;  // in a loop of its caller: once per element, not per call
};

// Where the address of a driver function goes.
enum class RefKind {
  FieldInit,     // .field = fn in an initialiser of struct `owner`
  FieldAssign,   // x->field = fn, owner is x's struct
  CallArg,       // callee(..., fn, ...) at argument `argIndex`
  LocalVar,      // local variable `owner` of function `inFunction` = fn
  GlobalVar,     // global function pointer variable `owner` = fn
  ModuleEntry,   // module_init(fn) / module_exit(fn): owner names which
  Other,         // comparison, cast to integer, ...: no control transfer
};

struct RefFact {
  RefKind kind = RefKind::Other;
  std::string function;    // the driver function whose address is taken
  std::string owner;       // struct, callee or variable name
  std::string field;       // for FieldInit / FieldAssign
  int argIndex = -1;       // for CallArg
  std::string inFunction;  // enclosing function ("" at file scope)
  SourcePos pos;
};

// A call argument that is a local function-pointer variable: resolved
// through the LocalVar refs of the same function.
struct ArgViaVarFact {
  std::string callee;
  int argIndex = -1;
  std::string var;
  std::string inFunction;
  SourcePos pos;
};

// An indirect call: through a struct field (`owner`.`field`) or a variable.
struct IndirectCallFact {
  std::string caller;
  std::string owner;  // struct name, or "" for a variable/expression
  std::string field;  // field name, or the variable's name
  std::vector<std::string> heldLocks;
  SourcePos pos;
  bool inLoop = false;
};

// A lock operation recognised through a `lock` rule.
struct LockOpFact {
  std::string function;  // the driver function taking/releasing it
  std::string lock;      // "struct.field", a global's name, or "?expr"
  std::string kind;      // from the rule: spinlock, mutex, ...
  bool acquire = true;
  SourcePos pos;
};

// A read or write of a struct field or a global by a driver function.
struct AccessFact {
  std::string function;
  std::string owner;  // struct name, or "" for a global variable
  std::string field;  // field name or global name
  bool read = false;
  bool write = false;
};

// Layout of a value (a field, or an inline array's element), from clang's
// ASTContext: what a codec compiled elsewhere needs to read it in place.
struct ValueLayout {
  unsigned size = 0;     // bytes (getTypeSizeInChars); 0 for an incomplete type
  bool isSigned = false;  // signed integer or enum with a signed underlying type
  bool isBool = false;    // _Bool
};

// Type facts about one field the driver touches (for pointer classes).
struct FieldTypeFact {
  std::string type;          // as spelled by clang
  std::string pointerClass;  // scalar, object, array, string, opaque, iomem, dma, lock, function,
                             // embedded, inline-array
  std::string pointee;       // struct name for object/embedded (and an array's record element)
  ValueLayout layout;
  unsigned bitfieldWidth = 0;  // 0: not a bit-field
  unsigned index = 0;          // position among its record's members (declaration order)
  bool pointeeConst = false;   // object: points to a const struct (an ops table)
  // A constant array (inline-array): element count, and the element's class
  // (as for a field) and layout; a pointer to scalars: class scalar, layout.
  unsigned long long count = 0;
  std::string elemClass;
  ValueLayout elem;
};

// A struct or union some field fact names (as owner, pointee or element).
struct RecordFact {
  bool isUnion = false;
  unsigned size = 0;
  std::string file;     // the defining file (real path)
  std::string header;   // how a codec includes it: "linux/netdevice.h", "e1000.h"; "" for a .c file
  bool inSourceFile = false;  // defined in a .c file: no other translation unit can name it
  bool inDriver = false;      // defined in a driver file (its header comes after the kernel's)
  std::string ctype;   // "struct net_device", "union x", a typedef's name; "" if nested anonymous
  // A nested anonymous record: the record it is declared in and the member
  // of its type there ("" for an unnamed member, whose fields C names directly).
  std::string parent, member;
  std::vector<std::string> members;  // declaration order; "" for an unnamed (anonymous) member
  // A named record of a .c file: the C text another translation unit needs
  // to name it (the .c file's types it uses, then itself) and the headers
  // that text needs (analyzer/src/LocalDefinition.h).
  std::vector<std::string> localDefinition;  // one declaration each
  std::vector<std::string> localIncludes;
};

// A parameter of a kernel function the driver calls.
struct PrototypeParam {
  std::string structName;  // pointer to a struct: its tag
  bool constPointee = false;
};

// A call from a driver function to an out-of-line kernel function, made
// directly or inside a header inline the driver calls.
struct KernelCallFact {
  std::string caller;
  std::string callee;
  SourcePos pos;
};

struct Facts {
  std::vector<FunctionFact> functions;
  // Prototypes of the kernel functions the driver calls, and the calls.
  std::map<std::string, std::vector<PrototypeParam>> prototypes;
  std::vector<KernelCallFact> kernelCalls;
  std::vector<CallFact> calls;
  std::vector<RefFact> refs;
  std::vector<ArgViaVarFact> argsViaVar;
  std::vector<IndirectCallFact> indirectCalls;
  std::vector<LockOpFact> lockOps;
  std::vector<AccessFact> accesses;
  // Every struct seen in any TU: name -> field names (for annotation checks).
  std::map<std::string, std::set<std::string>> records;
  // "struct.field" -> type facts, for the fields driver code accesses.
  std::map<std::string, FieldTypeFact> fieldTypes;
  // "struct.field" keys that get type facts even if no driver code touches
  // them, set before collection: a sidecar `length` answer's count field
  // crosses with its pointer, so the describer needs its layout.
  std::set<std::string> wantedFields;
  // Layout of every record a field type fact names (owner, pointee, element).
  std::map<std::string, RecordFact> recordLayouts;
  // Every driver source file with its line count.
  std::map<std::string, unsigned> fileLines;
  // "file:function" of every definition collected (headers recur per TU).
  std::set<std::string> definitionKeys;
};

}  // namespace splitdriver::analyzer
