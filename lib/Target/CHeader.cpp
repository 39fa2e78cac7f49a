//===- CHeader.cpp - the embeddable C header ------------------------------===//
//
// C99 so C and C++ hosts alike can include it; no CUDA headers needed. The
// PTX is one string literal per PTX line, so the header diffs and greps like
// the PTX itself. (MSVC caps a literal at 64 KiB; Linux compilers do not.)
//
//===----------------------------------------------------------------------===//
#include "tessera/Target/CHeader.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::tessera;

std::string mlir::tessera::sanitizeCIdentifier(StringRef name) {
  if (name.empty())
    return "module";
  std::string id;
  if (llvm::isDigit(name.front()))
    id += '_';
  for (char c : name)
    id += llvm::isAlnum(c) ? c : '_';
  return id;
}

/// Appends `c` escaped for a C string literal. `prev` is the character
/// before it: "??" would start a trigraph in pre-C23 C, so the second '?'
/// is escaped.
static void escapeChar(raw_ostream &os, char c, char prev) {
  switch (c) {
  case '\\':
    os << "\\\\";
    return;
  case '"':
    os << "\\\"";
    return;
  case '\t':
    os << "\\t";
    return;
  case '?':
    os << (prev == '?' ? "\\?" : "?");
    return;
  default:
    // Three octal digits always: a shorter escape could swallow a following
    // digit.
    if (llvm::isPrint(c))
      os << c;
    else
      os << llvm::format("\\%03o", static_cast<unsigned char>(c));
  }
}

std::string mlir::tessera::escapePTXForC(StringRef ptx) {
  constexpr size_t kMaxPiece = 100; // source characters per literal
  std::string out;
  llvm::raw_string_ostream os(out);
  while (!ptx.empty()) {
    auto [line, rest] = ptx.split('\n');
    bool hadNewline = line.size() < ptx.size();
    ptx = rest;
    // Long lines become several adjacent literals, which C concatenates.
    do {
      StringRef piece = line.take_front(kMaxPiece);
      line = line.drop_front(piece.size());
      os << "  \"";
      char prev = 0;
      for (char c : piece) {
        escapeChar(os, c, prev);
        prev = c;
      }
      os << (line.empty() && hadNewline ? "\\n\"\n" : "\"\n");
    } while (!line.empty());
  }
  return out;
}

/// `s` as a quoted C string literal.
static std::string quoted(StringRef s) {
  std::string out = "\"";
  llvm::raw_string_ostream os(out);
  char prev = 0;
  for (char c : s) {
    escapeChar(os, c, prev);
    prev = c;
  }
  os << '"';
  return out;
}

/// `ptr:bf16,i32,f32`, the compact per-parameter type list.
static std::string paramTypeList(const KernelInfo &kernel) {
  SmallVector<std::string> types;
  for (const KernelParam &p : kernel.params)
    types.push_back(p.elem.empty() ? p.type : p.type + ":" + p.elem);
  return llvm::join(types, ",");
}

/// `k(x: ptr:bf16, n: i32)`, for a comment.
static std::string signature(const KernelInfo &kernel) {
  SmallVector<std::string> params;
  for (const KernelParam &p : kernel.params)
    params.push_back(p.name + ": " + (p.elem.empty() ? p.type : p.type + ":" + p.elem));
  std::string text = kernel.name + "(" + llvm::join(params, ", ") + ")";
  // Names are free-form: keep them from closing the comment.
  for (size_t at; (at = text.find("*/")) != std::string::npos;)
    text.replace(at, 2, "* /");
  return text;
}

