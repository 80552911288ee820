// The two halves. Each driver file is rewritten with clang
// tooling::Replacements over its original bytes: bodies become stubs,
// declarations the half does not need are removed, the module's entry
// macros are rewired (kernel) or removed (user), and the handlers of the
// functions the other half calls are appended. Everything else is verbatim.
#include "splitter/Writer.h"

#include "Codec.h"
#include "CodecKernelTemplates.h"
#include "CodecTemplates.h"
#include "CodecUserTemplates.h"
#include "Stubs.h"
#include "Template.h"
#include "Templates.h"

#include <clang/Tooling/Core/Replacement.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace splitdriver::splitter {
namespace {

// The user half's build runs elsewhere: a relative -p must not leak into it.
std::string absolute(const std::string &path) {
  llvm::SmallString<256> out(path);
  llvm::sys::fs::make_absolute(out);
  llvm::sys::path::remove_dots(out, true);
  return out.str().str();
}


namespace path = llvm::sys::path;
using clang::tooling::Replacement;
using clang::tooling::Replacements;

// "struct device *" stays (the name follows the star), "int" becomes "int ".
std::string parameterDeclaration(const std::string &type) {
  return !type.empty() && type.back() == '*' ? type : type + " ";
}

// A bus rule's removed device, C over the remove slot's parameter $0.
std::string removedDevice(const std::string &expr) {
  std::string out;
  for (size_t i = 0; i < expr.size(); ++i)
    if (expr.compare(i, 2, "$0") == 0) {
      out += "dev";
      ++i;
    } else {
      out += expr[i];
    }
  return out;
}

std::optional<std::string> readFile(const std::string &file, analyzer::DiagnosticSink &sink) {
  auto buffer = llvm::MemoryBuffer::getFile(file);
  if (!buffer) {
    sink.error("cannot read: " + buffer.getError().message(), file);
    return std::nullopt;
  }
  return (*buffer)->getBuffer().str();
}

// Removing a declaration takes the line break after it too.
ByteRange withLineEnd(ByteRange range, const std::string &code) {
  if (range.end < code.size() && code[range.end] == '\n')
    ++range.end;
  return range;
}

class FileRewriter {
public:
  FileRewriter(const Plan &plan, const SourceFacts &facts, const FileFacts &file, Half half,
               std::string code)
      : plan_(plan), facts_(facts), file_(file), half_(half), code_(std::move(code)),
        driver_(identifierPrefix(plan.driver)) {}

  std::optional<std::string> run(analyzer::DiagnosticSink &sink) {
    std::string head = renderTemplate(templates::kInclude, {{"driver", driver_}});
    if (half_ == Half::Kernel && (file_.moduleInit.range.valid() || file_.moduleExit.range.valid()))
      head += renderTemplate(templates::kKernelEntryDecls,
                             {{"driver", driver_}, {"rename_decls", renames(templates::kRenameDecl)}});
    add(0, 0, head);
    for (const TopLevelDecl &decl : file_.decls)
      if (!decl.fromMacro || decl.kind == DeclKind::Variable)
        rewrite(decl);
    rewireEntries();
    add(code_.size(), 0, handlers());
    if (error_) {
      sink.error("cannot rewrite: " + llvm::toString(std::move(error_)), file_.path);
      return std::nullopt;
    }
    auto rewritten = clang::tooling::applyAllReplacements(code_, replacements_);
    if (!rewritten) {
      sink.error("cannot rewrite: " + llvm::toString(rewritten.takeError()), file_.path);
      return std::nullopt;
    }
    return *rewritten;
  }

private:
  const Plan &plan_;
  const SourceFacts &facts_;
  const FileFacts &file_;
  Half half_;
  std::string code_;
  std::string driver_;
  Replacements replacements_;
  llvm::Error error_ = llvm::Error::success();

  void add(unsigned offset, unsigned length, const std::string &text) {
    if (error_)
      return;
    error_ = replacements_.add(Replacement(file_.path, offset, length, text));
  }
  void remove(ByteRange range) {
    range = withLineEnd(range, code_);
    add(range.begin, range.end - range.begin, "");
  }

