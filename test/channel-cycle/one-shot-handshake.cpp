// A stop handshake: 'stop' sends one stop request (in no loop) and waits
// for the acknowledgement; the worker's 'listen_stop' receives the request
// before it sends the acknowledgement. The answer needs the request, so the
// two cannot both be blocked in their sends: no finding, whatever the
// capacities. Two tasks that each send once before they receive, on
// rendezvous channels, do deadlock: 'hello' and 'world' are reported.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

using Signal = IntChannel;

struct Node {
  Signal stop_chan, done_chan;
  explicit Node(net::io_context &io) : stop_chan(io), done_chan(io) {}

  awaitable<void> stop() {
    co_await stop_chan.async_send(error_code{}, 0, use_awaitable);
    co_await done_chan.async_receive(use_awaitable);
  }

  awaitable<void> listen_stop() {
    co_await stop_chan.async_receive(use_awaitable);
    co_await done_chan.async_send(error_code{}, 0, use_awaitable);
  }
};

awaitable<void> hello(IntChannel &to_world, IntChannel &to_hello) {
  co_await to_world.async_send(error_code{}, 1, use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: send to 'to_world' blocks in a cycle of bounded channels that deadlocks once every buffer is full: 'hello' -> 'to_world' -> 'world' -> 'to_hello' -> 'hello' [corosafe-channel-cycle]
  // CHECK-NOTES-DAG: :[[@LINE-2]]:12: note: 'hello' sends to 'to_world' (capacity 0, a rendezvous) and waits while it is full
  co_await to_hello.async_receive(use_awaitable);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:12: note: 'hello' receives from 'to_hello'
}

awaitable<void> world(IntChannel &to_world, IntChannel &to_hello) {
  co_await to_hello.async_send(error_code{}, 2, use_awaitable);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:12: note: 'world' sends to 'to_hello' (capacity 0, a rendezvous) and waits while it is full
  co_await to_world.async_receive(use_awaitable);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:12: note: 'world' receives from 'to_world'
}

int main() {
  net::io_context io;
  Node node(io);
  net::co_spawn(io, node.listen_stop(), net::detached);
  net::co_spawn(io, node.stop(), net::detached);
  IntChannel to_world(io), to_hello(io);
  net::co_spawn(io, hello(to_world, to_hello), net::detached);
  net::co_spawn(io, world(to_world, to_hello), net::detached);
  io.run();
}
