// Boost.Cobalt channels in the task graph: channel(limit = 0) is a
// rendezvous, write() waits while the buffer is full. 'ping' and 'pong',
// spawned, feed each other and both write before they read: a cycle. The
// operands of a join are tasks of their own: a producer and a consumer of
// one channel joined in 'pump' are no cycle.
// RUN: %check-rule %s %t -- -std=c++20 -I%inputs/cobalt
#include <boost/cobalt.hpp>

namespace cobalt = boost::cobalt;

int work(int);

cobalt::task<void> ping(cobalt::channel<int> &out, cobalt::channel<int> &in) {
  for (int i = 0;; ++i) {
    co_await out.write(i);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: send to 'to_pong' blocks in a cycle of bounded channels that deadlocks once every buffer is full: 'ping' -> 'to_pong' -> 'pong' -> 'to_ping' -> 'ping' [corosafe-channel-cycle]
    // CHECK-NOTES-DAG: :[[@LINE-2]]:14: note: 'ping' sends to 'to_pong' (capacity 0, a rendezvous) and waits while it is full
    work(co_await in.read());
    // CHECK-NOTES-DAG: :[[@LINE-1]]:19: note: 'ping' receives from 'to_ping'
  }
}

cobalt::task<void> pong(cobalt::channel<int> &out, cobalt::channel<int> &in) {
  for (int i = 0;; ++i) {
    co_await out.write(i);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:14: note: 'pong' sends to 'to_ping' (capacity 2) and waits while it is full
    work(co_await in.read());
    // CHECK-NOTES-DAG: :[[@LINE-1]]:19: note: 'pong' receives from 'to_pong'
  }
}

cobalt::task<void> producer(cobalt::channel<int> &ch) {
  for (int i = 0;; ++i)
    co_await ch.write(i);
}

cobalt::task<void> consumer(cobalt::channel<int> &ch) {
  for (;;)
    work(co_await ch.read());
}

cobalt::task<void> pump(cobalt::channel<int> &jobs) {
  co_await cobalt::join(producer(jobs), consumer(jobs));
}

int main() {
  boost::asio::io_context ctx;
  cobalt::channel<int> to_pong, to_ping{2}, jobs{8};
  cobalt::spawn(ctx, ping(to_pong, to_ping), boost::asio::detached);
  cobalt::spawn(ctx, pong(to_ping, to_pong), boost::asio::detached);
  cobalt::spawn(ctx, pump(jobs), boost::asio::detached);
  ctx.run();
}
