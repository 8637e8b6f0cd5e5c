// A user type marked COROSAFE_NOT_SEND passed by value to a coroutine
// spawned as a separate task on a thread_pool, while the spawner keeps
// using its own object. Also through a struct and a std::optional that hold
// it by value (computed structurally).
// RUN: %check-rule %s %t.boost -- %boost-flags -I%src_root/include
// RUN: %check-rule %s %t.asio -- %asio-flags -I%src_root/include
#include "asio-compat.h"
#include <corosafe/annotations.hpp>
#include <optional>

struct COROSAFE_NOT_SEND ArenaHandle {
  int *arena = nullptr;
  void touch();
};

struct Job {
  std::string name;
  ArenaHandle mem;
};

awaitable<void> process(ArenaHandle h) {
  h.touch();
  co_return;
}

awaitable<void> run_job(std::optional<Job> job) {
  co_return;
}

awaitable<void> dispatcher(net::thread_pool &pool) {
  ArenaHandle h;
  net::co_spawn(pool, process(h), net::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'h' is copied into a task spawned on a thread pool while the origin keeps its own copy: 'ArenaHandle' is marked not Send [corosafe-send-escape]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:3: note: the task starts here
  h.touch();
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'h' is used here afterwards
  std::optional<Job> job = Job{"x", h};
  net::co_spawn(pool, run_job(job), net::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'job' is copied into a task spawned on a thread pool while the origin keeps its own copy: 'std::optional<Job>' holds a value of non-Send type: 'Job' holds a value of non-Send type: 'ArenaHandle' is marked not Send [corosafe-send-escape]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:3: note: the task starts here
  job->mem.touch();
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'job' is used here afterwards
  // Moved, not copied: the spawner keeps nothing.
  ArenaHandle m;
  net::co_spawn(pool, process(std::move(m)), net::detached);
  co_await net::post(pool, use_awaitable);
}

int main() {
  net::io_context ioc;
  net::thread_pool pool(2);
  net::co_spawn(ioc, dispatcher(pool), net::detached);
  ioc.run();
}
