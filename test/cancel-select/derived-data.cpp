// Data computed from taken data is taken data too. A loser of '||' that
// parsed a chunk it read and is sending the parsed items one by one loses
// the rest of the chunk when it is cancelled at a send. The finding walks
// the chain: where the bytes were read, what was derived from them, and
// where they are still held. Each lost value is reported once, at the
// first suspension after it was taken.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"
#include <map>

std::vector<std::string> split_lines(const char *data, std::size_t n);
void consume(const std::string &);

awaitable<void> pump(tcp::socket &in, StrChannel &out) {
  char buf[512];
  for (;;) {
    std::size_t n = co_await in.async_read_some(net::buffer(buf), use_awaitable);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:21: note: bytes are read into 'buf' here
    auto items = split_lines(buf, n);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:10: note: 'items' is derived from 'buf' here
    for (auto &item : items)
      // CHECK-NOTES-DAG: :[[@LINE-1]]:16: note: 'item' is derived from 'items' here
      co_await out.async_send(error_code{}, item, use_awaitable);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: data derived from the bytes read into 'buf' by 'async_read_some' is held in 'item' across this suspension point, where a losing select operand is cancelled and the data is lost [corosafe-cancel-select]
  }
}

// A string built from the bytes, written out after a wait.
awaitable<void> delayed_echo(tcp::socket &s, net::steady_timer &t) {
  char buf[256];
  std::size_t n = co_await s.async_read_some(net::buffer(buf), use_awaitable);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:19: note: bytes are read into 'buf' here
  std::string msg(buf, n);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:15: note: 'msg' is derived from 'buf' here
  co_await t.async_wait(use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: data derived from the bytes read into 'buf' by 'async_read_some' is held in 'msg' across this suspension point
  consume(msg);
}

// A member of a local aggregate takes the value; the aggregate is sent on.
struct Envelope {
  std::string body;
  int hops = 0;
};

awaitable<void> wrap(StrChannel &in, net::steady_timer &t) {
  for (;;) {
    Envelope e;
    e.body = co_await in.async_receive(use_awaitable);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:14: note: 'e' takes the value here
    co_await t.async_wait(use_awaitable);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the value taken into 'e' by 'async_receive' is held across this suspension point
    consume(e.body);
  }
}

// Values moved into a local batch, flushed every eight: the batch is held
// across the next receive. Reported once (not again at the flush's wait).
awaitable<void> batcher(IntChannel &in, net::steady_timer &t,
                        std::vector<int> &sink) {
  std::vector<int> batch;
  for (;;) {
    int v = co_await in.async_receive(use_awaitable);
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: data derived from the value taken into 'v' by 'async_receive' is held in 'batch' across this suspension point
    // CHECK-NOTES-DAG: :[[@LINE-2]]:13: note: 'v' takes the value here
    batch.push_back(v);
    // CHECK-NOTES-DAG: :[[@LINE-1]]:5: note: 'batch' is derived from 'v' here
    if (batch.size() < 8)
      continue;
    co_await t.async_wait(use_awaitable);
    sink.insert(sink.end(), batch.begin(), batch.end());
    batch.clear();
  }
}

// A structured binding of a value computed from the message, a map entry
// and a lambda capturing the message.
std::pair<std::string, std::string> split_header(const std::string &);

awaitable<void> bindings(StrChannel &in, net::steady_timer &t) {
  std::string m = co_await in.async_receive(use_awaitable);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:19: note: 'm' takes the value here
  auto [key, value] = split_header(m);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:14: note: 'value' is derived from 'm' here
  co_await t.async_wait(use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: data derived from the value taken into 'm' by 'async_receive' is held in 'value' across this suspension point
  consume(value);
}

awaitable<void> keyed(StrChannel &in, net::steady_timer &t,
                      std::map<int, std::string> &out) {
  std::map<int, std::string> by_id;
  std::string m = co_await in.async_receive(use_awaitable);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:19: note: 'm' takes the value here
  by_id[1] = m;
  // CHECK-NOTES-DAG: :[[@LINE-1]]:3: note: 'by_id' is derived from 'm' here
  co_await t.async_wait(use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: data derived from the value taken into 'm' by 'async_receive' is held in 'by_id' across this suspension point
  out = by_id;
}

awaitable<void> deferred_job(StrChannel &in, net::steady_timer &t) {
  std::string m = co_await in.async_receive(use_awaitable);
  // CHECK-NOTES-DAG: :[[@LINE-1]]:19: note: 'm' takes the value here
  auto job = [m] { consume(m); };
  // CHECK-NOTES-DAG: :[[@LINE-1]]:8: note: 'job' is derived from 'm' here
  co_await t.async_wait(use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: data derived from the value taken into 'm' by 'async_receive' is held in 'job' across this suspension point
  job();
}

awaitable<void> run(tcp::socket &s, StrChannel &sc, IntChannel &ic,
                    net::steady_timer &t, std::vector<int> &sink,
                    std::map<int, std::string> &out) {
  co_await (pump(s, sc) || t.async_wait(use_awaitable));
  co_await (delayed_echo(s, t) || t.async_wait(use_awaitable));
  co_await (wrap(sc, t) || t.async_wait(use_awaitable));
  co_await (batcher(ic, t, sink) || t.async_wait(use_awaitable));
  co_await (bindings(sc, t) || t.async_wait(use_awaitable));
  co_await (keyed(sc, t, out) || t.async_wait(use_awaitable));
  co_await (deferred_job(sc, t) || t.async_wait(use_awaitable));
}
