#ifdef __linux__
#define _GNU_SOURCE
#endif
#include "CFulcrumProcess.h"

#include <errno.h>
#include <unistd.h>

#ifdef __linux__
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif

int cfulcrum_spawn_add_close_from(posix_spawn_file_actions_t *actions, int low) {
#if defined(__linux__) && defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
  return posix_spawn_file_actions_addclosefrom_np(actions, low);
#else
  (void)actions;
  (void)low;
  return ENOSYS;
#endif
}

int cfulcrum_pidfd_open(pid_t pid) {
#if defined(__linux__) && defined(SYS_pidfd_open)
  return (int)syscall(SYS_pidfd_open, pid, 0);
#else
  (void)pid;
  errno = ENOSYS;
  return -1;
#endif
}

int cfulcrum_event_open(void) {
#ifdef __linux__
  return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
#else
  errno = ENOSYS;
  return -1;
#endif
}

int cfulcrum_forbid_privilege_gain(void) {
#ifdef __linux__
  return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
#else
  errno = ENOSYS;
  return -1;
#endif
}
