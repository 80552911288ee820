// Sidecar annotations of one driver (drivers/<name>/<name>.annotations):
// what static analysis cannot infer. Format in annotations/README.md.
#pragma once

#include "analyzer/Diagnostics.h"
#include "analyzer/Facts.h"

#include <string>
#include <vector>

namespace splitdriver::analyzer {

struct AnnotationPos {
  std::string file;
  unsigned line = 0;
  unsigned column = 0;
};

// pin <function> kernel|user
struct PinAnnotation {
  std::string function;
  bool kernel = false;
  AnnotationPos pos;
};

// defer <function> [owner "<C expression of its parameters>"]: the kernel
// half runs the user function later, from a work item, instead of waiting
// for it: its kernel callers may run in atomic context. The owner is the
// net_device the kernel half holds until it has run (its objects must
// outlive the caller); a `struct net_device *` parameter is the default.
struct DeferAnnotation {
  std::string function;
  std::string owner;
  AnnotationPos pos;
};

// nullterm|opaque|ignore|combolock|dma|iomem <struct>.<field>,
// length <struct>.<field> <count|field>, points_to <struct>.<field> <struct>
struct FieldAnnotation {
  std::string kind;
  std::string structName;
  std::string field;
  std::string expression;  // the operand of length and points_to
  AnnotationPos pos;
};

// container_of <parent-struct> <member>
struct ContainerOfAnnotation {
  std::string parent;
  std::string member;
  AnnotationPos pos;
};

// alloc_size <struct> "<C expression>": bytes of one allocation when larger
// than sizeof (a net_device and its private area); interior <struct>:
// objects of the struct may live inside another tracked allocation;
// private <struct> <target-struct> "<C expression of o>": where the
// struct's private area (an object of the target) is, computed from the
// object `o` (netdev_priv(o)), so the area travels with the struct.
struct TypeAnnotation {
  std::string kind;  // alloc_size, interior or private
  std::string structName;
  std::string expression;  // alloc_size's and private's C expression
  AnnotationPos pos;
  std::string target;  // private: the struct of the private area
};

struct Annotations {
  std::vector<std::string> files;
  std::vector<PinAnnotation> pins;
  std::vector<DeferAnnotation> defers;
  std::vector<FieldAnnotation> fields;
  std::vector<ContainerOfAnnotation> containerOfs;
  std::vector<TypeAnnotation> types;

  const FieldAnnotation *findField(const std::string &structName, const std::string &field) const;
  const TypeAnnotation *findType(const std::string &kind, const std::string &structName) const;
  const DeferAnnotation *findDefer(const std::string &function) const;
};

// Syntax: errors at file:line:col. Returns false on any error.
bool parseSidecar(const std::string &text, const std::string &file, Annotations &annotations,
                  DiagnosticSink &sink);
bool loadSidecar(const std::string &path, Annotations &annotations, DiagnosticSink &sink);

// Kernel type facts: every `*.types` file of `directory` (the kernel API
// rules' directory; none is fine), sidecar syntax, kernel-type kinds only
// (nullterm, length, opaque, points_to, ignore, dma, iomem, chain,
// interior). mergeKernelTypes() adds to a driver's annotations the lines
// whose structs and fields its translation units have and its sidecar does
// not annotate itself.
bool loadKernelTypes(const std::string &directory, Annotations &out, DiagnosticSink &sink);
void mergeKernelTypes(const Annotations &kernel, const Facts &facts, Annotations &driver);

// Semantics against the driver's real AST: every struct, field and
// function named must exist. Returns false on any error.
bool checkSidecar(const Annotations &annotations, const Facts &facts, DiagnosticSink &sink);

}  // namespace splitdriver::analyzer
