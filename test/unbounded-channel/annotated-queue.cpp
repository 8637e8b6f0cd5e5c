// A user queue declared unbounded with the annotation macros. The producer
// pushes in a loop and nothing ever makes it wait: when the consumer falls
// behind, the queue grows without limit. Reported at note level (a remark).
// RUN: %check-rule %s %t.boost -- %boost-flags -I%src_root/include
// RUN: %check-rule %s %t.asio -- %asio-flags -I%src_root/include
#include "asio-compat.h"
#include "corosafe/annotations.hpp"

#include <deque>

template <class T> class COROSAFE_CHANNEL_UNBOUNDED WorkQueue {
public:
  COROSAFE_CHANNEL_SEND void push(T v) { items_.push_back(std::move(v)); }
  COROSAFE_CHANNEL_RECEIVE awaitable<T> next();

private:
  std::deque<T> items_;
};

WorkQueue<int> jobs;
// CHECK-NOTES-DAG: :[[@LINE-1]]:16: note: 'jobs' declared here, unbounded (WorkQueue)

int work(int);

awaitable<void> accept_loop(net::steady_timer &t) {
  for (int i = 0;; ++i) {
    co_await t.async_wait(use_awaitable);
    jobs.push(i);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: remark: 'accept_loop' sends to unbounded 'jobs' and nothing slows it down: the queue grows without limit when its consumer falls behind [corosafe-unbounded-channel]
  }
}

awaitable<void> consume_loop() {
  for (;;)
    work(co_await jobs.next());
  // CHECK-NOTES-DAG: :[[@LINE-1]]:19: note: 'consume_loop' receives from 'jobs'
}

// A bounded channel fed in the same way is not reported by this rule.
awaitable<void> bounded_producer(IntChannel &out) {
  for (int i = 0;; ++i)
    co_await out.async_send(error_code{}, i, use_awaitable);
}

int main() {
  net::io_context io;
  net::steady_timer t(io);
  IntChannel ch(io, 8);
  net::co_spawn(io, accept_loop(t), net::detached);
  net::co_spawn(io, consume_loop(), net::detached);
  net::co_spawn(io, bounded_producer(ch), net::detached);
  io.run();
}
