// Test support: runs a function in a forked child process, optionally SIGKILLs it after a delay,
// and reports how it ended. A crash (or a hang past the alarm) is attributed by the faulting stack
// to libhdf5 or to this project, so that a test can count crashes of Debian's libhdf5 separately
// from its own. The child only does file work (no LibTorch) and always leaves through _exit.
#pragma once

#include <dlfcn.h>
#include <execinfo.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <exception>
#include <functional>
#include <string>

#include "landscape/spec/error.hpp"

namespace landscape::testing {

struct ChildOutcome {
  // Exit codes of the child: 0 returned, 10 InputError, 11 another exception, 77 crashed or hung
  // inside libhdf5, 78 crashed or hung elsewhere; -signal when killed by a signal.
  int code = 0;
  bool finished() const { return code == 0; }
  bool killed() const { return code == -SIGKILL; }
  bool input_error() const { return code == 10; }
  bool libhdf5_crash() const { return code == 77; }
  std::string describe() const {
    switch (code) {
      case 0: return "returned";
      case 10: return "InputError";
      case 11: return "another exception";
      case 77: return "crash or hang inside libhdf5";
      case 78: return "crash or hang outside libhdf5";
      default: return code < 0 ? "signal " + std::to_string(-code) : "exit " + std::to_string(code);
    }
  }
};

namespace detail {

inline bool in_library(void* address, const char* name) {
  Dl_info info;
  return dladdr(address, &info) && info.dli_fname && std::strstr(info.dli_fname, name);
}

// The first frame past the handler that is neither the C library nor the C++ runtime decides.
inline void on_crash(int) {
  void* frames[64];
  const int n = backtrace(frames, 64);
  int code = 78;
  for (int k = 2; k < n; ++k) {
    if (in_library(frames[k], "libc.so") || in_library(frames[k], "libstdc++") || in_library(frames[k], "libgcc"))
      continue;
    if (in_library(frames[k], "libhdf5")) code = 77;
    break;
  }
  _exit(code);
}

}  // namespace detail

// Runs `body` in a child. With delay_us >= 0 the parent SIGKILLs the child after that many
// microseconds (if it is still running). The child gets `alarm_s` seconds before it counts as hung.
inline ChildOutcome run_in_child(const std::function<void()>& body, int delay_us = -1, unsigned alarm_s = 20) {
  void* warm[1];
  backtrace(warm, 1);  // loads libgcc's unwinder before any crash
  const pid_t pid = fork();
  if (pid == 0) {
    for (const int s : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGALRM}) signal(s, detail::on_crash);
    alarm(alarm_s);
    try {
      body();
    } catch (const InputError&) {
      _exit(10);
    } catch (...) {
      _exit(11);
    }
    _exit(0);
  }
  if (delay_us >= 0) {
    usleep(static_cast<useconds_t>(delay_us));
    kill(pid, SIGKILL);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ChildOutcome outcome;
  outcome.code = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  return outcome;
}

}  // namespace landscape::testing
