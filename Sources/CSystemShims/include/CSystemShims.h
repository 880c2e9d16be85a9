#ifndef KEHU_CSYSTEMSHIMS_H
#define KEHU_CSYSTEMSHIMS_H

// Glibc's Swift module map hides GNU extensions; these wrappers expose the few the
// server uses. Nothing here allocates or keeps state of its own.
#include <stddef.h>
#include <sys/socket.h>

/// accept4(2) with SOCK_NONBLOCK | SOCK_CLOEXEC: one call instead of accept + two fcntl.
int kehu_accept_nonblocking(int fd, struct sockaddr *address, socklen_t *length);

/// Names the calling thread (at most 15 bytes are kept), for top -H and debuggers.
void kehu_set_thread_name(const char *name);

/// malloc's heap (mallinfo2): bytes in use (arenas and mmapped chunks), and bytes free
/// but kept in the arenas, which count towards resident memory until trimmed.
void kehu_heap_bytes(size_t *in_use, size_t *free_kept);

/// mallopt(M_ARENA_MAX, arenas): at most that many malloc arenas. Returns 1 on success.
int kehu_limit_malloc_arenas(int arenas);

#endif
