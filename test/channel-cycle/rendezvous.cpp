// Capacity 0 (asio's default) is a rendezvous: every send waits for a
// receiver. Still bounded, so a ring of such channels deadlocks at once.
// Here the channels are globals in a namespace, used directly by the tasks.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

int work(int);

namespace app {
net::io_context io;
IntChannel requests(io);       // max_buffer_size defaults to 0
IntChannel replies(io, 0);
} // namespace app

awaitable<void> client() {
  for (int i = 0;; ++i) {
    co_await app::requests.async_send(error_code{}, i, use_awaitable);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: send to 'app::requests' blocks in a cycle of bounded channels that deadlocks once every buffer is full: 'client' -> 'app::requests' -> 'server' -> 'app::replies' -> 'client' [corosafe-channel-cycle]
    // CHECK-NOTES-DAG: :[[@LINE-2]]:14: note: 'client' sends to 'app::requests' (capacity 0, a rendezvous) and waits while it is full
    work(co_await app::replies.async_receive(use_awaitable));
    // CHECK-NOTES-DAG: :[[@LINE-1]]:19: note: 'client' receives from 'app::replies'
  }
}

awaitable<void> server() {
  for (;;) {
    int v = co_await app::requests.async_receive(use_awaitable);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:22: note: 'server' receives from 'app::requests'
    co_await app::replies.async_send(error_code{}, work(v), use_awaitable);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:14: note: 'server' sends to 'app::replies' (capacity 0, a rendezvous) and waits while it is full
  }
}

int main() {
  net::co_spawn(app::io, client(), net::detached);
  net::co_spawn(app::io, server(), net::detached);
  app::io.run();
}
