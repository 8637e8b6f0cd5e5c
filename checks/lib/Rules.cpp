//===- Rules.cpp - the catalogue of corosafe rules -----------------------===//
#include "corosafe/Rules.h"

#include <algorithm>

#ifndef COROSAFE_VERSION
#define COROSAFE_VERSION "0.0.0"
#endif
#ifndef COROSAFE_HOMEPAGE
#define COROSAFE_HOMEPAGE "https://github.com/corosafe/corosafe"
#endif

namespace corosafe {

static std::vector<RuleInfo> makeRules() {
  std::vector<RuleInfo> Rules = {
      {
          "corosafe-cancel-select",
          "CancelSelect",
          "Data taken by an operand of a select (asio '||', parallel_group "
          "wait_for_one, or any select a profile declares) is lost when the "
          "operand is cancelled or its result is dropped.",
          "A select races awaitables and destroys the losers at whatever "
          "suspension point they reached. A losing coroutine that has already "
          "taken data (a received message, bytes read into a local buffer) and "
          "still holds it in its frame at a later suspension point loses that "
          "data silently. A select that returns only the first completion "
          "(asio's awaitable operator '||') also throws away the value of a "
          "data-producing operand that completes in the same turn as the "
          "winner; operations that make partial progress (asio's async_read, "
          "async_read_until, async_write) cancelled mid-way leave a stream "
          "partially consumed or written. What counts as a select, a take and "
          "partial progress comes from the framework profiles.",
          "Keep the operation alive across loop iterations instead of "
          "re-creating it in every select; make take-and-deliver atomic (no "
          "suspension between taking the data and storing it outside the "
          "frame); keep no taken data in locals across a suspension point; "
          "move the work into a spawned task fed by a channel; for lossy "
          "combinators use the form that returns every result "
          "(make_parallel_group(...).async_wait with all results handled).",
          "Fixes:\n\n"
          "- keep the operation alive across loop iterations instead of "
          "re-creating it in every select;\n"
          "- make take-and-deliver atomic: no suspension between taking the "
          "data and storing it outside the coroutine frame;\n"
          "- keep no taken data in locals across a suspension point;\n"
          "- move the work into a spawned task fed by a channel;\n"
          "- for lossy combinators such as asio `operator||`, use "
          "`make_parallel_group(...).async_wait(wait_for_one(), ...)` and "
          "handle every operand's result.\n",
          Level::Warning,
          {"correctness", "concurrency", "coroutines", "cancellation"},
          "high",
          "docs/rules/cancel-select.md",
      },
      {
          "corosafe-channel-cycle",
          "ChannelCycle",
          "Tasks that send to each other through bounded channels form a "
          "cycle in which every send blocks: it deadlocks once every buffer "
          "is full.",
          "A bounded channel suspends its sender while the buffer is full. "
          "When tasks are connected in a ring (A sends to B, B to C, C to A) "
          "and every task blocks on its send, a burst that fills every buffer "
          "leaves each task waiting for the next one to receive: no task can "
          "make progress again. It works in testing until timing changes. The "
          "cycle is found on the whole program: every task, every channel and "
          "every send, across translation units. Channel types and their "
          "capacity come from the framework profiles: every asio channel is "
          "bounded, including capacity 0 (a rendezvous) and a capacity that "
          "is not a constant (reported as unknown).",
          "Break the cycle: make one send non-blocking (try_send with a "
          "policy for a full buffer), race the send against a receive in a "
          "select so the task keeps draining its input, give one channel of "
          "the ring an unbounded buffer with monitoring, or restructure the "
          "feedback path so it does not wait on the forward path.",
          "Fixes:\n\n"
          "- make one send of the ring non-blocking (`try_send`) and decide "
          "what happens when the buffer is full;\n"
          "- race the blocking send against a receive of the task's own input "
          "in a select, so the task keeps draining while it waits;\n"
          "- restructure the feedback path so it does not wait on the forward "
          "path (e.g. a separate task that only forwards).\n",
          Level::Warning,
          {"correctness", "concurrency", "coroutines", "deadlock",
           "flow-control"},
          "medium",
          "docs/rules/channel-cycle.md",
      },
      {
          "corosafe-send-escape",
          "SendEscape",
          "A value that must not be shared between threads (non-Send) "
          "crosses to another task while its origin still uses it.",
          "Some values are only safe on one thread at a time: a "
          "boost::local_shared_ptr (non-atomic reference count), a type "
          "marked not Send, a class or container holding one by value, a "
          "reference or pointer into the coroutine frame, a pointer to a "
          "thread_local object. When such a value is captured into a callable "
          "handed to another executor or thread (the framework profiles' "
          "boundaries and spawns: asio post, dispatch, defer, co_spawn, "
          "std::thread, std::jthread, std::async) or passed to a "
          "coroutine spawned as a separate task, and the origin keeps using "
          "it, both tasks touch it concurrently: a torn reference count, a "
          "data race, or a reference into a frame that is destroyed. A value "
          "used only inside one task, even across suspension points and "
          "thread hops, is not reported.",
          "Move the value into the task and stop using it in the origin; use "
          "a thread-safe type (std::shared_ptr, atomics); capture copies "
          "rather than references to coroutine locals.",
          "Fixes:\n\n"
          "- move the value into the task (`[p = std::move(p)]`) and do not "
          "use it in the origin afterwards;\n"
          "- use a thread-safe type (`std::shared_ptr` has an atomic "
          "reference count);\n"
          "- capture a copy instead of a reference to a coroutine local;\n"
          "- keep the value inside one task.\n",
          Level::Warning,
          {"correctness", "concurrency", "coroutines", "thread-safety"},
          "medium",
          "docs/rules/send-escape.md",
      },
      {
          "corosafe-thread-bound-across-suspend",
          "ThreadBoundAcrossSuspend",
          "A thread-bound object (a lock guard, a reference to a thread_local "
          "object) is held across a suspension point after which the "
          "coroutine may resume on another thread.",
          "A coroutine resumes through its executor: on a multi-thread one "
          "(asio: a thread_pool, an io_context run by several threads, a "
          "strand) it can continue on another thread after any co_await, and "
          "a hop (asio: co_await post(bind_executor(X, use_awaitable))) moves "
          "it to X; the framework profiles say which is which. A "
          "lock guard held across the suspension then unlocks its mutex on a "
          "thread that does not own it; a reference to a thread_local object "
          "points to the previous thread's copy. A lock guard held across any "
          "suspension is reported even on a single thread, where the next "
          "coroutine that locks the same mutex deadlocks.",
          "Release the lock before the suspension point (end its scope or "
          "call unlock()), use an asynchronous mutex or a strand instead, and "
          "look thread_local objects up again after each suspension point.",
          "Fixes:\n\n"
          "- release the lock before the suspension point: end the guard's "
          "scope or call `unlock()`;\n"
          "- serialize with a strand or an asynchronous mutex instead of a "
          "thread mutex;\n"
          "- look a `thread_local` object up again after each suspension "
          "point instead of keeping a reference to it.\n",
          Level::Warning,
          {"correctness", "concurrency", "coroutines", "thread-safety",
           "deadlock"},
          "high",
          "docs/rules/thread-bound-across-suspend.md",
      },
      {
          "corosafe-unbounded-channel",
          "UnboundedChannel",
          "A channel or queue without a bound is fed by a producer that "
          "nothing slows down: its memory grows without limit when the "
          "consumer falls behind.",
          "An unbounded queue never pushes back on its producer. If the "
          "consumer is slower, even briefly, the backlog and the latency "
          "grow without limit, and the process eventually runs out of "
          "memory. Bounded channels turn that overload into back-pressure. "
          "Unbounded types are those declared in the option "
          "UnboundedChannelTypes or marked COROSAFE_CHANNEL_UNBOUNDED; a "
          "producer counts as paced when the consumer side reaches back to "
          "it through the task/channel graph.",
          "Bound the channel (a capacity and a blocking send), or monitor its "
          "length and shed load when it grows.",
          "Fixes:\n\n"
          "- give the channel a capacity and let the producer wait when it is "
          "full;\n"
          "- or monitor the queue length and shed or reject work above a "
          "limit.\n",
          Level::Note,
          {"reliability", "concurrency", "coroutines", "flow-control",
           "memory"},
          "medium",
          "docs/rules/unbounded-channel.md",
      },
      {
          "corosafe-unused-suppression",
          "UnusedSuppression",
          "A suppression comment names a corosafe rule but suppresses no "
          "finding.",
          "A NOLINT or corosafe: ignore comment that no longer matches a "
          "finding hides nothing today and would silently hide a future, "
          "unrelated finding on the same line.",
          "Remove the comment, or narrow it to the rule that still fires.",
          "Fixes:\n\n"
          "- remove the suppression comment;\n"
          "- or narrow it to the rule that still reports on that line.\n",
          Level::Note,
          {"maintainability", "suppression"},
          "high",
          "docs/rules/unused-suppression.md",
      },
  };
  std::sort(Rules.begin(), Rules.end(),
            [](const RuleInfo &A, const RuleInfo &B) { return A.Id < B.Id; });
  return Rules;
}

const std::vector<RuleInfo> &allRules() {
  static const std::vector<RuleInfo> Rules = makeRules();
  return Rules;
}

const RuleInfo *findRule(std::string_view Id) {
  for (const RuleInfo &R : allRules())
    if (R.Id == Id)
      return &R;
  return nullptr;
}

int ruleIndex(std::string_view Id) {
  const auto &Rules = allRules();
  for (size_t I = 0; I < Rules.size(); ++I)
    if (Rules[I].Id == Id)
      return static_cast<int>(I);
  return -1;
}

std::string_view toolVersion() { return COROSAFE_VERSION; }

std::string_view homepage() { return COROSAFE_HOMEPAGE; }

std::string ruleHelpUri(const RuleInfo &R) {
  return std::string(homepage()) + "/blob/main/" + std::string(R.DocPath);
}

} // namespace corosafe