  void rewrite(const TopLevelDecl &decl) {
    switch (decl.kind) {
    case DeclKind::Function: {
      const PlannedFunction &f = plan_.functions.at(decl.name);
      Placement placement = f.in(half_);
      if (placement == Placement::Drop)
        remove(decl.range);
      else if (placement == Placement::Stub)
        add(decl.body.begin, decl.body.end - decl.body.begin, stub(decl.name));
      else if (half_ == Half::Kernel && decl.name == file_.moduleInit.function && decl.initSection)
        dropInitMarker(decl);
      return;
    }
    case DeclKind::Prototype: {
      auto f = plan_.functions.find(decl.name);
      if (decl.isStatic && f != plan_.functions.end() && f->second.in(half_) == Placement::Drop)
        remove(decl.range);
      return;
    }
    case DeclKind::Variable: {
      auto planned = plan_.variables.find(file_.path + ":" + decl.name);
      if (planned == plan_.variables.end())
        return;  // the module_init/module_exit machinery, rewritten with its macro
      const PlannedVariable &v = planned->second;
      if (!(half_ == Half::Kernel ? v.kernel : v.user) && decl.isStatic && !decl.grouped &&
          !decl.used)
        remove(decl.range);
      return;
    }
    }
  }

  std::string stub(const std::string &function) {
    bool upcall = half_ == Half::Kernel;
    const PlannedCall *call = upcall ? plan_.upcall(function) : plan_.downcall(function);
    return plan_.codec ? codecStubBody(driver_, *call) : stubBody(driver_, *call, upcall);
  }

  // The driver's init runs at the first attach, after loading: it may not
  // stay in .init.text. Removes the `__init` written before its name.
  void dropInitMarker(const TopLevelDecl &decl) {
    const std::string marker = "__init";
    size_t at = code_.find(marker, decl.range.begin);
    while (at != std::string::npos && at < decl.body.begin) {
      bool word = (at == 0 || !(std::isalnum(static_cast<unsigned char>(code_[at - 1])) ||
                                code_[at - 1] == '_')) &&
                  !(std::isalnum(static_cast<unsigned char>(code_[at + marker.size()])) ||
                    code_[at + marker.size()] == '_');
      if (word) {
        unsigned length = marker.size() + (code_[at + marker.size()] == ' ' ? 1 : 0);
        add(at, length, "");
        return;
      }
      at = code_.find(marker, at + 1);
    }
  }

  std::string renames(const char *fragment) const {
    std::string out;
    for (const BusDriver &bus : plan_.busDrivers)
      out += renderTemplate(fragment, {{"driver", driver_}, {"variable", bus.variable}});
    return out;
  }

  void rewireEntries() {
    const EntryMacro &init = file_.moduleInit, &exit = file_.moduleExit;
    if (half_ == Half::User) {
      if (init.range.valid())
        remove(init.range);
      if (exit.range.valid())
        remove(exit.range);
      return;
    }
    if (init.range.valid() && init.range.begin == exit.range.begin &&
        !plan_.moduleDriverVariable.empty()) {
      // The planner made sure a bus rule names the variable's struct.
      for (const BusDriver &bus : plan_.busDrivers)
        if (bus.variable == plan_.moduleDriverVariable)
          add(init.range.begin, init.range.end - init.range.begin,
              renderTemplate(templates::kModuleBusDriver,
                             {{"driver", driver_},
                              {"variable", plan_.moduleDriverVariable},
                              {"register", bus.bus.registerFn},
                              {"unregister", bus.bus.unregisterFn},
                              {"renames", renames(templates::kRenameCall)}}));
      return;
    }
    if (init.range.valid())
      add(init.range.begin, init.range.end - init.range.begin,
          renderTemplate(templates::kModuleInit, {{"driver", driver_},
                                                  {"function", init.function},
                                                  {"renames", renames(templates::kRenameCall)}}));
    if (exit.range.valid())
      add(exit.range.begin, exit.range.end - exit.range.begin,
          renderTemplate(templates::kModuleExit, {{"driver", driver_}, {"function", exit.function}}));
    else if (init.range.valid())
      add(init.range.end, 0,
          "\n" + renderTemplate(templates::kModuleOnlyExit, {{"driver", driver_}}));
  }

