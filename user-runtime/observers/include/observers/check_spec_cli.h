// The check-spec command, shared by `split-driver check-spec` and the
// standalone `split-driver-check-spec`.
#pragma once

namespace observers {

// argv[0] is the command's own name; `program` is how usage names it.
// Exit status: 0 clean, 1 errors (or warnings with --Werror), 2 usage.
int checkSpecMain(const char* program, int argc, const char* const* argv);

}  // namespace observers
