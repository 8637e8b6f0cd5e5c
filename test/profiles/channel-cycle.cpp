// corosafe-channel-cycle on a framework known only from a user profile
// (Inputs/acme.yaml): its bounded channel, capacity from the constructor's
// second argument, push blocking and try_push not.
// RUN: env CHECK_RULE_OPTIONS=corosafe.Profiles=%S/Inputs/acme.yaml %check-rule %s %t -- -std=c++20 -I%inputs/acme
#include "acme.h"

using acme::task;

int work(int);

task<void> ping(acme::channel<int> &in, acme::channel<int> &out) {
  for (int i = 0;; ++i) {
    co_await out.push(i);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: send to 'to_pong' blocks in a cycle of bounded channels that deadlocks once every buffer is full: 'ping' -> 'to_pong' -> 'pong spawned at channel-cycle.cpp:{{[0-9]+}}' -> 'to_ping' -> 'ping' [corosafe-channel-cycle]
    // CHECK-NOTES-DAG: :[[@LINE-2]]:14: note: 'ping' sends to 'to_pong' (capacity 4) and waits while it is full
    work(co_await in.pop());
    // CHECK-NOTES-DAG: :[[@LINE-1]]:19: note: 'ping' receives from 'to_ping'
  }
}

task<void> pong(acme::channel<int> &in, acme::channel<int> &out) {
  for (;;) {
    int v = co_await in.pop();
    co_await out.push(work(v));
  }
}

// Safe: the same ring, but one side never waits to send.
task<void> ping_try(acme::channel<int> &in, acme::channel<int> &out) {
  for (int i = 0;; ++i) {
    out.try_push(i);
    work(co_await in.pop());
  }
}

int main() {
  acme::loop loop;
  acme::channel<int> to_pong(loop, 4), to_ping(loop, 4);
  acme::spawn(loop, ping(to_ping, to_pong));
  acme::spawn(loop, pong(to_pong, to_ping));
  acme::channel<int> up(loop, 2), down(loop, 2);
  acme::spawn(loop, ping_try(down, up));
  acme::spawn(loop, pong(up, down));
  loop.run();
}
