// A Cobalt promise starts when it is called (detail/promise.hpp:
// initial_suspend never suspends), a task only when it is awaited. So
// 'feed' below runs alongside 'drain' from the call on: the channel example
// of Cobalt's own docs (example/channel.cpp), no cycle. The same with a
// task: 'drain_lazy' reads before the writer has started, and waits for
// ever (the channel is a rendezvous).
// RUN: %check-rule %s %t -- -std=c++20 -I%inputs/cobalt
#include <boost/cobalt.hpp>

namespace cobalt = boost::cobalt;

int work(int);

cobalt::promise<void> feed(cobalt::channel<int> &c) {
  for (int i = 0; i < 4; i++)
    co_await c.write(i);
  c.close();
}

cobalt::task<void> drain() {
  cobalt::channel<int> c;
  auto p = feed(c);
  while (c.is_open())
    work(co_await c.read());
  co_await p;
}

cobalt::task<void> feed_lazy(cobalt::channel<int> &c) {
  for (int i = 0; i < 4; i++)
    co_await c.write(i);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: send to 'c' blocks in a cycle of bounded channels that deadlocks once every buffer is full: 'drain_lazy' -> 'c' -> 'drain_lazy' [corosafe-channel-cycle]
    // CHECK-NOTES-DAG: :[[@LINE-2]]:14: note: 'drain_lazy' sends to 'c' (capacity 0, a rendezvous) and waits while it is full
  c.close();
}

cobalt::task<void> drain_lazy() {
  cobalt::channel<int> c;
  auto t = feed_lazy(c);
  while (c.is_open())
    work(co_await c.read());
    // CHECK-NOTES-DAG: :[[@LINE-1]]:19: note: 'drain_lazy' receives from 'c'
  co_await t;
}
