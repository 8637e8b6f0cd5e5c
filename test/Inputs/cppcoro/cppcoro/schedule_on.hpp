// Declaration-shaped stand-in for cppcoro, written for corosafe's tests.
// Mirrors lewissbaker/cppcoro at 391215262bd4 (2022-09-03): include/cppcoro/schedule_on.hpp,
// include/cppcoro/resume_on.hpp.
// schedule_on(s, a): a starts on s (the caller then continues wherever a
// finished). resume_on(s, a): after a completes, the caller resumes on s.
#pragma once
#include <cppcoro/task.hpp>

namespace cppcoro {
template <typename SCHEDULER, typename AWAITABLE>
auto schedule_on(SCHEDULER &scheduler, AWAITABLE awaitable)
    -> task<std::remove_cvref_t<typename awaitable_traits<AWAITABLE>::await_result_t>>;
template <typename SCHEDULER, typename AWAITABLE>
auto resume_on(SCHEDULER &scheduler, AWAITABLE awaitable)
    -> task<std::remove_cvref_t<typename awaitable_traits<AWAITABLE>::await_result_t>>;
} // namespace cppcoro
