// SPDX-License-Identifier: MIT
//
// The downcall hook (kenv/downcall.h): generated stubs call kenv_downcall(),
// which hands the call to the installed transport or dies naming it.
#include "kenv/downcall.h"
#include "kenv/host.h"

#include <cstdio>
#include <cstring>

namespace {
const kenv_downcall_transport *g_transport = nullptr;
}

extern "C" const kenv_downcall_transport *
kenv_set_downcall_transport(const kenv_downcall_transport *t) {
  const kenv_downcall_transport *old = g_transport;
  g_transport = t;
  return old;
}

extern "C" unsigned long long kenv_downcall(const kenv_downcall_fn *fn,
                                            const void *frame,
                                            kenv_marshal_fn marshal) {
  char msg[256];
  if (!g_transport) {
    std::snprintf(msg, sizeof(msg), "downcall %s has no transport", fn->name);
    kenv_host_die(msg);
  }
  unsigned long long ret = 0;
  int err = g_transport->call(g_transport->ctx, fn, frame, marshal, &ret);
  if (err < 0) {
    std::snprintf(msg, sizeof(msg), "downcall %s failed in its transport: %s",
                  fn->name, std::strerror(-err));
    kenv_host_die(msg);
  }
  kenv_downcall_done(fn, frame, ret);
  return ret;
}
