// Sanitizer hooks the runtime needs when built with ASan: fiber switches must
// be announced or ASan takes the new stack for a wild overflow of the old one.
#pragma once

#include <cstddef>

#if defined(__SANITIZE_ADDRESS__)
#define DINGO_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DINGO_ASAN 1
#endif
#endif

#ifdef DINGO_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

namespace dingo::sanitizer {

inline void startSwitch(void **fakeStackSave, const void *bottom, size_t size) {
#ifdef DINGO_ASAN
  __sanitizer_start_switch_fiber(fakeStackSave, bottom, size);
#else
  (void)fakeStackSave, (void)bottom, (void)size;
#endif
}

inline void finishSwitch(void *fakeStack, const void **oldBottom, size_t *oldSize) {
#ifdef DINGO_ASAN
  __sanitizer_finish_switch_fiber(fakeStack, oldBottom, oldSize);
#else
  (void)fakeStack, (void)oldBottom, (void)oldSize;
#endif
}

// A stack left by a fiber that never returned keeps ASan's poisoned redzones;
// they must go before the memory is unmapped or reused.
inline void unpoison(void *addr, size_t size) {
#ifdef DINGO_ASAN
  __asan_unpoison_memory_region(addr, size);
#else
  (void)addr, (void)size;
#endif
}

} // namespace dingo::sanitizer
