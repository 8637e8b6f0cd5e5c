// The worked example of docs/worked-example.md: a home-grown library (hg)
// taught to corosafe through profile rows (a profile file, or inline in
// .corosafe.yaml), and through annotations; all give the same findings (the
// same CHECK lines run each way).
// RUN: env CHECK_RULE_OPTIONS=corosafe.Profiles=%S/Inputs/hg.yaml %check-rule %s %t.rows -- -std=c++20 -I%S/Inputs/hg
// RUN: %check-rule %s %t.marks -- -std=c++20 -DHG_ANNOTATED -I%S/Inputs/hg -I%src_root/include
// The same rows inline in a .corosafe.yaml (key Profile), found upward
// from the source by the CLI and the plugin alike:
// RUN: rm -rf %t.cfg && mkdir -p %t.cfg && cp %s %t.cfg/pipeline.cpp
// RUN: (echo 'Profile:'; sed 's/^/  /' %S/Inputs/hg.yaml) > %t.cfg/.corosafe.yaml
// RUN: %check-rule %t.cfg/pipeline.cpp %t.cfg/out -- -std=c++20 -I%S/Inputs/hg
// Untaught (no rows, no marks), corosafe sees only the lock and the
// thread_local, and cannot tell where the tasks run:
// RUN: %expect-exit 1 %corosafe --color=never --quiet %s -- -std=c++20 -I%S/Inputs/hg | FileCheck %s --check-prefix=UNTAUGHT --implicit-check-not='{{warning|remark}}:'
// UNTAUGHT: pipeline.cpp:{{[0-9]+}}:11: warning: 'lock' holds a lock across a suspension point; on a single thread the next coroutine that locks the same mutex deadlocks, on several threads the mutex is unlocked on the wrong thread (executor unknown) [corosafe-thread-bound-across-suspend]
// UNTAUGHT: pipeline.cpp:{{[0-9]+}}:3: remark: 'c' refers to the thread_local 'calls' and is used after a suspension point after which the coroutine may resume on another thread (executor unknown) [corosafe-thread-bound-across-suspend]
#include "hg.h"

#include <mutex>
#include <string>
#include <vector>

using hg::task;

struct Item {
  std::string text;
};
std::vector<Item> parse(const std::string &chunk);

// The canonical loss: a chunk is taken, parsed into items, and the items
// are sent one by one. When 'forward' loses the race below, it is destroyed
// in the middle of a put, and the items not yet sent are lost.
task<void> forward(hg::mailbox<std::string> &in, hg::mailbox<Item> &out) {
  for (;;) {
    std::string chunk = co_await in.take();
    // CHECK-NOTES-DAG: :[[@LINE-1]]:25: note: 'chunk' takes the value here
    std::vector<Item> items = parse(chunk);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:23: note: 'items' is derived from 'chunk' here
    for (Item &item : items)
      // CHECK-NOTES-DAG: :[[@LINE-1]]:16: note: 'item' is derived from 'items' here
      co_await out.put(item);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: data derived from the value taken into 'chunk' by 'take' is held in 'item' across this suspension point, where a losing select operand is cancelled and the data is lost [corosafe-cancel-select]
  }
}

task<void> session(hg::mailbox<std::string> &in, hg::mailbox<Item> &out) {
  co_await hg::first_of(forward(in, out), hg::sleep_for(1000));
  // CHECK-NOTES-DAG: :[[@LINE-1]]:12: note: 'forward' is an operand of this select ('first_of'); the operand that loses is cancelled at its current suspension point
}

// Two takes raced: when both mailboxes hold a message, the loser's message
// was already taken and is dropped.
task<void> either(hg::mailbox<std::string> &a, hg::mailbox<std::string> &b) {
  for (;;)
    co_await hg::first_of(a.take(), b.take());
    // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: the message received by 'take' is lost if both operands of 'first_of' complete in the same turn, because 'first_of' returns only the winner's result [corosafe-cancel-select]
    // CHECK-MESSAGES: :[[@LINE-2]]:37: warning: the message received by 'take' is lost if both operands of 'first_of' complete in the same turn, because 'first_of' returns only the winner's result [corosafe-cancel-select]
    // CHECK-NOTES-DAG: :[[@LINE-3]]:14: note: select formed here
}

// Safe: the same forwarding loop in a task of its own, never raced.
void start(hg::pool &p, hg::mailbox<std::string> &in, hg::mailbox<Item> &out) {
  hg::spawn(p, forward(in, out));
}

// Two tasks that feed each other through mailboxes of capacity 4: once both
// are full, each waits on the other's put for ever.
task<void> ping(hg::mailbox<int> &to_pong, hg::mailbox<int> &to_ping) {
  for (int i = 0;; ++i) {
    co_await to_pong.put(i);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: send to 'to_pong' blocks in a cycle of bounded channels that deadlocks once every buffer is full: 'ping' -> 'to_pong' -> 'pong' -> 'to_ping' -> 'ping' [corosafe-channel-cycle]
    // CHECK-NOTES-DAG: :[[@LINE-2]]:14: note: 'ping' sends to 'to_pong' (capacity 4) and waits while it is full
    int r = co_await to_ping.take();
    // CHECK-NOTES-DAG: :[[@LINE-1]]:22: note: 'ping' receives from 'to_ping'
    (void)r;
  }
}

task<void> pong(hg::mailbox<int> &to_ping, hg::mailbox<int> &to_pong) {
  for (;;) {
    int v = co_await to_pong.take();
    // CHECK-NOTES-DAG: :[[@LINE-1]]:22: note: 'pong' receives from 'to_pong'
    co_await to_ping.put(v + 1);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:14: note: 'pong' sends to 'to_ping' (capacity 4) and waits while it is full
  }
}

void run_ping_pong(hg::pool &p) {
  static hg::mailbox<int> to_pong(p, 4), to_ping(p, 4);
  hg::spawn(p, ping(to_pong, to_ping));
  hg::spawn(p, pong(to_ping, to_pong));
}

// A lock held across a suspension of a task on the pool: it may resume on
// another thread and unlock a mutex it does not own.
std::mutex m;
task<void> counts(hg::mailbox<int> &in) {
  std::lock_guard<std::mutex> lock(m);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'lock' declared here ('std::lock_guard<std::mutex>' is a lock guard)
  int v = co_await in.take();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'lock' holds a lock across a suspension point; the coroutine may resume on another thread, which then unlocks a mutex it does not own [corosafe-thread-bound-across-suspend]
  (void)v;
}

void start_counts(hg::pool &p, hg::mailbox<int> &in) {
  hg::spawn(p, counts(in));
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'counts' is spawned here on a multi-thread 'pool'
}

// A thread_local reference used after the coroutine moved to the pool.
thread_local int calls;
task<void> hops(hg::pool &p) {
  int &c = calls;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'c' declared here (it refers to the thread_local 'calls')
  ++c;
  co_await hg::resume_on(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'c' refers to the thread_local 'calls' and is used after a suspension point after which the coroutine resumes on a multi-thread 'pool' [corosafe-thread-bound-across-suspend]
  ++c;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:5: note: 'c' is used here after resuming
}
