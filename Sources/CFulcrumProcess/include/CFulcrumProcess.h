// The few process-control calls external health checks need that Swift cannot reach through
// Glibc: the GNU-only posix_spawn close-from action; pidfd_open and eventfd, descriptors that
// become readable when a child exits or another thread asks, so one thread can wait for many
// children and a deadline with poll; and prctl's no-new-privileges (prctl is variadic). Linux
// only; elsewhere the functions fail with ENOSYS.
#ifndef CFULCRUM_PROCESS_H
#define CFULCRUM_PROCESS_H

#include <spawn.h>
#include <sys/types.h>

/// Adds "close every descriptor from `low` up" to `actions`; 0 or an errno value.
int cfulcrum_spawn_add_close_from(posix_spawn_file_actions_t *actions, int low);

/// A descriptor for child `pid` that polls readable once it has exited; -1 with errno set.
int cfulcrum_pidfd_open(pid_t pid);

/// A non-blocking, close-on-exec eventfd (a counter another thread writes to wake a poll);
/// -1 with errno set.
int cfulcrum_event_open(void);

/// Sets PR_SET_NO_NEW_PRIVS on the calling process: executables it starts cannot gain
/// privileges through setuid bits or file capabilities. 0, or -1 with errno set.
int cfulcrum_forbid_privilege_gain(void);

#endif
