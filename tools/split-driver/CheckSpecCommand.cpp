// split-driver check-spec: the protocol-spec checker of user-runtime/observers.
// It keeps its own option parser (the standalone split-driver-check-spec
// shares it), so its options are not llvm::cl ones.
#include "Commands.h"

#include "observers/check_spec_cli.h"

namespace splitdriver::tools {

int runCheckSpec(int argc, const char **argv) {
  return observers::checkSpecMain("split-driver check-spec", argc - 1, argv + 1);
}

}  // namespace splitdriver::tools
