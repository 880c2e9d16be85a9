// openloop: a fixed-rate HTTP/1.1 load generator for the benchmarks (not part of Kehu).
//
// wrk keeps every connection busy (a closed loop), so at saturation its latencies are the
// queue that its own connections build: with 64 connections and a server doing 3,000
// requests a second, Little's law puts the mean near 21 ms whatever the server's speed.
// A target such as "2,000 req/s with p99 < 20 ms" is a question about a fixed arrival
// rate instead. Here request k is due at start + k / rate whether or not earlier answers
// have come; it goes out on the first idle keep-alive connection, and its latency runs
// from when it was due, not from when it was sent, so time spent waiting for a free
// connection counts (no coordinated omission).
//
//   openloop HOST PORT RATE SECONDS CONNECTIONS PATHS_FILE [HEADER_LINE] [WARMUP_SECONDS]
//
// PATHS_FILE holds one request target per line, used in turn. HEADER_LINE (e.g.
// "Authorization: Bearer ...") goes into every request. Prints key=value lines: sent,
// completed, rate (answers per second of the measured span), p50_ms ... max_ms, non2xx,
// errors and late (requests due in the measured span but unanswered 2 s after its end;
// they enter the percentiles with the time they had waited by then).
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    int fd;
    int busy;            // a request is out and its answer not complete
    int64_t due_ns;      // when the request in flight was due
    char *buffer;        // the answer so far
    size_t used, capacity;
} Connection;

static int64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void fail(const char *what) {
    perror(what);
    exit(2);
}

static int open_connection(const char *host, int port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0) fail("socket");
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (inet_pton(AF_INET, host, &address.sin_addr) != 1) {
        fprintf(stderr, "openloop: %s is not an IPv4 address\n", host);
        exit(2);
    }
    if (connect(fd, (struct sockaddr *)&address, sizeof address) < 0 && errno != EINPROGRESS) fail("connect");
    return fd;
}

static void watch(int epoll, Connection *connection, int index) {
    struct epoll_event event = {.events = EPOLLIN | EPOLLRDHUP, .data.u32 = (uint32_t)index};
    if (epoll_ctl(epoll, EPOLL_CTL_ADD, connection->fd, &event) < 0) fail("epoll_ctl");
}

// The length of a complete answer at the start of the buffer, 0 while incomplete, -1 when
// it cannot be framed (no Content-Length: the benchmarks only read Kehu's JSON answers).
static long complete_length(const char *data, size_t used, int *status) {
    const char *end = memmem(data, used, "\r\n\r\n", 4);
    if (!end) return 0;
    size_t head = (size_t)(end - data) + 4;
    *status = (used > 12) ? atoi(data + 9) : 0;
    long body = -1;
    for (const char *line = data; line < end; line = strstr(line, "\r\n") + 2) {
        if (strncasecmp(line, "content-length:", 15) == 0) body = atol(line + 15);
    }
    if (body < 0) return -1;
    return (used >= head + (size_t)body) ? (long)(head + (size_t)body) : 0;
}

