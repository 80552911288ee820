// Fragments for one crossing: the stub body that replaces a function's
// body in the calling half, and the handler that runs it in its home half.
#pragma once

#include "splitter/Plan.h"

#include <string>

namespace splitdriver::splitter {

// The text that replaces the braces of `call.function` in the half that
// does not run it. `upcall` says which way the crossing goes.
std::string stubBody(const std::string &driver, const PlannedCall &call, bool upcall);

// The handler appended to the home file of `call.function`.
std::string serveFunction(const std::string &driver, const PlannedCall &call);

// Values shared by the kernel and user split headers.
std::string splitHeader(const std::string &driver, const Plan &plan);

}  // namespace splitdriver::splitter
