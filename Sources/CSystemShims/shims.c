#define _GNU_SOURCE
#include <malloc.h>
#include <pthread.h>
#include <sys/socket.h>
#include "CSystemShims.h"

int kehu_accept_nonblocking(int fd, struct sockaddr *address, socklen_t *length) {
    return accept4(fd, address, length, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

void kehu_set_thread_name(const char *name) {
    char truncated[16];
    int i = 0;
    for (; i < 15 && name[i] != 0; i++) truncated[i] = name[i];
    truncated[i] = 0;
    pthread_setname_np(pthread_self(), truncated);
}

void kehu_heap_bytes(size_t *in_use, size_t *free_kept) {
    struct mallinfo2 info = mallinfo2();
    *in_use = info.uordblks + info.hblkhd;
    *free_kept = info.fordblks;
}

int kehu_limit_malloc_arenas(int arenas) {
    return mallopt(M_ARENA_MAX, arenas);
}
