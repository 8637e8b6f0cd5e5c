// Declaration-shaped stand-in for async_simple, written for corosafe's tests.
// Mirrors alibaba/async_simple at d8abc4fe71a6 (2026-04-13):
//   async_simple/coro/Dispatch.h (declared in Lazy.h here).
#pragma once
#include <async_simple/coro/Lazy.h>
