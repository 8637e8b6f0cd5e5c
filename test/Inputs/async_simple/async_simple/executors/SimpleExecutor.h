// Declaration-shaped stand-in for async_simple, written for corosafe's tests.
// Mirrors alibaba/async_simple at d8abc4fe71a6 (2026-04-13):
//   async_simple/executors/SimpleExecutor.h.
// Multi-threaded: threadNum (ctor argument) workers; checkout() returns the
// current worker id and checkin() schedules back onto that worker.
#pragma once
#include <async_simple/Executor.h>

namespace async_simple::executors {
class SimpleExecutor : public Executor {
public:
  explicit SimpleExecutor(std::size_t threadNum);
  ~SimpleExecutor();
  bool schedule(Func func) override;
  bool currentThreadInExecutor() const override;
  std::size_t currentContextId() const override;
  Context checkout() override;
  bool checkin(Func func, Context ctx) override;
};
} // namespace async_simple::executors
