//===- Interrupt.h - SIGINT, SIGTERM and SIGHUP in the driver ---*- C++ -*-===//
//
// An interrupted run stops its workers, removes its temporary files and
// exits with 128 + the signal number (130 for SIGINT, 143 for SIGTERM, 129
// for SIGHUP); no output file is left half written (docs/driver.md).
//
// The handler does only async-signal-safe work: it records the signal, kills
// the process group of every registered worker (each worker runs in a group
// of its own, so whatever it starts dies with it) and, unless the driver is
// in a deferred section, unlinks the registered temporary files and exits.
// In a deferred section (while workers run and the run's temporary
// directory exists) the driver polls signal(), cleans up with ordinary code
// and calls exitNow().
//
//===----------------------------------------------------------------------===//
#ifndef COROSAFE_CLI_INTERRUPT_H
#define COROSAFE_CLI_INTERRUPT_H

#include <csignal>
#include <string>
#include <sys/types.h>

namespace corosafe::interrupt {

/// Installs the handlers (the driver only; workers keep the defaults).
void install();

/// The signal received, or 0.
int signal();

/// Unlinks the registered temporary files, says so on stderr and exits with
/// 128 + signal().
[[noreturn]] void exitNow();

/// Registers a temporary file the handler unlinks; returns a slot for
/// removeTemp, or -1 when every slot is taken.
int addTemp(const std::string &Path);
void removeTemp(int Slot);

/// A worker whose process group the handler kills.
void addWorker(pid_t Pid);
void removeWorker(pid_t Pid);

/// Blocks the three signals for its lifetime (so that a temporary file is
/// created and registered as one step).
class Blocked {
public:
  Blocked();
  ~Blocked();
  Blocked(const Blocked &) = delete;
  Blocked &operator=(const Blocked &) = delete;

private:
  sigset_t Saved;
};

/// While one exists the handler neither unlinks nor exits: the code that
/// created it polls signal(), cleans up and calls exitNow(). A signal that
/// arrives after the last poll is acted on when the last one is destroyed
/// (so declare it before what it guards: that is destroyed first).
class Deferred {
public:
  Deferred();
  ~Deferred();
  Deferred(const Deferred &) = delete;
  Deferred &operator=(const Deferred &) = delete;
};

} // namespace corosafe::interrupt

#endif
