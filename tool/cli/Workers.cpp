//===- Workers.cpp - child processes for the per-TU step ------------------===//
#include "Workers.h"

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
  pid_t Pid = -1;
  int RC = posix_spawn(&Pid, Argv[0], &Actions, nullptr, Argv.data(), environ);
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
  kill(Pid, SIGKILL);
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
  while (Next < Tasks.size() || !Active.empty()) {
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
      }
      O.Seconds = Elapsed(R.Start);
      size_t Index = R.Index;
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
