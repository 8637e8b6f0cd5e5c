// Declaration-shaped stand-in for cppcoro, written for corosafe's tests.
// Mirrors lewissbaker/cppcoro at 391215262bd4 (2022-09-03): include/cppcoro/sequence_barrier.hpp,
// include/cppcoro/sequence_traits.hpp, include/cppcoro/sequence_range.hpp.
#pragma once
#include <coroutine>
#include <cstddef>
#include <type_traits>

namespace cppcoro {
template <typename SEQUENCE> struct sequence_traits {
  static constexpr SEQUENCE initial_sequence = static_cast<SEQUENCE>(-1);
};
template <typename SEQUENCE, typename TRAITS = sequence_traits<SEQUENCE>> class sequence_range {
public:
  using size_type = std::size_t;
  SEQUENCE front() const noexcept;
  SEQUENCE back() const noexcept;
  size_type size() const noexcept;
  const SEQUENCE *begin() const noexcept;
  const SEQUENCE *end() const noexcept;
};
namespace detail {
template <typename T> struct seq_awaiter {
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume() const noexcept;
};
} // namespace detail
template <typename SEQUENCE = std::size_t, typename TRAITS = sequence_traits<SEQUENCE>> class sequence_barrier {
public:
  sequence_barrier(SEQUENCE initialSequence = TRAITS::initial_sequence) noexcept;
  ~sequence_barrier();
  SEQUENCE last_published() const noexcept;
  template <typename SCHEDULER>
  [[nodiscard]] detail::seq_awaiter<SEQUENCE> wait_until_published(SEQUENCE targetSequence, SCHEDULER &scheduler) const noexcept;
  void publish(SEQUENCE sequence) noexcept;
};
} // namespace cppcoro
