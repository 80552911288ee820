#include "observers/check_spec_cli.h"

int main(int argc, char** argv) { return observers::checkSpecMain("split-driver-check-spec", argc, argv); }
