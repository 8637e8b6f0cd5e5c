// cppcoro's sequencers make a bounded ring buffer: claim_one() waits while
// bufferSize slots are claimed ahead of the consumer barrier,
// wait_until_published() receives. 'ping' and 'pong', run together by
// when_all (each operand is a task of its own), both claim before they
// wait: a cycle that deadlocks once both rings are full. A producer and a
// consumer of one ring ('producer', 'consumer') are no cycle.
// RUN: %check-rule %s %t -- -std=c++20 -I%inputs/cppcoro
#include <cppcoro/sequence_barrier.hpp>
#include <cppcoro/single_producer_sequencer.hpp>
#include <cppcoro/static_thread_pool.hpp>
#include <cppcoro/sync_wait.hpp>
#include <cppcoro/task.hpp>
#include <cppcoro/when_all.hpp>

#include <array>
#include <cstddef>

using seq_t = cppcoro::single_producer_sequencer<std::size_t>;
using barrier_t = cppcoro::sequence_barrier<std::size_t>;

int work(int);
std::array<int, 64> slots;

cppcoro::task<void> ping(cppcoro::static_thread_pool &pool, seq_t &out,
                         seq_t &in, barrier_t &inRead) {
  for (std::size_t next = 0;; ++next) {
    std::size_t s = co_await out.claim_one(pool);
    // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: send to 'toPong' blocks in a cycle of bounded channels that deadlocks once every buffer is full: 'ping' -> 'toPong' -> 'pong' -> 'toPing' -> 'ping' [corosafe-channel-cycle]
    // CHECK-NOTES-DAG: :[[@LINE-2]]:30: note: 'ping' sends to 'toPong' (capacity 16) and waits while it is full
    slots[s % 64] = work(1);
    out.publish(s);
    co_await in.wait_until_published(next, pool);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:14: note: 'ping' receives from 'toPing'
    inRead.publish(next);
  }
}

cppcoro::task<void> pong(cppcoro::static_thread_pool &pool, seq_t &out,
                         seq_t &in, barrier_t &inRead) {
  for (std::size_t next = 0;; ++next) {
    std::size_t s = co_await out.claim_one(pool);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:30: note: 'pong' sends to 'toPing' (capacity 32) and waits while it is full
    slots[s % 64] = work(2);
    out.publish(s);
    co_await in.wait_until_published(next, pool);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:14: note: 'pong' receives from 'toPong'
    inRead.publish(next);
  }
}

cppcoro::task<void> producer(cppcoro::static_thread_pool &pool, seq_t &out) {
  for (;;) {
    std::size_t s = co_await out.claim_one(pool);
    slots[s % 64] = work(3);
    out.publish(s);
  }
}

cppcoro::task<void> consumer(cppcoro::static_thread_pool &pool, seq_t &in,
                             barrier_t &inRead) {
  for (std::size_t next = 0;; ++next) {
    co_await in.wait_until_published(next, pool);
    work(slots[next % 64]);
    inRead.publish(next);
  }
}

int main() {
  cppcoro::static_thread_pool pool{4};
  barrier_t pongRead, pingRead, jobsRead;
  seq_t toPong{pongRead, 16}, toPing{pingRead, 32}, jobs{jobsRead, 64};
  cppcoro::sync_wait(cppcoro::when_all(ping(pool, toPong, toPing, pingRead),
                                       pong(pool, toPing, toPong, pongRead)));
  cppcoro::sync_wait(cppcoro::when_all(producer(pool, jobs),
                                       consumer(pool, jobs, jobsRead)));
}
