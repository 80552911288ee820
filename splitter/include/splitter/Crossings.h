// How each argument of a crossing travels through the generated codec
// (docs/CROSSING.md section 2), decided from the real parameter types and
// marshal's description of the driver (<drv>.marshal.json, format version
// 2), and kenv's list of kernel API downcalls (downcalls.txt).
#pragma once

#include "analyzer/Diagnostics.h"
#include "splitter/SourceFacts.h"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace splitdriver::splitter {

// What the splitter needs of marshal's description: which struct tags the
// codec describes (<drv>_sdm_type_<tag>), and which of them can lead a
// kernel function back into driver code (a fnptr or global field, directly
// or through ref fields).
struct CodecDescription {
  std::string directory;  // holds <drv>_sdm.{h,c}
  std::string driver;
  std::set<std::string> tags;
  std::set<std::string> reachesCode;
};

// Reads <directory>/<driver>.marshal.json. Wrong format, version or shape is
// an error naming the file and the JSON path.
std::optional<CodecDescription> loadCodecDescription(const std::string &directory,
                                                     const std::string &driver,
                                                     analyzer::DiagnosticSink &sink);
std::optional<CodecDescription> readCodecDescription(const std::string &text,
                                                     const std::string &file,
                                                     analyzer::DiagnosticSink &sink);

enum class ArgKind {
  Scalar,
  Object,
  String,
  Region,
  Function,
  Global,  // a pointer to a driver global both halves keep (an ops table)
  Opaque,
  OutScalar,
  BufferIn,  // a `buffer` rule: bytes of a length the caller computes
  BufferOut,
  BufferInOut,
  Unmarshalable
};
const char *argKindName(ArgKind kind);

struct CrossingArg {
  ArgKind kind = ArgKind::Scalar;
  unsigned size = 0;  // Scalar: bytes of the value; OutScalar: bytes written
  bool isSigned = false;
  std::string tag;   // Object: the described struct tag
  std::string note;  // Opaque / Unmarshalable: why
  // Buffer*: the length in bytes as a C expression over the arguments
  // ($0, $1, ...), its argv slot (after the arguments), and its rule.
  std::string length;
  unsigned lenSlot = 0;
  std::string rule;
  // A kernel API call's argument the kernel half supplies itself (an `own`
  // rule: THIS_MODULE for a struct module *), whatever crossed.
  std::string kernelValue;
};

bool isBuffer(ArgKind kind);
// A buffer's length with `$N` replaced by `argument(N)`; false (with the
// offending text in `error`) for an argument number out of range.
bool expandLength(const std::string &length, size_t arguments,
                  const std::function<std::string(size_t)> &argument, std::string &out,
                  std::string &error);

// A void result is Scalar with size 0.
CrossingArg classifyArgument(const Parameter &parameter, const CodecDescription &codec);

// kenv's downcalls.txt: function names in id order (kenv id = index).
// A name listed twice, or not an identifier, is an error with file:line.
std::optional<std::vector<std::string>> loadKenvDowncalls(const std::string &path,
                                                          analyzer::DiagnosticSink &sink);

// marshal/runtime/sdm_call.h's SDM_CALL_MAX_ARGS: arguments and buffer lengths.
constexpr unsigned kMaxCallSlots = 16;

// Channel ids of kernel API downcalls: kKernelApiBase + kenv id.
constexpr unsigned kKernelApiBase = 0x10000;

}  // namespace splitdriver::splitter
