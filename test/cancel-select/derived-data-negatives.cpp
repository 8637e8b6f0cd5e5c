// What derived data is not: a size, a flag or a comparison computed from
// the data carries none of it; a byte count of data already handed on is
// not lost data; data delivered (itself or what was derived from it)
// before the next suspension is not held. Each operand loses a select and
// nothing is reported.
// RUN: %check-rule %s %t.boost -- %boost-flags
// RUN: %check-rule %s %t.asio -- %asio-flags
#include "asio-compat.h"

std::size_t write_all(int fd, const char *data, std::size_t n);
bool looks_valid(const std::string &);
std::vector<std::string> split_lines(const char *data, std::size_t n);
void note_stats(std::size_t, bool, bool);

awaitable<void> measures(StrChannel &in, net::steady_timer &t) {
  for (;;) {
    std::string m = co_await in.async_receive(use_awaitable);
    std::size_t len = m.size();
    bool empty = m.empty();
    bool hello = m == "hello";
    bool ok = looks_valid(m);
    co_await t.async_wait(use_awaitable);
    note_stats(len, empty || ok, hello);
  }
}

// The bytes are written to a descriptor before the wait; only the count
// written is kept across it.
awaitable<void> counted(tcp::socket &s, net::steady_timer &t, int fd,
                        std::size_t &total) {
  char buf[256];
  for (;;) {
    std::size_t n = co_await s.async_read_some(net::buffer(buf), use_awaitable);
    std::size_t written = write_all(fd, buf, n);
    co_await t.async_wait(use_awaitable);
    total += written;
  }
}

// What was parsed from the bytes is handed to the caller's queue before
// the next suspension.
awaitable<void> parsed_and_delivered(tcp::socket &s,
                                     std::vector<std::vector<std::string>> &q) {
  char buf[256];
  for (;;) {
    std::size_t n = co_await s.async_read_some(net::buffer(buf), use_awaitable);
    auto items = split_lines(buf, n);
    q.push_back(std::move(items));
  }
}

awaitable<void> run(StrChannel &in, tcp::socket &s, net::steady_timer &t,
                    std::size_t &total,
                    std::vector<std::vector<std::string>> &q) {
  co_await (measures(in, t) || t.async_wait(use_awaitable));
  co_await (counted(s, t, 3, total) || t.async_wait(use_awaitable));
  co_await (parsed_and_delivered(s, q) || t.async_wait(use_awaitable));
}
