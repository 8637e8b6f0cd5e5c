// A user type marked COROSAFE_THREAD_BOUND (include/corosafe/annotations.hpp)
// live across a suspension point in a coroutine on a thread_pool: its
// destructor, at least, runs after the coroutine may have changed threads.
// The same type in a coroutine on a single-thread io_context is fine.
// RUN: %check-rule %s %t.boost -- %boost-flags -I%src_root/include
// RUN: %check-rule %s %t.asio -- %asio-flags -I%src_root/include
#include "asio-compat.h"
#include <corosafe/annotations.hpp>

class COROSAFE_THREAD_BOUND GlContext {
public:
  GlContext();
  ~GlContext();
  void draw();
};

awaitable<void> render(net::steady_timer &t) {
  GlContext gl;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'gl' declared here ('GlContext' is marked thread-bound)
  gl.draw();
  co_await t.async_wait(use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'gl' is thread-bound and live across a suspension point after which the coroutine may resume on another thread [corosafe-thread-bound-across-suspend]
  gl.draw();
}

awaitable<void> render_single(net::steady_timer &t) {
  GlContext gl;
  co_await t.async_wait(use_awaitable);
  gl.draw();
}

int main() {
  net::thread_pool pool(2);
  net::io_context ioc;
  net::steady_timer t(pool), u(ioc);
  net::co_spawn(pool, render(t), net::detached);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'render' is spawned here on a thread pool
  net::co_spawn(ioc, render_single(u), net::detached);
  ioc.run();
}
