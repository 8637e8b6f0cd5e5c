// Declaration-shaped stand-in for async_simple, written for corosafe's tests.
// Mirrors alibaba/async_simple at d8abc4fe71a6 (2026-04-13):
//   async_simple/coro/SyncAwait.h.
#pragma once
#include <async_simple/coro/Lazy.h>

namespace async_simple::coro {
template <typename LazyType> auto syncAwait(LazyType &&lazy) -> typename std::remove_cvref_t<LazyType>::ValueType;
template <typename LazyType>
auto syncAwait(LazyType &&lazy, Executor *ex) -> typename std::remove_cvref_t<LazyType>::ValueType;
} // namespace async_simple::coro
