#include "acme.h"
#include <mutex>
std::mutex m;
thread_local int calls;
acme::task<void> counts() {
  int &c = calls;
  co_await acme::sleep_for(1);
  ++c;
}
acme::task<void> locked() {
  std::lock_guard<std::mutex> g(m);
  co_await acme::sleep_for(1);
}
