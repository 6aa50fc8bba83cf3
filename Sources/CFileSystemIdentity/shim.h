#include <sys/fsuid.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

// setgroups(2) for the calling thread alone. glibc's setgroups() changes every thread of the process
// (NPTL's set*id broadcast, nptl(7)); the raw system call changes only the caller, as setfsuid(2) does.
static inline int mailroom_setgroups_this_thread(size_t count, const gid_t *groups) {
    return (int)syscall(SYS_setgroups, count, groups);
}