  // Handlers of the functions this file keeps and the other half calls.
  std::string handlers() {
    const std::vector<PlannedCall> &served =
        half_ == Half::Kernel ? plan_.downcalls : plan_.upcalls;
    std::string out;
    for (const PlannedCall &call : served)
      if (call.file == file_.path)
        out += plan_.codec ? codecServe(driver_, call) : serveFunction(driver_, call);
    if (half_ == Half::Kernel)
      for (const BusDriver &bus : plan_.busDrivers)
        if (bus.file == file_.path)
          out += renderTemplate(plan_.codec ? templates::kRenameBusDriver : templates::kRenameDriver,
                                {{"driver", driver_},
                                 {"variable", bus.variable},
                                 {"param", parameterDeclaration(bus.bus.removeParam)},
                                 {"slot", bus.bus.removeSlot},
                                 {"device", removedDevice(bus.bus.removeDevice)}});
    if (plan_.codec) {
      out += tableFiller(driver_, plan_, file_);
      if (half_ == Half::Kernel)
        out += kernelApiHandlers(driver_, plan_, facts_, file_);
    }
    return out;
  }
};

bool rewriteSources(const Plan &plan, const SourceFacts &facts, Half half, const std::string &dir,
                    OutputFiles &out, analyzer::DiagnosticSink &sink) {
  std::set<std::string> sourceDirs;
  for (const FileFacts &file : facts.files) {
    auto code = readFile(file.path, sink);
    if (!code)
      return false;
    auto rewritten = FileRewriter(plan, facts, file, half, std::move(*code)).run(sink);
    if (!rewritten)
      return false;
    out[dir + "/" + path::filename(file.path).str()] = std::move(*rewritten);
    sourceDirs.insert(path::parent_path(file.path).str());
  }
  // The driver's own headers come along unchanged.
  for (const std::string &sourceDir : sourceDirs) {
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(sourceDir, ec), end; it != end && !ec;
         it.increment(ec)) {
      if (path::extension(it->path()) != ".h")
        continue;
      auto code = readFile(it->path(), sink);
      if (!code)
        return false;
      out[dir + "/" + path::filename(it->path()).str()] = std::move(*code);
    }
  }
  return true;
}

// The codec (<drv>_sdm.{h,c} and <drv>_local.h from --codec) and the marshal runtime, copied
// so the output directory stays self-contained. Returns the .c files.
std::optional<std::vector<std::string>> copyCodec(const Plan &plan, const WriterOptions &options,
                                                  const std::string &dir, OutputFiles &out,
                                                  analyzer::DiagnosticSink &sink) {
  const std::string driver = identifierPrefix(plan.driver);
  std::vector<std::string> files;
  for (const char *ext : {".h", ".c"})
    files.push_back(plan.codec->directory + "/" + driver + "_sdm" + ext);
  // The .c files' own types the codec names (schemagen writes it).
  std::string local = plan.codec->directory + "/" + driver + "_local.h";
  if (llvm::sys::fs::exists(local))
    files.push_back(local);
  std::error_code ec;
  std::vector<std::string> runtime;
  for (llvm::sys::fs::directory_iterator it(options.marshalRuntime, ec), end; it != end && !ec;
       it.increment(ec)) {
    llvm::StringRef ext = path::extension(it->path());
    if (ext == ".c" || ext == ".h")
      runtime.push_back(it->path());
  }
  if (ec || runtime.empty()) {
    sink.error("no marshal runtime (*.c, *.h) to copy" + (ec ? ": " + ec.message() : ""),
               options.marshalRuntime);
    return std::nullopt;
  }
  std::sort(runtime.begin(), runtime.end());
  files.insert(files.end(), runtime.begin(), runtime.end());
  std::vector<std::string> sources;
  for (const std::string &file : files) {
    auto code = readFile(file, sink);
    if (!code)
      return std::nullopt;
    std::string name = path::filename(file).str();
    out[dir + "/" + name] = std::move(*code);
    if (path::extension(name) == ".c")
      sources.push_back(name);
  }
  return sources;
}

std::string withExtension(const std::string &file, const char *ext) {
  return path::stem(file).str() + ext;
}

std::vector<std::string> objectNames(const SourceFacts &facts) {
  std::vector<std::string> objects;
  for (const FileFacts &file : facts.files)
    objects.push_back(path::stem(file.path).str() + ".o");
  return objects;
}

}  // namespace

std::string identifierPrefix(const std::string &driver) {
  std::string out;
  for (char c : driver)
    out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out.front())))
    out = "drv_" + out;
  return out;
}

static void writeScalarKernelGlue(const Plan &plan, const std::string &driver,
                                  OutputFiles &out);

