// Description -> <driver>.capnp text: one struct per shared type, one per
// boundary function (its arguments toward the callee, its return value
// back), ids derived from names so the same input always gives the same
// bytes.
#pragma once

#include <string>

#include "description.h"

namespace sdmarshal::schema {

enum class SchemaMode {
  AsDescribed,  // in-place annotations ($ctype, $cfield, ...) when the description has them
  Mirror,       // without them: the same ids and ordinals for a mirror (and C++) codec
};

std::string writeCapnp(const Description &d, const std::string &sourceName,
                       SchemaMode mode = SchemaMode::AsDescribed);
uint64_t stableId(const std::string &key);
std::string capnpTypeName(const std::string &cName);   // toy_adapter -> ToyAdapter
std::string capnpFieldName(const std::string &cName);  // msg_enable -> msgEnable

}  // namespace sdmarshal::schema
