// The target executor is a parameter (any_io_executor): corosafe cannot
// tell whether the handler runs on another thread, and reports at the
// lower level of the option UnknownExecutor (remark by default).
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"
#include <boost/smart_ptr/local_shared_ptr.hpp>
#include <boost/smart_ptr/make_local_shared.hpp>

void notify(net::any_io_executor ex, boost::local_shared_ptr<int> counter) {
  net::defer(ex, [counter] { ++*counter; });
  // CHECK-MESSAGES: :[[@LINE-1]]:19: remark: 'counter' is copied into a handler given to 'defer' on an executor of unknown kind while the origin keeps its own copy: 'boost::local_shared_ptr<int>' has a non-atomic reference count [corosafe-send-escape]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:3: note: the task starts here
  ++*counter;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:6: note: 'counter' is used here afterwards
}
