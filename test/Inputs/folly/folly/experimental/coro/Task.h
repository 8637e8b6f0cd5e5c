// Old include path of folly/coro/Task.h: folly/experimental/coro/ held shims that
// forwarded to folly/coro/ until folly deleted the directory (6ae3c7ee0adc, 2026-04-30).
#pragma once
#include <folly/coro/Task.h>
