// A capacity computed at run time is not known to the analysis. An asio
// channel is bounded whatever its capacity, so the cycle is still reported,
// and the note says that the capacity is unknown instead of guessing.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

#include <cstdlib>

int work(int);

awaitable<void> producer(IntChannel &jobs, IntChannel &results) {
  for (int i = 0;; ++i) {
    co_await jobs.async_send(error_code{}, i, use_awaitable);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: send to 'jobs' blocks in a cycle of bounded channels that deadlocks once every buffer is full: 'producer' -> 'jobs' -> 'worker' -> 'results' -> 'producer' [corosafe-channel-cycle]
    // CHECK-NOTES-DAG: :[[@LINE-2]]:14: note: 'producer' sends to 'jobs' (capacity unknown: not a constant expression) and waits while it is full
    if (results.try_receive([](error_code, int v) { work(v); }))
      continue;
    // CHECK-NOTES-DAG: :[[@LINE-2]]:9: note: 'producer' receives from 'results'
  }
}

awaitable<void> worker(IntChannel &jobs, IntChannel &results) {
  for (;;) {
    int v = co_await jobs.async_receive(use_awaitable);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:22: note: 'worker' receives from 'jobs'
    co_await results.async_send(error_code{}, work(v), use_awaitable);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:14: note: 'worker' sends to 'results' (capacity 16) and waits while it is full
  }
}

int main() {
  net::io_context io;
  std::size_t depth = std::getenv("DEPTH") ? std::atoi(std::getenv("DEPTH")) : 4;
  IntChannel jobs(io, depth);
  IntChannel results(io, 16);
  net::co_spawn(io, producer(jobs, results), net::detached);
  net::co_spawn(io, worker(jobs, results), net::detached);
  io.run();
}