bool writeKernelHalf(const Plan &plan, const SourceFacts &facts, const WriterOptions &options,
                     OutputFiles &out, analyzer::DiagnosticSink &sink) {
  const std::string driver = identifierPrefix(plan.driver);
  if (!rewriteSources(plan, facts, Half::Kernel, "kernel", out, sink))
    return false;
  const std::string glue = driver + "_split_k";
  std::vector<std::string> objects = objectNames(facts);
  if (plan.codec) {
    auto copied = copyCodec(plan, options, "kernel", out, sink);
    if (!copied)
      return false;
    out["kernel/" + driver + "_split.h"] = codecSplitHeader(driver, plan, facts);
    out["kernel/" + driver + "_split_fns.c"] = codecFnsFile(driver, plan, facts);
    out["kernel/" + glue + ".c"] = codecKernelGlue(driver, plan);
    objects.push_back(driver + "_split_fns.o");
    objects.push_back(glue + ".o");
    for (const std::string &source : *copied)
      objects.push_back(withExtension(source, ".o"));
  } else {
    writeScalarKernelGlue(plan, driver, out);
    objects.push_back(glue + ".o");
  }
  out["kernel/Kbuild"] = renderTemplate(templates::kKbuild,
                                        {{"driver", driver},
                                         {"module", driver + "_k"},
                                         {"objects", join(objects, " ")},
                                         {"udrv_include", options.udrvInclude},
                                         {"udrv_symvers", options.udrvSymvers}});
  out["kernel/Makefile"] = templates::kKernelMakefile;
  return true;
}

static void writeScalarKernelGlue(const Plan &plan, const std::string &driver,
                                  OutputFiles &out) {
  std::string wrappers, entries;
  for (const PlannedCall &call : plan.downcalls) {
    TemplateValues values{{"driver", driver}, {"DRIVER", upper(driver)},
                          {"function", call.function}};
    wrappers += renderTemplate(templates::kDowncallWrapper, values);
    entries += renderTemplate(templates::kDowncallEntry, values);
  }
  out["kernel/" + driver + "_split.h"] = splitHeader(driver, plan);
  out["kernel/" + driver + "_split_k.c"] = renderTemplate(
      templates::kKernelGlue,
      {{"driver", driver},
       {"DRIVER", upper(driver)},
       {"wrappers", wrappers},
       {"entries", entries},
       {"init_at_attach", renderTemplate(templates::kInitAtAttach,
                                        {{"driver", driver}, {"before_init", ""}, {"quiesce_op", ""}})}});
}

bool writeUserHalf(const Plan &plan, const SourceFacts &facts, const WriterOptions &options,
                   OutputFiles &out, analyzer::DiagnosticSink &sink) {
  const std::string driver = identifierPrefix(plan.driver);
  if (!rewriteSources(plan, facts, Half::User, "user", out, sink))
    return false;
  if (plan.codec) {
    auto copied = copyCodec(plan, options, "user", out, sink);
    if (!copied)
      return false;
    out["user/" + driver + "_split.h"] = codecSplitHeader(driver, plan, facts);
    out["user/" + driver + "_split_fns.c"] = codecFnsFile(driver, plan, facts);
    out["user/" + driver + "_split_u.c"] = codecUserGlue(driver, plan);
    out["user/" + driver + "_split_main.c"] =
        renderTemplate(templates::kCodecUserMain, {{"driver", driver}});
    std::vector<std::string> sources, glue{driver + "_split_fns.c", driver + "_split_u.c"};
    for (const FileFacts &file : facts.files)
      sources.push_back(path::filename(file.path).str());
    glue.insert(glue.end(), copied->begin(), copied->end());
    std::string module = facts.files.empty() ? driver : facts.files.front().kernelModule;
    out["user/CMakeLists.txt"] =
        renderTemplate(templates::kCodecUserCMake, {{"driver", driver},
                                                    {"module", module.empty() ? driver : module},
                                                    {"sources", join(sources, " ")},
                                                    {"glue_sources", join(glue, " ")},
                                                    {"source_dir", options.sourceDirectory},
                                                    {"binary_dir", options.binaryDirectory},
                                                    {"compile_database", absolute(options.compileDatabase)}});
    return true;
  }
  std::string entries;
  for (const PlannedCall &call : plan.upcalls)
    entries += renderTemplate(templates::kUpcallEntry, {{"driver", driver},
                                                        {"DRIVER", upper(driver)},
                                                        {"function", call.function}});
  out["user/" + driver + "_split.h"] = splitHeader(driver, plan);
  out["user/" + driver + "_split_main.c"] = renderTemplate(
      templates::kUserMain, {{"driver", driver}, {"DRIVER", upper(driver)}, {"entries", entries}});
  std::vector<std::string> sources;
  for (const FileFacts &file : facts.files)
    sources.push_back(path::filename(file.path).str());
  out["user/CMakeLists.txt"] = renderTemplate(templates::kUserCMake,
                                              {{"driver", driver},
                                               {"sources", join(sources, " ")},
                                               {"compile_database", absolute(options.compileDatabase)}});
  return true;
}

}  // namespace splitdriver::splitter
