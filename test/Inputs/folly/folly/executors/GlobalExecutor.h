// Declaration-shaped stand-in for folly, written for corosafe's tests.
// Mirrors facebook/folly at ff98381ea686 (2026-08-22): folly/executors/GlobalExecutor.h.
#pragma once
#include <folly/Executor.h>

namespace folly {
Executor::KeepAlive<> getGlobalCPUExecutor();
Executor::KeepAlive<> getGlobalIOExecutor();
} // namespace folly
