// The text the generators emit, as templates (see render.h). One set of
// fragments per field kind and language, plus the file and function frames
// they are spliced into.
#pragma once

#include "model.h"

namespace sdmarshal::gen {

struct CFieldTemplates {
  const char *mirror;     // member(s) of the C mirror struct
  const char *accessors;  // static inline getters/setters over the runtime
  const char *encode;     // mirror -> builder `b`
  const char *decode;     // reader `r` -> mirror
  const char *visit;      // references to the object table
};

struct CxxFieldTemplates {
  const char *encode;     // mirror `o` -> capnp Builder `b`
  const char *decode;     // capnp Reader `r` -> mirror `o`
};

const CFieldTemplates &cTemplates(FieldKind kind);
// By field: an in-place $inline list has templates of its own.
const CFieldTemplates &cTemplates(const FieldPlan &f);
const CxxFieldTemplates &cxxTemplates(FieldKind kind);

namespace ctmpl {
extern const char *const kHeader;
extern const char *const kStructConstants;
extern const char *const kMirror;
extern const char *const kUnionAccessors;
extern const char *const kDeclarations;
extern const char *const kSource;
extern const char *const kFunctions;
extern const char *const kSwitch;
extern const char *const kCase;
extern const char *const kSizeCheck;
extern const char *const kSignCheck;
extern const char *const kSyncAt;
extern const char *const kSyncBytes;
extern const char *const kSyncCopy;
extern const char *const kSyncRef;
extern const char *const kSyncNested;
extern const char *const kSyncInlineList;
extern const char *const kSyncUnionMember;
}  // namespace ctmpl

namespace cxxtmpl {
extern const char *const kHeader;
extern const char *const kDeclarations;
extern const char *const kSource;
extern const char *const kFunctions;
extern const char *const kSwitch;
extern const char *const kCase;
}  // namespace cxxtmpl

}  // namespace sdmarshal::gen
