// What the splitter needs to know about each translation unit of a driver:
// its top-level declarations with their exact byte ranges, what each one
// refers to, and the module's entry-point macros. Collected once with
// libTooling (FactCollector); everything after that is plain data, so the
// planner and the writers need no AST.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace splitdriver::splitter {

// How a value crosses the boundary today: scalars (integers, enumerations,
// counted as Unsigned) ride in a 64-bit slot; everything else needs a
// generated codec (marshal/), which does not exist yet.
enum class ValueClass { Void, Signed, Unsigned, Pointer, Aggregate };
const char *valueClassName(ValueClass valueClass);
bool marshalable(ValueClass valueClass);

// What a pointer parameter points to, from its canonical type: decides how
// it crosses with a codec (docs/CROSSING.md section 2).
enum class Pointee { None, Record, Char, Scalar, Function, Void, Other };

struct Parameter {
  std::string name;
  std::string type;  // as written by clang's printer, e.g. "struct net_device *"
  ValueClass valueClass = ValueClass::Aggregate;
  unsigned size = 0;  // bytes of the value (scalars)
  bool isSigned = false;
  Pointee pointee = Pointee::None;
  std::string pointeeTag;  // Record: the struct or union tag ("net_device")
  unsigned pointeeSize = 0;  // Scalar: bytes the callee writes
  bool iomem = false;  // declared __iomem in the source
};

// A kernel function the driver calls or takes the address of, with the
// prototype clang sees in the driver's translation unit.
struct ExternalFunction {
  std::string name;
  std::string returnType;
  ValueClass returnClass = ValueClass::Void;
  Parameter result;  // the return value classified like a parameter
  std::vector<Parameter> parameters;
  bool variadic = false;
};

// Byte range [begin, end) in the file as it is on disk.
struct ByteRange {
  unsigned begin = 0;
  unsigned end = 0;
  bool valid() const { return end > begin; }
};

enum class DeclKind { Function, Prototype, Variable };
const char *declKindName(DeclKind kind);

struct TopLevelDecl {
  DeclKind kind = DeclKind::Function;
  std::string name;
  bool isStatic = false;
  // Written by a macro (module_param, DEFINE_SPINLOCK, ...): functions are
  // never edited; variables are removed only with their whole invocation.
  bool fromMacro = false;
  // __attribute__((used)): the module's metadata (modinfo, parameters).
  bool used = false;
  // Shares its declaration with another (int a, b;): never removed alone.
  bool grouped = false;
  unsigned line = 0;
  ByteRange range;  // the whole declaration with its ';'
  ByteRange body;   // functions: the braces and what is between them
  std::vector<std::string> references;  // file-scope functions and variables used
  // Functions only.
  std::string returnType;
  ValueClass returnClass = ValueClass::Void;
  std::vector<Parameter> parameters;
  Parameter result;  // the return value classified like a parameter
  bool variadic = false;
  // Placed in .init.text / .exit.text (__init, __exit).
  bool initSection = false, exitSection = false;
  // Functions whose address it takes (not called directly): table entries.
  std::vector<std::string> addressTaken;
  // File-scope variables this declaration may write: assigned, incremented,
  // or their address (or decayed array) used as a pointer to non-const.
  std::vector<std::string> mayWrite;
  // Variables only: const (of its elements, for an array; through typeof).
  bool constType = false;
  // Variables only: bytes of plain data (integers, enums, bools, and arrays
  // and structs of them: no pointers), 0 otherwise; aggregate: not a scalar.
  uint64_t plainDataBytes = 0;
  bool aggregate = false;
  // Variables only: a pointer to a struct: its tag ("net_device"); a
  // pointer to char (a string).
  std::string pointeeTag;
  bool pointsToChar = false;
  // Kernel functions it calls, directly or through the headers' inline
  // functions: candidates for kernel API downcalls.
  std::vector<std::string> kernelCalls;
  // Variables: the type as clang prints it ("struct net_device_ops").
  std::string variableType;
};

// module_init(fn); / module_exit(fn); as written in the file.
struct EntryMacro {
  std::string function;  // the function it names
  ByteRange range;       // the invocation with its ';'
  unsigned line = 0;
};

struct FileFacts {
  std::string path;  // absolute
  std::vector<TopLevelDecl> decls;
  EntryMacro moduleInit, moduleExit;
  std::string kernelModule;  // KBUILD_MODNAME
  // Kernel functions (declared, not defined here) the file refers to.
  std::map<std::string, ExternalFunction> externals;
};

struct SourceFacts {
  std::vector<FileFacts> files;  // in compile-database order, sorted by path
};

}  // namespace splitdriver::splitter
