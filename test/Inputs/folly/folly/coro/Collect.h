// Declaration-shaped stand-in for folly, written for corosafe's tests.
// Mirrors facebook/folly at ff98381ea686 (2026-08-22): folly/coro/Collect.h.
// collectAny*: start all, cancel the rest once one finishes, and wait for
// them. collectAny / collectAnyWithoutException (and the *Range forms) keep
// one result and discard every other operand's value or exception;
// collectAnyNoDiscard(Range) returns all of them.
#pragma once
#include <cstddef>
#include <iterator>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>
#include <folly/Try.h>
#include <folly/coro/Task.h>
#include <folly/coro/Traits.h>

namespace folly::coro {
namespace detail {
template <typename A> using collect_all_component_t = lift_unit_t<semi_await_result_t<A>>;
template <typename A> using collect_all_try_component_t = Try<semi_await_result_t<A>>;
template <typename... As> using collect_any_component_t = std::common_type_t<semi_await_result_t<As>...>;
template <typename Range> using range_reference_t = decltype(*std::begin(std::declval<Range &>()));
template <typename Ref> using collect_all_range_component_t = semi_await_result_t<Ref>;
template <typename Ref> using collect_all_try_range_component_t = Try<semi_await_result_t<Ref>>;
template <typename... As> using CollectAllTask = Task<std::tuple<collect_all_component_t<As>...>>;
} // namespace detail

// All-of.
template <typename... SemiAwaitables> auto collectAll(SemiAwaitables... awaitables) -> detail::CollectAllTask<SemiAwaitables...>;
template <typename... SemiAwaitables>
auto collectAllTry(SemiAwaitables... awaitables) -> Task<std::tuple<detail::collect_all_try_component_t<SemiAwaitables>...>>;
template <typename InputRange>
auto collectAllRange(InputRange awaitables)
    -> Task<std::vector<detail::collect_all_range_component_t<detail::range_reference_t<InputRange>>>>;
template <typename InputRange>
auto collectAllTryRange(InputRange awaitables)
    -> Task<std::vector<detail::collect_all_try_range_component_t<detail::range_reference_t<InputRange>>>>;
template <typename InputRange>
auto collectAllWindowed(InputRange awaitables, std::size_t maxConcurrency)
    -> Task<std::vector<detail::collect_all_range_component_t<detail::range_reference_t<InputRange>>>>;

// First-of.
template <typename SemiAwaitable, typename... SemiAwaitables>
auto collectAny(SemiAwaitable &&awaitable, SemiAwaitables &&...awaitables)
    -> Task<std::pair<std::size_t, Try<detail::collect_any_component_t<SemiAwaitable, SemiAwaitables...>>>>;
template <typename... SemiAwaitables>
auto collectAnyWithoutException(SemiAwaitables &&...awaitables)
    -> Task<std::pair<std::size_t, Try<detail::collect_any_component_t<SemiAwaitables...>>>>;
template <typename... SemiAwaitables>
auto collectAnyNoDiscard(SemiAwaitables &&...awaitables)
    -> Task<std::tuple<detail::collect_all_try_component_t<std::remove_cvref_t<SemiAwaitables>>...>>;
template <typename InputRange>
auto collectAnyRange(InputRange awaitables)
    -> Task<std::pair<std::size_t, Try<detail::collect_all_range_component_t<detail::range_reference_t<InputRange>>>>>;
template <typename InputRange>
auto collectAnyWithoutExceptionRange(InputRange awaitables)
    -> Task<std::pair<std::size_t, Try<detail::collect_all_range_component_t<detail::range_reference_t<InputRange>>>>>;
template <typename InputRange>
auto collectAnyNoDiscardRange(InputRange awaitables)
    -> Task<std::vector<detail::collect_all_try_range_component_t<detail::range_reference_t<InputRange>>>>;
} // namespace folly::coro
