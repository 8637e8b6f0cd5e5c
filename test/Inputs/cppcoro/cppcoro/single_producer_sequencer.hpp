// Declaration-shaped stand-in for cppcoro, written for corosafe's tests.
// Mirrors lewissbaker/cppcoro at 391215262bd4 (2022-09-03): include/cppcoro/single_producer_sequencer.hpp,
// include/cppcoro/multi_producer_sequencer.hpp.
// A ring buffer of bufferSize slots (ctor argument 2; the multi-producer one
// rounds it to a power of two): claim_one / claim_up_to suspend while the
// consumer barrier is bufferSize behind; consumers wait_until_published and
// publish their read position on the barrier (ctor argument 1).
#pragma once
#include <cppcoro/sequence_barrier.hpp>

namespace cppcoro {
template <typename SEQUENCE = std::size_t, typename TRAITS = sequence_traits<SEQUENCE>> class single_producer_sequencer {
public:
  using size_type = typename sequence_range<SEQUENCE, TRAITS>::size_type;
  single_producer_sequencer(const sequence_barrier<SEQUENCE, TRAITS> &consumerBarrier, std::size_t bufferSize,
                            SEQUENCE initialSequence = TRAITS::initial_sequence) noexcept;
  template <typename SCHEDULER> [[nodiscard]] detail::seq_awaiter<SEQUENCE> claim_one(SCHEDULER &scheduler) noexcept;
  template <typename SCHEDULER>
  [[nodiscard]] detail::seq_awaiter<sequence_range<SEQUENCE, TRAITS>> claim_up_to(std::size_t count, SCHEDULER &scheduler) noexcept;
  void publish(SEQUENCE sequence) noexcept;
  void publish(const sequence_range<SEQUENCE, TRAITS> &sequences) noexcept;
  SEQUENCE last_published() const noexcept;
  template <typename SCHEDULER>
  [[nodiscard]] detail::seq_awaiter<SEQUENCE> wait_until_published(SEQUENCE targetSequence, SCHEDULER &scheduler) const noexcept;
};
template <typename SEQUENCE = std::size_t, typename TRAITS = sequence_traits<SEQUENCE>> class multi_producer_sequencer {
public:
  multi_producer_sequencer(const sequence_barrier<SEQUENCE, TRAITS> &consumerBarrier, std::size_t bufferSize,
                           SEQUENCE initialSequence = TRAITS::initial_sequence);
  std::size_t buffer_size() const noexcept;
  SEQUENCE last_published_after(SEQUENCE lastKnownPublished) const noexcept;
  template <typename SCHEDULER>
  [[nodiscard]] detail::seq_awaiter<SEQUENCE> wait_until_published(SEQUENCE targetSequence, SEQUENCE lastKnownPublished,
                                                                   SCHEDULER &scheduler) const noexcept;
  template <typename SCHEDULER> [[nodiscard]] detail::seq_awaiter<SEQUENCE> claim_one(SCHEDULER &scheduler) noexcept;
  template <typename SCHEDULER>
  [[nodiscard]] detail::seq_awaiter<sequence_range<SEQUENCE, TRAITS>> claim_up_to(std::size_t count, SCHEDULER &scheduler) noexcept;
  void publish(SEQUENCE sequence) noexcept;
  void publish(const sequence_range<SEQUENCE, TRAITS> &range) noexcept;
};
} // namespace cppcoro
