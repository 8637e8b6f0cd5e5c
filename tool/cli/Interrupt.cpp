//===- Interrupt.cpp - SIGINT, SIGTERM and SIGHUP in the driver -----------===//
#include "Interrupt.h"

#include <atomic>
#include <csignal>
#include <cstring>
#include <limits.h>
#include <unistd.h>

namespace corosafe::interrupt {

namespace {

constexpr int MaxTemps = 32;
constexpr int MaxWorkers = 4096; // the range of --jobs

volatile sig_atomic_t Received = 0;
volatile sig_atomic_t DeferDepth = 0;
volatile sig_atomic_t TempUsed[MaxTemps];
char TempPath[MaxTemps][PATH_MAX];
volatile sig_atomic_t Workers[MaxWorkers];

void writeStderr(const char *S) {
  ssize_t R = ::write(2, S, std::strlen(S));
  (void)R;
}

void unlinkTemps() {
  for (int I = 0; I < MaxTemps; ++I)
    if (TempUsed[I])
      ::unlink(TempPath[I]);
}

const char *name(int Sig) {
  switch (Sig) {
  case SIGINT:
    return "SIGINT";
  case SIGTERM:
    return "SIGTERM";
  case SIGHUP:
    return "SIGHUP";
  default:
    return "a signal";
  }
}

[[noreturn]] void finish(int Sig) {
  unlinkTemps();
  writeStderr("\ncorosafe: interrupted (");
  writeStderr(name(Sig));
  writeStderr("); workers stopped, temporary files removed\n");
  ::_exit(128 + Sig);
}

void handler(int Sig) {
  if (Received == 0)
    Received = Sig;
  for (int I = 0; I < MaxWorkers; ++I)
    if (pid_t P = Workers[I]; P > 0)
      ::kill(-P, SIGKILL);
  if (DeferDepth > 0)
    return;
  finish(Received);
}

void fillSet(sigset_t &S) {
  sigemptyset(&S);
  sigaddset(&S, SIGINT);
  sigaddset(&S, SIGTERM);
  sigaddset(&S, SIGHUP);
}

} // namespace

void install() {
  struct sigaction SA;
  std::memset(&SA, 0, sizeof SA);
  SA.sa_handler = handler;
  fillSet(SA.sa_mask); // one handler at a time
  SA.sa_flags = SA_RESTART;
  for (int Sig : {SIGINT, SIGTERM, SIGHUP})
    ::sigaction(Sig, &SA, nullptr);
}

int signal() { return Received; }

void exitNow() { finish(Received ? Received : SIGTERM); }

int addTemp(const std::string &Path) {
  if (Path.size() >= PATH_MAX)
    return -1;
  for (int I = 0; I < MaxTemps; ++I)
    if (!TempUsed[I]) {
      std::memcpy(TempPath[I], Path.c_str(), Path.size() + 1);
      std::atomic_signal_fence(std::memory_order_seq_cst);
      TempUsed[I] = 1;
      return I;
    }
  return -1;
}

void removeTemp(int Slot) {
  if (Slot >= 0 && Slot < MaxTemps)
    TempUsed[Slot] = 0;
}

void addWorker(pid_t Pid) {
  for (int I = 0; I < MaxWorkers; ++I)
    if (Workers[I] == 0) {
      Workers[I] = Pid;
      return;
    }
}

void removeWorker(pid_t Pid) {
  for (int I = 0; I < MaxWorkers; ++I)
    if (Workers[I] == Pid) {
      Workers[I] = 0;
      return;
    }
}

Blocked::Blocked() {
  sigset_t S;
  fillSet(S);
  ::sigprocmask(SIG_BLOCK, &S, &Saved);
}

Blocked::~Blocked() {
  ::sigprocmask(SIG_SETMASK, &Saved, nullptr);
}

Deferred::Deferred() { DeferDepth = DeferDepth + 1; }

Deferred::~Deferred() {
  // A signal that came after the owner last polled signal() (its cleanup is
  // done: what it guarded was destroyed before this) is acted on now.
  sigset_t S, Saved;
  fillSet(S);
  ::sigprocmask(SIG_BLOCK, &S, &Saved);
  DeferDepth = DeferDepth - 1;
  if (DeferDepth == 0 && Received != 0)
    finish(Received);
  ::sigprocmask(SIG_SETMASK, &Saved, nullptr);
}

} // namespace corosafe::interrupt
