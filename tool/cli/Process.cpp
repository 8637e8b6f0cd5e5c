//===- Process.cpp - run a helper program (git) ---------------------------===//
#include "Process.h"

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace corosafe {

int runProcess(const std::vector<std::string> &Argv, const std::string &Dir,
               std::string &Out, std::string &ErrOut) {
  Out.clear();
  ErrOut.clear();
  if (Argv.empty())
    return -1;
  int OutPipe[2], ErrPipe[2];
  if (::pipe2(OutPipe, O_CLOEXEC) != 0)
    return -1;
  if (::pipe2(ErrPipe, O_CLOEXEC) != 0) {
    ::close(OutPipe[0]);
    ::close(OutPipe[1]);
    return -1;
  }
  std::vector<char *> CArgs;
  for (const std::string &A : Argv)
    CArgs.push_back(const_cast<char *>(A.c_str()));
  CArgs.push_back(nullptr);

  pid_t Pid = ::fork();
  if (Pid == 0) {
    // Child: only async-signal-safe calls until exec.
    int Null = ::open("/dev/null", O_RDONLY);
    if (Null >= 0)
      ::dup2(Null, 0);
    ::dup2(OutPipe[1], 1);
    ::dup2(ErrPipe[1], 2);
    if (!Dir.empty() && ::chdir(Dir.c_str()) != 0)
      ::_exit(126);
    ::execvp(CArgs[0], CArgs.data());
    ::_exit(127);
  }
  ::close(OutPipe[1]);
  ::close(ErrPipe[1]);
  if (Pid < 0) {
    ::close(OutPipe[0]);
    ::close(ErrPipe[0]);
    return -1;
  }
  // Read both pipes until both are closed (a full stderr pipe must not block
  // the child while we wait on stdout).
  struct pollfd Fds[2] = {{OutPipe[0], POLLIN, 0}, {ErrPipe[0], POLLIN, 0}};
  std::string *Sinks[2] = {&Out, &ErrOut};
  int Open = 2;
  char Buf[65536];
  while (Open > 0) {
    if (::poll(Fds, 2, -1) < 0) {
      if (errno == EINTR)
        continue;
      break;
    }
    for (int I = 0; I < 2; ++I) {
      if (Fds[I].fd < 0 || !(Fds[I].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      ssize_t N = ::read(Fds[I].fd, Buf, sizeof(Buf));
      if (N > 0) {
        Sinks[I]->append(Buf, static_cast<size_t>(N));
      } else if (N == 0 || errno != EINTR) {
        ::close(Fds[I].fd);
        Fds[I].fd = -1;
        --Open;
      }
    }
  }
  for (struct pollfd &P : Fds)
    if (P.fd >= 0)
      ::close(P.fd);
  int Status = 0;
  while (::waitpid(Pid, &Status, 0) < 0)
    if (errno != EINTR)
      return -1;
  if (!WIFEXITED(Status))
    return -1;
  return WEXITSTATUS(Status);
}

} // namespace corosafe