static int compare(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 7) {
        fprintf(stderr, "usage: openloop HOST PORT RATE SECONDS CONNECTIONS PATHS_FILE [HEADER_LINE] [WARMUP_SECONDS]\n");
        return 2;
    }
    const char *host = argv[1];
    int port = atoi(argv[2]);
    double rate = atof(argv[3]), seconds = atof(argv[4]);
    int count = atoi(argv[5]);
    const char *header = argc > 7 ? argv[7] : "";
    double warmup = argc > 8 ? atof(argv[8]) : 0;
    if (port <= 0 || rate <= 0 || seconds <= 0 || count <= 0 || warmup < 0) {
        fprintf(stderr, "openloop: PORT, RATE, SECONDS and CONNECTIONS must be positive\n");
        return 2;
    }

    // The requests, one per path, ready to write.
    FILE *paths = fopen(argv[6], "r");
    if (!paths) fail(argv[6]);
    char **requests = NULL;
    size_t *lengths = NULL;
    int targets = 0;
    char line[4096];
    while (fgets(line, sizeof line, paths)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0]) continue;
        requests = realloc(requests, sizeof *requests * (size_t)(targets + 1));
        lengths = realloc(lengths, sizeof *lengths * (size_t)(targets + 1));
        int n = asprintf(&requests[targets], "GET %s HTTP/1.1\r\nHost: %s:%d\r\n%s%s\r\n", line, host, port, header,
                         header[0] ? "\r\n" : "");
        if (n < 0) fail("asprintf");
        lengths[targets++] = (size_t)n;
    }
    fclose(paths);
    if (targets == 0) {
        fprintf(stderr, "openloop: %s has no paths\n", argv[6]);
        return 2;
    }

    int epoll = epoll_create1(0);
    if (epoll < 0) fail("epoll_create1");
    Connection *connections = calloc((size_t)count, sizeof *connections);
    for (int i = 0; i < count; i++) {
        connections[i].fd = open_connection(host, port);
        connections[i].capacity = 1 << 16;
        connections[i].buffer = malloc(connections[i].capacity);
        watch(epoll, &connections[i], i);
    }
    usleep(100000); // let the connections be accepted before the clock starts

    int64_t interval = (int64_t)(1e9 / rate);
    int64_t start = now_ns();
    int64_t measured_from = start + (int64_t)(warmup * 1e9);
    int64_t stop = measured_from + (int64_t)(seconds * 1e9);
    size_t capacity = (size_t)(rate * seconds * 1.1) + 1024;
    int64_t *latencies = malloc(capacity * sizeof *latencies);
    size_t recorded = 0;
    long sent = 0, non2xx = 0, errors = 0, next_target = 0;
    int64_t next_due = start;   // the next request not yet sent

    // After the last due time, the answers still on their way have a grace period to come
    // in (their latency still counts from when they were due); what is missing after it is late.
    const int64_t grace = 2000000000;
    for (;;) {
        int64_t now = now_ns();
        int in_flight = 0;
        for (int i = 0; i < count; i++) in_flight |= connections[i].busy;
        if (now >= stop + grace || (now >= stop && next_due >= stop && !in_flight)) break;
        // Send every due request that has an idle connection; the rest wait, their clock running.
        for (int i = 0; i < count && next_due <= now && next_due < stop; i++) {
            Connection *c = &connections[i];
            if (c->busy) continue;
            const char *request = requests[next_target % targets];
            size_t length = lengths[next_target % targets];
            ssize_t written = send(c->fd, request, length, MSG_NOSIGNAL);
            if (written != (ssize_t)length) { // a full socket buffer never happens for a few hundred bytes on a fresh request
                errors++;
                close(c->fd);
                c->fd = open_connection(host, port);
                watch(epoll, c, i);
                continue;
            }
            c->busy = 1;
            c->due_ns = next_due;
            c->used = 0;
            next_due += interval;
            next_target++;
            sent++;
        }
        // Sleep until the next request is due, or, with every connection busy, until an
        // answer comes.
        int64_t t = now_ns();
        in_flight = 0;
        for (int i = 0; i < count; i++) in_flight |= connections[i].busy;
        int64_t wake = next_due < stop ? next_due : (in_flight ? stop + grace : stop);
        int64_t wait_ns = wake > t ? wake - t : 0;
        struct timespec timeout = {.tv_sec = wait_ns / 1000000000, .tv_nsec = wait_ns % 1000000000};
        struct epoll_event events[256];
        int ready = epoll_pwait2(epoll, events, 256, &timeout, NULL);
        if (ready < 0 && errno != EINTR) fail("epoll_pwait2");
        for (int e = 0; e < ready; e++) {
            Connection *c = &connections[events[e].data.u32];
            for (;;) {
                if (c->capacity - c->used < 16384) {
                    c->capacity *= 2;
                    c->buffer = realloc(c->buffer, c->capacity);
                }
                ssize_t n = recv(c->fd, c->buffer + c->used, c->capacity - c->used - 1, 0);
                if (n > 0) {
                    c->used += (size_t)n;
                    continue;
                }
                if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
                // Closed by the server (or an error): count what was in flight, reconnect.
                if (c->busy) errors++;
                epoll_ctl(epoll, EPOLL_CTL_DEL, c->fd, NULL);
                close(c->fd);
                c->fd = open_connection(host, port);
                watch(epoll, c, (int)events[e].data.u32);
                c->busy = 0;
                c->used = 0;
                break;
            }
            if (!c->busy || c->used == 0) continue;
            c->buffer[c->used] = 0;
            int status = 0;
            long length = complete_length(c->buffer, c->used, &status);
            if (length == 0) continue;
            if (length < 0) {
                fprintf(stderr, "openloop: an answer without Content-Length\n");
                return 2;
            }
            int64_t done = now_ns();
            if (c->due_ns >= measured_from && recorded < capacity) {
                latencies[recorded++] = done - c->due_ns;
                if (status < 200 || status > 299) non2xx++;
            }
            c->busy = 0;
            c->used = 0;
        }
    }
    // Requests due in the measured span and not answered by the end of the grace period
    // count with the time they had waited by then, a lower bound (`late` says how many).
    int64_t end = now_ns();
    long late = 0;
    for (int i = 0; i < count; i++) {
        if (connections[i].busy && connections[i].due_ns >= measured_from && recorded < capacity) {
            latencies[recorded++] = end - connections[i].due_ns;
            late++;
        }
    }
    for (int64_t due = next_due > measured_from ? next_due : measured_from; due < stop && recorded < capacity; due += interval) {
        latencies[recorded++] = end - due;
        late++;
    }
    size_t answered = recorded - (size_t)late;

    qsort(latencies, recorded, sizeof *latencies, compare);
    printf("sent=%ld\ncompleted=%zu\nrate=%.1f\n", sent, answered, (double)answered / seconds);
    const double points[] = {50, 90, 99, 99.9};
    const char *names[] = {"p50_ms", "p90_ms", "p99_ms", "p999_ms"};
    for (int i = 0; i < 4; i++) {
        double value = 0;
        if (recorded > 0) {
            size_t index = (size_t)((points[i] / 100.0) * (double)recorded);
            if (index >= recorded) index = recorded - 1;
            value = (double)latencies[index] / 1e6;
        }
        printf("%s=%.2f\n", names[i], value);
    }
    printf("max_ms=%.2f\nnon2xx=%ld\nerrors=%ld\nlate=%ld\n", recorded ? (double)latencies[recorded - 1] / 1e6 : 0.0, non2xx, errors, late);
    return 0;
}
