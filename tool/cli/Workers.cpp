//===- Workers.cpp - child processes for the per-TU step ------------------===//
#include "Workers.h"

#include "Interrupt.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char **environ;

namespace corosafe {

std::string signalName(int Sig) {
  switch (Sig) {
  case SIGSEGV:
    return "SIGSEGV";
  case SIGABRT:
    return "SIGABRT";
  case SIGBUS:
    return "SIGBUS";
  case SIGFPE:
    return "SIGFPE";
  case SIGILL:
    return "SIGILL";
  case SIGKILL:
    return "SIGKILL";
  case SIGTERM:
    return "SIGTERM";
  default:
    return "signal " + std::to_string(Sig);
  }
}

namespace {

using Clock = std::chrono::steady_clock;

struct Running {
  size_t Index;
  pid_t Pid;
  Clock::time_point Start;
};

} // namespace

int startWorker(const WorkerTask &T, std::string &Err) {
  posix_spawn_file_actions_t Actions;
  posix_spawn_file_actions_init(&Actions);
  posix_spawn_file_actions_addopen(&Actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&Actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(
      &Actions, 2, T.StderrPath.empty() ? "/dev/null" : T.StderrPath.c_str(),
      O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char *> Argv;
  for (const std::string &A : T.Argv)
    Argv.push_back(const_cast<char *>(A.c_str()));
  Argv.push_back(nullptr);
  // A process group of its own: a timeout or an interruption kills the
  // worker and whatever it started, and a terminal's ^C reaches the driver
  // only, which then stops the workers itself.
  posix_spawnattr_t Attr;
  posix_spawnattr_init(&Attr);
  // No blocked signals (the language server blocks the interrupting ones
  // outside its wait) and the default actions.
  sigset_t None, Defaults;
  sigemptyset(&None);
  sigemptyset(&Defaults);
  for (int Sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE})
    sigaddset(&Defaults, Sig);
  posix_spawnattr_setflags(&Attr, POSIX_SPAWN_SETPGROUP |
                                      POSIX_SPAWN_SETSIGMASK |
                                      POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&Attr, 0);
  posix_spawnattr_setsigmask(&Attr, &None);
  posix_spawnattr_setsigdefault(&Attr, &Defaults);
  pid_t Pid = -1;
  int RC = posix_spawn(&Pid, Argv[0], &Actions, &Attr, Argv.data(), environ);
  posix_spawnattr_destroy(&Attr);
  posix_spawn_file_actions_destroy(&Actions);
  if (RC != 0) {
    Err = std::string("cannot start '") + Argv[0] + "': " + std::strerror(RC);
    return -1;
  }
  return Pid;
}

bool reapWorker(int Pid, WorkerOutcome &O) {
  int Status = 0;
  pid_t W = waitpid(Pid, &Status, WNOHANG);
  if (W == 0 || (W < 0 && errno == EINTR))
    return false;
  if (W < 0) {
    O.K = WorkerOutcome::SpawnFailed;
    O.Error = std::string("lost the worker process: ") + std::strerror(errno);
  } else if (WIFSIGNALED(Status)) {
    O.K = WorkerOutcome::Signaled;
    O.Code = WTERMSIG(Status);
  } else {
    O.K = WorkerOutcome::Exited;
    O.Code = WIFEXITED(Status) ? WEXITSTATUS(Status) : 255;
  }
  return true;
}

void killWorker(int Pid) {
  int Status = 0;
  // The worker's process group: whatever it started dies with it.
  kill(-Pid, SIGKILL);
  while (waitpid(Pid, &Status, 0) < 0 && errno == EINTR) {
  }
}

void runWorkers(
    const std::vector<WorkerTask> &Tasks, unsigned Jobs,
    unsigned TimeoutSeconds, const std::function<void(size_t)> &OnStart,
    const std::function<void(size_t, const WorkerOutcome &)> &OnDone,
    const std::function<void()> &OnTick) {
  if (Jobs == 0)
    Jobs = 1;
  size_t Next = 0;
  std::vector<Running> Active;
  auto Elapsed = [](Clock::time_point S) {
    return std::chrono::duration<double>(Clock::now() - S).count();
  };
  auto LastTick = Clock::now();
  auto StopAll = [&] {
    for (const Running &R : Active)
      kill(-R.Pid, SIGKILL);
    for (const Running &R : Active) {
      int Status;
      while (waitpid(R.Pid, &Status, 0) < 0 && errno == EINTR) {
      }
      interrupt::removeWorker(R.Pid);
    }
    Active.clear();
  };
  while (Next < Tasks.size() || !Active.empty()) {
    if (interrupt::signal()) {
      StopAll();
      return;
    }
    while (Next < Tasks.size() && Active.size() < Jobs) {
      size_t I = Next++;
      OnStart(I);
      std::string Err;
      auto Start = Clock::now();
      pid_t Pid = startWorker(Tasks[I], Err);
      if (Pid < 0) {
        WorkerOutcome O;
        O.K = WorkerOutcome::SpawnFailed;
        O.Error = Err;
        OnDone(I, O);
        continue;
      }
      interrupt::addWorker(Pid);
      Active.push_back({I, Pid, Start});
    }
    bool Reaped = false;
    for (size_t A = 0; A < Active.size();) {
      Running &R = Active[A];
      WorkerOutcome O;
      if (!reapWorker(R.Pid, O)) {
        if (TimeoutSeconds == 0 || Elapsed(R.Start) < TimeoutSeconds) {
          ++A;
          continue;
        }
        killWorker(R.Pid);
        O.K = WorkerOutcome::TimedOut;
      } else if (O.K == WorkerOutcome::Signaled && interrupt::signal()) {
        // Killed by the interruption, not a crash of its own.
        interrupt::removeWorker(R.Pid);
        Active.erase(Active.begin() + A);
        StopAll();
        return;
      }
      O.Seconds = Elapsed(R.Start);
      size_t Index = R.Index;
      interrupt::removeWorker(R.Pid);
      Active.erase(Active.begin() + A);
      OnDone(Index, O);
      Reaped = true;
    }
    if (Clock::now() - LastTick >= std::chrono::milliseconds(100)) {
      OnTick();
      LastTick = Clock::now();
    }
    if (!Reaped && !Active.empty())
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

} // namespace corosafe
