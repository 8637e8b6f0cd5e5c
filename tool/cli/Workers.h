//===- Workers.h - run the per-TU step in child processes ------*- C++ -*-===//
//
// Each TU is analyzed by a child process (`corosafe --worker JOB OUT`), at
// most N at a time, so a crash, an assertion or a hang in one TU cannot take
// the run down. One loop starts the children with posix_spawn and reaps them
// with waitpid(WNOHANG) (no SIGALRM: llvm::sys::Wait's timeout is
// process-wide, unsafe with several children); a child running longer than
// the timeout is killed.
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_CLI_WORKERS_H
#define COROSAFE_CLI_WORKERS_H

#include <functional>
#include <string>
#include <vector>

namespace corosafe {

struct WorkerTask {
  std::vector<std::string> Argv; // Argv[0] is the executable
  std::string StderrPath;        // the child's stderr goes here
};

struct WorkerOutcome {
  enum Kind { Exited, Signaled, TimedOut, SpawnFailed } K = Exited;
  int Code = 0; // exit status, or signal number
  double Seconds = 0;
  std::string Error; // SpawnFailed
};

/// Runs every task, at most \p Jobs at once, each killed after
/// \p TimeoutSeconds (0: never). \p OnStart and \p OnDone are called from
/// this thread with the task's index; \p OnTick about every 100 ms.
/// Each child runs in a process group of its own. When the run is
/// interrupted (Interrupt.h), every running child's group is killed and
/// reaped and runWorkers returns without starting more.
void runWorkers(
    const std::vector<WorkerTask> &Tasks, unsigned Jobs,
    unsigned TimeoutSeconds, const std::function<void(size_t)> &OnStart,
    const std::function<void(size_t, const WorkerOutcome &)> &OnDone,
    const std::function<void()> &OnTick);

/// The building blocks of runWorkers, for callers with their own loop (the
/// language server, tool/cli/lsp): starts a task's child process; returns -1
/// with \p Err set when it cannot be started.
int startWorker(const WorkerTask &T, std::string &Err);

/// Whether the child \p Pid has ended (without blocking); if so, fills \p O
/// (Kind and Code; Seconds is left to the caller).
bool reapWorker(int Pid, WorkerOutcome &O);

/// Kills the child \p Pid and its process group (everything it started) and
/// waits for it.
void killWorker(int Pid);

/// Description of a signal ("SIGSEGV", "signal 42").
std::string signalName(int Sig);

} // namespace corosafe

#endif
