// By-value captures of Send types (an int, a std::string, a vector) into a
// handler posted to a thread_pool, a std::thread and a spawned coroutine:
// the task gets its own copy. Nothing to report.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"
#include <thread>

awaitable<void> consume(std::string s) { co_return; }

awaitable<void> producer(net::thread_pool &pool, net::steady_timer &t) {
  int id = 7;
  std::string name = "job";
  std::vector<int> data{1, 2, 3};
  net::post(pool, [id, name, data] { (void)(id + name.size() + data.size()); });
  net::co_spawn(pool, consume(name), net::detached);
  co_await t.async_wait(use_awaitable);
  data.push_back(id);
  name += "!";
}

int main() {
  net::io_context ioc;
  net::thread_pool pool(2);
  net::steady_timer t(ioc);
  std::string label = "main";
  std::thread th([label] { (void)label.size(); });
  net::co_spawn(ioc, producer(pool, t), net::detached);
  ioc.run();
  th.join();
  label.clear();
}
