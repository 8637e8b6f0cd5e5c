// cppcoro's io_service resumes a coroutine that awaits io.schedule() on a
// thread inside one of its process_*events() calls: with two such threads
// ('busy') the coroutine may continue on either, and a reference to a
// thread_local is another thread's object. With one thread ('quiet') the
// coroutine still moves from the thread that started it to that one, which
// is reported as a remark (which thread the coroutine ran on before is not
// known).
// RUN: %check-rule %s %t -- -std=c++20 -I%inputs/cppcoro
#include <cppcoro/io_service.hpp>
#include <cppcoro/sync_wait.hpp>
#include <cppcoro/task.hpp>

#include <thread>

thread_local int counter;

int main() {
  cppcoro::io_service busy, quiet;
  auto on_busy = [&]() -> cppcoro::task<void> {
    int &c = counter;
    // CHECK-NOTES-DAG: :[[@LINE-1]]:5: note: 'c' declared here (it refers to the thread_local 'counter')
    co_await busy.schedule();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'c' refers to the thread_local 'counter' and is used after a suspension point after which the coroutine resumes on a cppcoro io_service run by several threads [corosafe-thread-bound-across-suspend]
    ++c;
  };
  auto on_quiet = [&]() -> cppcoro::task<void> {
    int &c = counter;
    co_await quiet.schedule();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: remark: 'c' refers to the thread_local 'counter' and is used after a suspension point after which the coroutine may resume on another thread (executor unknown) [corosafe-thread-bound-across-suspend]
    ++c;
  };
  std::thread a([&] { busy.process_events(); });
  std::thread b([&] { busy.process_events(); });
  std::thread q([&] { quiet.process_events(); });
  cppcoro::sync_wait(on_busy());
  cppcoro::sync_wait(on_quiet());
  a.join();
  b.join();
  q.join();
}
