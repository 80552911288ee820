// One generator per output: the C header (mirror structs, accessors,
// declarations, shared by both codecs), the C codec source (kernel side,
// over the project's runtime) and the C++ codec (user side, over capnp's
// generated classes).
#pragma once

#include <string>

#include "model.h"
#include "render.h"

namespace sdmarshal::gen {

struct OutputNames {
  std::string cHeader;       // foo_sdm.h
  std::string cSource;       // foo_sdm.c
  std::string cxxHeader;     // foo_sdm_cxx.h
  std::string cxxSource;     // foo_sdm_cxx.c++
  std::string capnpHeader;   // foo.capnp.h
};
OutputNames outputNames(const FilePlan &plan);

std::string generateCHeader(const FilePlan &plan);
std::string generateCSource(const FilePlan &plan);
std::string generateCxxHeader(const FilePlan &plan);
std::string generateCxxSource(const FilePlan &plan);

// Template variables of one field (shared by the C and C++ generators).
Vars fieldVars(const StructPlan &s, const FieldPlan &f);
// A two-way object reference outside a union: sync judges it by the object
// it names (sdm_sync_ref, sdm_ref_unchanged).
bool syncedRef(const FieldPlan &f);
Vars structVars(const FilePlan &plan, const StructPlan &s);

}  // namespace sdmarshal::gen
