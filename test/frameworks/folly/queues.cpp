// folly::coro queues in the task graph. BoundedQueue(capacity): enqueue()
// waits while the queue is full. 'ping' and 'pong', started on a pool, feed
// each other and both enqueue before they dequeue: a cycle. The operands of
// a collectAll are tasks of their own: a producer and a consumer of one
// queue joined in 'pump' are no cycle. An UnboundedQueue's enqueue() never
// waits: a producer that nothing slows down is reported ('flood'); one
// paced by a BoundedQueue is not.
// RUN: %check-rule %s %t -- -std=c++20 -I%inputs/folly
#include <folly/coro/BlockingWait.h>
#include <folly/coro/BoundedQueue.h>
#include <folly/coro/Collect.h>
#include <folly/coro/Task.h>
#include <folly/coro/UnboundedQueue.h>
#include <folly/executors/CPUThreadPoolExecutor.h>

namespace coro = folly::coro;

int work(int);

coro::Task<void> ping(coro::BoundedQueue<int> &out, coro::BoundedQueue<int> &in) {
  for (int i = 0;; ++i) {
    co_await out.enqueue(i);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: send to 'to_pong' blocks in a cycle of bounded channels that deadlocks once every buffer is full: 'ping' -> 'to_pong' -> 'pong' -> 'to_ping' -> 'ping' [corosafe-channel-cycle]
    // CHECK-NOTES-DAG: :[[@LINE-2]]:14: note: 'ping' sends to 'to_pong' (capacity 1) and waits while it is full
    work(co_await in.dequeue());
    // CHECK-NOTES-DAG: :[[@LINE-1]]:19: note: 'ping' receives from 'to_ping'
  }
}

coro::Task<void> pong(coro::BoundedQueue<int> &out, coro::BoundedQueue<int> &in) {
  for (int i = 0;; ++i) {
    co_await out.enqueue(i);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:14: note: 'pong' sends to 'to_ping' (capacity 2) and waits while it is full
    work(co_await in.dequeue());
    // CHECK-NOTES-DAG: :[[@LINE-1]]:19: note: 'pong' receives from 'to_pong'
  }
}

coro::Task<void> producer(coro::BoundedQueue<int> &q) {
  for (int i = 0;; ++i)
    co_await q.enqueue(i);
}

coro::Task<void> consumer(coro::BoundedQueue<int> &q) {
  for (;;)
    work(co_await q.dequeue());
}

coro::Task<void> pump(coro::BoundedQueue<int> &jobs) {
  co_await coro::collectAll(producer(jobs), consumer(jobs));
}

coro::UnboundedQueue<int> events;
// CHECK-NOTES-DAG: :[[@LINE-1]]:27: note: 'events' declared here, unbounded (folly::coro::UnboundedQueue)

coro::Task<void> flood() {
  for (int i = 0;; ++i)
    events.enqueue(i);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: remark: 'flood' sends to unbounded 'events' and nothing slows it down: the queue grows without limit when its consumer falls behind [corosafe-unbounded-channel]
}

coro::Task<void> drain() {
  for (;;)
    work(co_await events.dequeue());
  // CHECK-NOTES-DAG: :[[@LINE-1]]:19: note: 'drain' receives from 'events'
}

coro::Task<void> paced(coro::BoundedQueue<int> &in) {
  for (;;)
    events.enqueue(co_await in.dequeue());
}

int main() {
  folly::CPUThreadPoolExecutor pool(4);
  coro::BoundedQueue<int> to_pong(1), to_ping{2}, jobs{8};
  auto a = coro::co_withExecutor(&pool, ping(to_pong, to_ping)).start();
  auto b = coro::co_withExecutor(&pool, pong(to_ping, to_pong)).start();
  auto c = coro::co_withExecutor(&pool, pump(jobs)).start();
  auto d = coro::co_withExecutor(&pool, flood()).start();
  auto e = coro::co_withExecutor(&pool, drain()).start();
  auto f = coro::co_withExecutor(&pool, paced(jobs)).start();
  coro::blockingWait(coro::co_withExecutor(&pool, flood()));
}
