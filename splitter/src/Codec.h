// The marshaled crossings (--codec): fragments and files that call
// sdm_call_* through the generated codec (docs/CROSSING.md sections 2-7).
#pragma once

#include "splitter/Plan.h"
#include "splitter/SourceFacts.h"

#include <string>

namespace splitdriver::splitter {

// The stub body replacing `call.function`'s braces in the calling half.
std::string codecStubBody(const std::string &driver, const PlannedCall &call);

// The dispatcher appended to the home file of `call.function`.
std::string codecServe(const std::string &driver, const PlannedCall &call);

// Appended to each driver file of a half: fills the table entries the file
// defines (its statics included).
std::string tableFiller(const std::string &driver, const Plan &plan, const FileFacts &file);
std::string fillerName(const FileFacts &file);

// Kernel half: handlers of the kernel API downcalls this file is the first
// to declare (the prototype clang saw there is in scope).
std::string kernelApiHandlers(const std::string &driver, const Plan &plan,
                              const SourceFacts &facts, const FileFacts &file);

// The files shared by both halves, and each half's glue.
std::string codecSplitHeader(const std::string &driver, const Plan &plan,
                             const SourceFacts &facts);
std::string codecFnsFile(const std::string &driver, const Plan &plan, const SourceFacts &facts);
std::string codecKernelGlue(const std::string &driver, const Plan &plan);
std::string codecUserGlue(const std::string &driver, const Plan &plan);

// "kapi_<function>": the descriptor's name of a kernel API crossing.
std::string kernelApiName(const PlannedKernelCall &call);

// A rule's C expression over the call's arguments ($0, $1, ...) and result
// ($ret), as the kernel API handler's argv and *ret, each cast to its type.
std::string callExpression(const std::string &expr, const PlannedKernelCall &k);

}  // namespace splitdriver::splitter
