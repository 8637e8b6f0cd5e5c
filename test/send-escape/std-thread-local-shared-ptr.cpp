// std::thread, std::jthread and std::async are task boundaries too: a
// local_shared_ptr captured by copy into the new thread's callable, or
// passed as its argument, while the caller keeps its copy.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"
#include <boost/smart_ptr/local_shared_ptr.hpp>
#include <boost/smart_ptr/make_local_shared.hpp>
#include <future>
#include <thread>

void use(boost::local_shared_ptr<int> p);

void start() {
  auto p = boost::make_local_shared<int>(1);
  std::thread t([p] { use(p); });
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'p' is copied into a new thread while the origin keeps its own copy: 'boost::local_shared_ptr<int>' has a non-atomic reference count [corosafe-send-escape]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:15: note: the task starts here
  std::jthread j(use, p);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'p' is copied into a new thread while the origin keeps its own copy: 'boost::local_shared_ptr<int>' has a non-atomic reference count [corosafe-send-escape]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:16: note: the task starts here
  auto f = std::async(std::launch::async, [p] { use(p); });
  // CHECK-MESSAGES: :[[@LINE-1]]:44: warning: 'p' is copied into a task started by 'std::async' while the origin keeps its own copy: 'boost::local_shared_ptr<int>' has a non-atomic reference count [corosafe-send-escape]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:12: note: the task starts here
  use(p);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:7: note: 'p' is used here afterwards
  t.join();
}
