#include <errno.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <signal.h>
#include <unistd.h>

// One datagram on a SOCK_SEQPACKET socket with at most one descriptor riding along as SCM_RIGHTS
// (unix(7)). The CMSG_* macros have no Swift form, hence C.

// Sends `length` bytes and, when `descriptor` >= 0, a copy of that descriptor. Returns what sendmsg(2)
// returns; EINTR is retried.
static inline ssize_t mailroom_send_with_descriptor(int socket, const void *bytes, size_t length, int descriptor) {
    struct iovec vector = { .iov_base = (void *)bytes, .iov_len = length };
    union { struct cmsghdr header; char space[CMSG_SPACE(sizeof(int))]; } control;
    struct msghdr message;
    memset(&message, 0, sizeof(message));
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    if (descriptor >= 0) {
        memset(&control, 0, sizeof(control));
        message.msg_control = control.space;
        message.msg_controllen = sizeof(control.space);
        struct cmsghdr *header = CMSG_FIRSTHDR(&message);
        header->cmsg_level = SOL_SOCKET;
        header->cmsg_type = SCM_RIGHTS;
        header->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(header), &descriptor, sizeof(int));
    }
    ssize_t sent;
    do { sent = sendmsg(socket, &message, MSG_NOSIGNAL); } while (sent < 0 && errno == EINTR);
    return sent;
}

// Receives one datagram of at most `capacity` bytes; `*descriptor` is the descriptor that came with
// it (close-on-exec) or -1. A datagram cut short (MSG_TRUNC) or extra descriptors count as EMSGSIZE,
// any descriptors received then being closed. Returns what recvmsg(2) returns; EINTR is retried.
static inline ssize_t mailroom_receive_with_descriptor(int socket, void *bytes, size_t capacity, int *descriptor) {
    struct iovec vector = { .iov_base = bytes, .iov_len = capacity };
    union { struct cmsghdr header; char space[CMSG_SPACE(sizeof(int) * 4)]; } control;
    struct msghdr message;
    memset(&message, 0, sizeof(message));
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    message.msg_control = control.space;
    message.msg_controllen = sizeof(control.space);
    *descriptor = -1;
    ssize_t received;
    do { received = recvmsg(socket, &message, MSG_CMSG_CLOEXEC); } while (received < 0 && errno == EINTR);
    if (received < 0) return received;
    int count = 0;
    for (struct cmsghdr *header = CMSG_FIRSTHDR(&message); header; header = CMSG_NXTHDR(&message, header)) {
        if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS) continue;
        size_t n = (header->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (size_t i = 0; i < n; i++) {
            int received_descriptor;
            memcpy(&received_descriptor, CMSG_DATA(header) + i * sizeof(int), sizeof(int));
            if (count++ == 0) *descriptor = received_descriptor; else close(received_descriptor);
        }
    }
    if ((message.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) || count > 1) {
        if (*descriptor >= 0) close(*descriptor);
        *descriptor = -1;
        errno = EMSGSIZE;
        return -1;
    }
    return received;
}

// prctl(2) is variadic, which Swift cannot call: the agent asks for SIGTERM when its parent dies.
static inline int mailroom_die_with_parent(void) {
    return prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
}