static void emitKernelMacros(raw_ostream &os, StringRef prefix,
                             const KernelInfo &kernel) {
  std::string macro = (prefix + "_" + StringRef(sanitizeCIdentifier(kernel.name)).upper()).str();
  os << "/* " << signature(kernel) << " */\n";
  os << "#define " << macro << "_NAME " << quoted(kernel.name) << "\n";
  if (kernel.numWarps)
    os << "#define " << macro << "_NUM_WARPS " << *kernel.numWarps << "\n";
  os << "#define " << macro << "_THREADS_PER_BLOCK " << kernel.threadsPerBlock << "\n";
  os << "#define " << macro << "_SHARED_BYTES " << kernel.sharedBytes << "\n";
  os << "#define " << macro << "_NUM_PARAMS " << kernel.params.size() << "\n\n";
}

static constexpr StringLiteral kPreamble = R"(
/* The kernel table's row type, shared by every Tessera header. */
#ifndef TESSERA_KERNEL_INFO_DEFINED
#define TESSERA_KERNEL_INFO_DEFINED
typedef struct tessera_kernel_info {
  const char *name;               /* PTX .entry name, for cuModuleGetFunction */
  unsigned int threads_per_block; /* blockDim = (threads_per_block, 1, 1) */
  unsigned int shared_bytes;      /* dynamic shared memory: sharedMemBytes */
  unsigned int num_params;        /* entries of kernelParams */
  const char *param_types;        /* "ptr:bf16,i32,f32": type[:elem] per param */
} tessera_kernel_info;
#endif

#ifndef TESSERA_UNUSED
#if defined(__GNUC__) || defined(__clang__)
#define TESSERA_UNUSED __attribute__((unused))
#else
#define TESSERA_UNUSED
#endif
#endif

)";

std::string mlir::tessera::emitCHeader(StringRef name, StringRef ptx,
                                       const ModuleKernels &kernels) {
  std::string id = sanitizeCIdentifier(name);
  std::string prefix = "TESSERA_" + StringRef(id).upper();
  std::string out;
  llvm::raw_string_ostream os(out);
  os << "/* Generated by Tessera: do not edit.\n"
     << " *\n"
     << " *   CUmodule m;   cuModuleLoadData(&m, tessera_" << id << "_ptx);\n"
     << " *   CUfunction f; cuModuleGetFunction(&f, m, " << prefix << "_<KERNEL>_NAME);\n"
     << " *   cuLaunchKernel(f, grid..., <KERNEL>_THREADS_PER_BLOCK, 1, 1,\n"
     << " *                  <KERNEL>_SHARED_BYTES, stream, params, NULL);\n"
     << " * Above 48 KiB of shared memory, first cuFuncSetAttribute(f,\n"
     << " * CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, <KERNEL>_SHARED_BYTES).\n"
     << " * See docs/embedding-target.md.\n"
     << " */\n"
     << "#ifndef " << prefix << "_H\n#define " << prefix << "_H\n";
  os << kPreamble;
  if (!kernels.target.empty())
    os << "#define " << prefix << "_TARGET \"" << kernels.target << "\"\n";
  os << "#define " << prefix << "_NUM_KERNELS " << kernels.kernels.size() << "\n\n";
  for (const KernelInfo &kernel : kernels.kernels)
    emitKernelMacros(os, prefix, kernel);

  // A NULL-named row ends the table, which also keeps it non-empty (C
  // forbids an empty initialiser).
  os << "static const tessera_kernel_info tessera_" << id
     << "_kernels[] TESSERA_UNUSED = {\n";
  for (const KernelInfo &kernel : kernels.kernels)
    os << "  {" << quoted(kernel.name) << ", " << kernel.threadsPerBlock
       << "u, " << kernel.sharedBytes << "u, " << kernel.params.size() << "u, "
       << quoted(paramTypeList(kernel)) << "},\n";
  os << "  {0, 0u, 0u, 0u, 0}};\n\n";

  std::string literals = ptx.empty() ? "  \"\"\n" : escapePTXForC(ptx);
  os << "/* The PTX, NUL-terminated, for cuModuleLoadData. */\n"
     << "static const char tessera_" << id << "_ptx[] TESSERA_UNUSED =\n"
     << StringRef(literals).drop_back() << ";\n\n"
     << "#endif /* " << prefix << "_H */\n";
  return out;
}
