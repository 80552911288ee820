// SPDX-License-Identifier: MIT
//
// Function names for %ps/%pS: the dynamic symbol table first (dladdr),
// then the executable's own .symtab, which also names static functions (a
// driver's timer callbacks are static), read once from /proc/self/exe.
#include "kenv/host.h"

#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace {

struct Symbol {
  uintptr_t start;
  uintptr_t size;
  std::string name;
};

uintptr_t main_program_bias() {
  uintptr_t bias = 0;
  dl_iterate_phdr(
      [](dl_phdr_info *info, size_t, void *out) {
        *static_cast<uintptr_t *>(out) = info->dlpi_addr;
        return 1;  // the first object is the executable
      },
      &bias);
  return bias;
}

std::vector<Symbol> read_symtab() {
  std::vector<Symbol> syms;
  int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return syms;
  struct stat st;
  void *map = MAP_FAILED;
  if (fstat(fd, &st) == 0 && st.st_size > static_cast<off_t>(sizeof(Elf64_Ehdr)))
    map = mmap(nullptr, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (map == MAP_FAILED) return syms;
  const auto *base = static_cast<const char *>(map);
  size_t size = static_cast<size_t>(st.st_size);
  const auto *eh = reinterpret_cast<const Elf64_Ehdr *>(base);
  bool ok = eh->e_ident[EI_CLASS] == ELFCLASS64 && eh->e_shoff &&
            eh->e_shoff + eh->e_shnum * sizeof(Elf64_Shdr) <= size;
  uintptr_t bias = main_program_bias();
  for (unsigned i = 0; ok && i < eh->e_shnum; ++i) {
    const auto *sh = reinterpret_cast<const Elf64_Shdr *>(base + eh->e_shoff) + i;
    if (sh->sh_type != SHT_SYMTAB || sh->sh_link >= eh->e_shnum) continue;
    const auto *strsh = reinterpret_cast<const Elf64_Shdr *>(base + eh->e_shoff) + sh->sh_link;
    if (sh->sh_offset + sh->sh_size > size || strsh->sh_offset + strsh->sh_size > size) break;
    const auto *sym = reinterpret_cast<const Elf64_Sym *>(base + sh->sh_offset);
    size_t n = sh->sh_size / sizeof(Elf64_Sym);
    for (size_t k = 0; k < n; ++k) {
      if (ELF64_ST_TYPE(sym[k].st_info) != STT_FUNC || !sym[k].st_value ||
          sym[k].st_name >= strsh->sh_size)
        continue;
      syms.push_back({bias + sym[k].st_value, sym[k].st_size,
                      std::string(base + strsh->sh_offset + sym[k].st_name)});
    }
  }
  munmap(map, size);
  std::sort(syms.begin(), syms.end(),
            [](const Symbol &a, const Symbol &b) { return a.start < b.start; });
  return syms;
}

const Symbol *find_static(uintptr_t addr) {
  static const std::vector<Symbol> syms = read_symtab();
  auto it = std::upper_bound(syms.begin(), syms.end(), addr,
                             [](uintptr_t a, const Symbol &s) { return a < s.start; });
  if (it == syms.begin()) return nullptr;
  --it;
  return addr < it->start + std::max<uintptr_t>(it->size, 1) ? &*it : nullptr;
}

}  // namespace

int kenv_host_symbolize(const void *addr, char *buf, unsigned long len) {
  auto a = reinterpret_cast<uintptr_t>(addr);
  Dl_info info;
  if (dladdr(addr, &info) && info.dli_sname) {
    std::snprintf(buf, len, "%s+0x%lx", info.dli_sname,
                  static_cast<unsigned long>(a - reinterpret_cast<uintptr_t>(info.dli_saddr)));
    return 1;
  }
  const Symbol *s = find_static(a);
  if (!s) return 0;
  std::snprintf(buf, len, "%s+0x%lx", s->name.c_str(), static_cast<unsigned long>(a - s->start));
  return 1;
}
