// Writes an output directory all at once: the files go to a fresh sibling
// directory, which then replaces the old one by rename. An error on the way
// leaves the old directory as it was and no temporary behind; files the new
// output no longer has do not survive (the old directory goes as a whole).
#pragma once

#include "analyzer/Diagnostics.h"
#include "splitter/Writer.h"

#include <string>

namespace splitdriver::splitter {

// An existing `directory` must be a previous split output (it holds
// split.json): anything else is refused rather than replaced.
bool replaceDirectory(const std::string &directory, const OutputFiles &files,
                      analyzer::DiagnosticSink &sink);

}  // namespace splitdriver::splitter
