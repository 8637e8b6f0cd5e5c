// An unbounded queue type named in the options (folly-style UnboundedQueue
// with enqueue/dequeue): the producer is reported. A second queue whose
// consumer acknowledges every item on a bounded channel that the producer
// waits on is paced by the consumer, so it is not reported.
// RUN: env CHECK_RULE_OPTIONS="corosafe-unbounded-channel.UnboundedChannelTypes=lib::UnboundedQueue" %check-rule %s %t.boost -- %boost-flags
// RUN: env CHECK_RULE_OPTIONS="corosafe-unbounded-channel.UnboundedChannelTypes=lib::UnboundedQueue" %check-rule %s %t.asio -- %asio-flags
// Without the option, the type is not a channel and nothing is reported.
// RUN: %corosafe --color=never %s -- %boost-flags | count 0
#include "asio-compat.h"

namespace lib {
template <class T> struct UnboundedQueue {
  void enqueue(T);
  bool try_dequeue(T &);
};
} // namespace lib

int work(int);

struct Pipeline {
  lib::UnboundedQueue<int> events;
  lib::UnboundedQueue<int> paced;
};

awaitable<void> producer(Pipeline &p) {
  for (int i = 0;; ++i)
    p.events.enqueue(i);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: remark: 'producer' sends to unbounded 'Pipeline::events' and nothing slows it down: the queue grows without limit when its consumer falls behind [corosafe-unbounded-channel]
}

awaitable<void> paced_producer(Pipeline &p, IntChannel &acks) {
  for (int i = 0;; ++i) {
    p.paced.enqueue(i);
    co_await acks.async_receive(use_awaitable);
  }
}

awaitable<void> consumer(Pipeline &p, IntChannel &acks) {
  int v = 0;
  for (;;) {
    if (p.events.try_dequeue(v))
      work(v);
    // CHECK-NOTES-DAG: :[[@LINE-2]]:9: note: 'consumer' receives from 'Pipeline::events'
    if (p.paced.try_dequeue(v))
      co_await acks.async_send(error_code{}, work(v), use_awaitable);
  }
}

int main() {
  net::io_context io;
  Pipeline p;
  IntChannel acks(io, 1);
  net::co_spawn(io, producer(p), net::detached);
  net::co_spawn(io, paced_producer(p, acks), net::detached);
  net::co_spawn(io, consumer(p, acks), net::detached);
  io.run();
}
