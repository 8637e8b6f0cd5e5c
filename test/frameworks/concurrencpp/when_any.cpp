// concurrencpp's when_any cancels nothing: it returns the index of the
// first ready result together with all the results; the losers keep
// running and their values stay readable ('first_reply' reads a loser's
// value later). So a loser that took a message from the application's
// inbox and holds it across a later suspension loses nothing ('relay':
// silent), and no completed value is dropped. when_any (and when_all)
// resume the caller on the executor given as their first argument: a
// reference to a thread_local is another thread's object afterwards
// ('tick_count').
// RUN: %check-rule %s %t -- -std=c++20 -I%inputs/concurrencpp -I%src_root/include
// The same code, were when_any to cancel its losers (Inputs/
// when-any-cancels-losers.yaml instead of the built-in row): 'relay' is
// reported, so the built-in row's 'cancels: none' is what keeps it silent.
// RUN: %expect-exit 1 %corosafe --color=never --quiet --builtin-profiles=-concurrencpp --profile %S/Inputs/when-any-cancels-losers.yaml %s -- -std=c++20 -I%inputs/concurrencpp -I%src_root/include | FileCheck %s --check-prefix=LOSERS
#include <concurrencpp/concurrencpp.h>
#include "corosafe/annotations.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

using namespace concurrencpp;

template <class T> class COROSAFE_CHANNEL_BOUNDED inbox {
public:
  explicit inbox(std::size_t capacity);
  COROSAFE_CHANNEL_RECEIVE lazy_result<T> pop();
  COROSAFE_CHANNEL_SEND lazy_result<void> push(T v);
};

void handle(const std::string &);
result<int> tick(executor_tag, std::shared_ptr<thread_pool_executor> tp);
lazy_result<void> flush(std::shared_ptr<thread_pool_executor> tp);
thread_local int ticks;

// Takes a message, derives the parts, and holds them across a suspension.
result<std::string> relay(inbox<std::string> &in, std::shared_ptr<thread_pool_executor> tp) {
  std::string m = co_await in.pop();
  std::vector<std::string> parts{m.substr(0, 4), m.substr(4)};
  co_await flush(tp);
  // LOSERS: when_any.cpp:[[@LINE-1]]:3: warning: data derived from the value taken into 'm' by 'pop' is held in 'parts' across this suspension point, where a losing select operand is cancelled and the data is lost [corosafe-cancel-select]
  co_return parts[0] + parts[1];
}

result<void> first_reply(inbox<std::string> &in,
                         std::shared_ptr<thread_pool_executor> tp) {
  auto any = co_await when_any(tp, relay(in, tp), tick({}, tp));
  if (any.index == 1)
    handle(co_await std::get<0>(any.results)); // the loser's value, later
  else
    handle(co_await std::get<0>(any.results));
}

result<void> tick_count(std::shared_ptr<thread_pool_executor> tp,
                        std::shared_ptr<worker_thread_executor> ui) {
  int &t = ticks;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 't' declared here (it refers to the thread_local 'ticks')
  ++t;
  auto all = co_await when_all(tp, tick({}, tp), tick({}, tp));
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 't' refers to the thread_local 'ticks' and is used after a suspension point after which the coroutine resumes on a concurrencpp thread_pool_executor [corosafe-thread-bound-across-suspend]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:14: note: the coroutine moved to a concurrencpp thread_pool_executor here and stays there
  t += co_await std::get<0>(all);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 't' refers to the thread_local 'ticks' and is used after a suspension point after which the coroutine may resume on another thread [corosafe-thread-bound-across-suspend]
  // A hop to a worker_thread_executor: one thread of its own, but whether
  // the coroutine already runs there is not known.
  auto any = co_await when_any(ui, tick({}, tp), tick({}, tp));
  // CHECK-MESSAGES: :[[@LINE-1]]:14: remark: 't' refers to the thread_local 'ticks' and is used after a suspension point after which the coroutine may resume on another thread (executor unknown) [corosafe-thread-bound-across-suspend]
  t += static_cast<int>(any.index);
}
