// corosafe-send-escape on a framework known only from a user profile
// (Inputs/acme.yaml): its non-atomic rc_ptr, its pool, its submit.
// RUN: env CHECK_RULE_OPTIONS=corosafe.Profiles=%S/Inputs/acme.yaml %check-rule %s %t -- -std=c++20 -I%inputs/acme
#include "acme.h"

#include <utility>

using acme::task;

struct Config {
  int v;
};
void use(int);

// A copy of the rc_ptr runs on the pool while this coroutine keeps its own.
task<void> shares(acme::pool &p) {
  acme::rc_ptr<Config> cfg;
  acme::submit(p, [cfg] { use(cfg->v); });
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'cfg' is copied into a handler given to 'submit' on an acme pool while the origin keeps its own copy: 'acme::rc_ptr<Config>' has a non-atomic reference count [corosafe-send-escape]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:3: note: the task starts here
  use(cfg->v);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:7: note: 'cfg' is used here afterwards
  co_return;
}

// Safe: moved into the handler, nothing is kept.
task<void> moves(acme::pool &p) {
  acme::rc_ptr<Config> cfg;
  acme::submit(p, [c = std::move(cfg)] { use(c->v); });
  co_return;
}

// Safe: used inside one task, across suspensions.
task<void> keeps(acme::pool &p) {
  acme::rc_ptr<Config> cfg;
  co_await acme::sleep_for(1);
  use(cfg->v);
}
