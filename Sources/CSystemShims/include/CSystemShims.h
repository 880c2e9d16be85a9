#ifndef KEHU_CSYSTEMSHIMS_H
#define KEHU_CSYSTEMSHIMS_H

// Glibc's Swift module map hides GNU extensions; these wrappers expose the few the
// server uses. Nothing here allocates or keeps state.
#include <sys/socket.h>

/// accept4(2) with SOCK_NONBLOCK | SOCK_CLOEXEC: one call instead of accept + two fcntl.
int kehu_accept_nonblocking(int fd, struct sockaddr *address, socklen_t *length);

/// Names the calling thread (at most 15 bytes are kept), for top -H and debuggers.
void kehu_set_thread_name(const char *name);

#endif
