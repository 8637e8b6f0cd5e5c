// corosafe-unbounded-channel on a framework known only from a user profile
// (Inputs/acme.yaml): its unbounded queue.
// RUN: env CHECK_RULE_OPTIONS=corosafe.Profiles=%S/Inputs/acme.yaml %check-rule %s %t -- -std=c++20 -I%inputs/acme
#include "acme.h"

using acme::task;

int work(int);

acme::queue<int> jobs;
// CHECK-NOTES-DAG: :[[@LINE-1]]:18: note: 'jobs' declared here, unbounded (acme::queue)

task<void> producer() {
  for (int i = 0;; ++i) {
    co_await acme::sleep_for(1);
    jobs.push(i);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: remark: 'producer' sends to unbounded 'jobs' and nothing slows it down: the queue grows without limit when its consumer falls behind [corosafe-unbounded-channel]
  }
}

task<void> consumer() {
  for (;;)
    work(co_await jobs.pop());
  // CHECK-NOTES-DAG: :[[@LINE-1]]:19: note: 'consumer' receives from 'jobs'
}

// Safe for this rule: a bounded channel paces its producer.
task<void> paced(acme::channel<int> &out) {
  for (int i = 0;; ++i)
    co_await out.push(i);
}

int main() {
  acme::loop loop;
  acme::channel<int> ch(loop, 8);
  acme::spawn(loop, producer());
  acme::spawn(loop, consumer());
  acme::spawn(loop, paced(ch));
  loop.run();
}
