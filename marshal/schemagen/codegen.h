// The code generation step of `split-driver marshal`: a description (format
// version 2) becomes <dir>/<driver>.capnp and, through the real capnp
// compiler and capnpc-sdmarshal, the in-place C codec <dir>/<driver>_sdm.{h,c}.
#pragma once

#include <ostream>
#include <string>

namespace sdmarshal::schema {

struct CodegenTools {
  std::string capnp = "capnp";  // the capnp compiler (PATH lookup by name)
  std::string plugin;           // capnpc-sdmarshal
  std::string importDir;        // the directory holding marshal.capnp
};

// `descriptionName` names the description in messages and in the schema's
// header comment. Every problem goes to `errors` as "file: where: error: ..."
// lines; on failure no schema or codec file is left in `dir`.
bool generateCodec(const std::string &descriptionJson, const std::string &descriptionName,
                   const std::string &dir, const CodegenTools &tools, std::ostream &errors);

}  // namespace sdmarshal::schema
