// SPDX-License-Identifier: MIT
//
// TEST FIXTURE: an emulated register window. The window is mapped with no
// access rights; every readl/writel of the driver faults, and the SIGSEGV
// handler decodes the MOV that faulted, forwards it to a device model and
// resumes after the instruction. This is how a register file with side
// effects (an EEPROM behind a bit-banged serial port) can stand in for
// BAR 0 without touching the driver.
#pragma once

#include <cstddef>
#include <cstdint>

namespace kenv_test {

class MmioDevice {
 public:
  virtual ~MmioDevice() = default;
  virtual uint64_t read(size_t offset, unsigned size) = 0;
  virtual void write(size_t offset, unsigned size, uint64_t value) = 0;
};

class MmioWindow {
 public:
  MmioWindow(size_t size, MmioDevice *device);
  ~MmioWindow();
  MmioWindow(const MmioWindow &) = delete;
  MmioWindow &operator=(const MmioWindow &) = delete;

  void *base() const { return base_; }
  unsigned long accesses() const { return accesses_; }

 private:
  friend struct MmioTrap;
  void *base_;
  size_t size_;
  MmioDevice *device_;
  unsigned long accesses_ = 0;
};

}  // namespace kenv_test
