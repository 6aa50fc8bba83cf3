#include <sys/types.h>

// The value of SO_PEERCRED (socket(7)): the kernel's `struct ucred { __u32 pid, uid, gid; }`. glibc
// declares `struct ucred` only under _GNU_SOURCE, which Swift's Glibc module is not built with, so it
// is spelt out here with the same layout.
struct mailroom_peer_credentials {
    pid_t pid;
    uid_t uid;
    gid_t gid;
};

_Static_assert(sizeof(struct mailroom_peer_credentials) == 12, "struct ucred is three 32-bit fields");
