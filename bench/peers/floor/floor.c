// The floor under any HTTP/1.1 server on this machine: one thread, edge-triggered epoll, and per request one recv
// and one send of a fixed response. It parses nothing but the blank line that ends a request head, so it is not an
// HTTP server; it shows what the kernel's loopback TCP costs a request, which no framework can undercut.
// bench/http_hello.sh runs it next to the real peers. Usage: floor PORT
#define _GNU_SOURCE  // accept4
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

enum { max_fds = 65536, max_events = 512 };

static const char response[] =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 24\r\n\r\n{\"data\":\"Hello World!\"}\n";

// How much of "\r\n\r\n" each connection has seen at the end of its last read: a head may end across two reads.
static unsigned char matched[max_fds];

// Counts the request heads that end in `data`, carrying the partial match over from the previous read.
static int heads_ended(int fd, const char* data, ssize_t n) {
  static const char end[] = "\r\n\r\n";
  int heads = 0;
  unsigned m = matched[fd];
  for (ssize_t i = 0; i < n; ++i) {
    if (data[i] == end[m]) {
      if (++m == 4) {
        ++heads;
        m = 0;
      }
    } else {
      m = data[i] == '\r' ? 1 : 0;
    }
  }
  matched[fd] = (unsigned char)m;
  return heads;
}

static void serve(int fd) {
  char in[4096], out[16 * sizeof response];
  for (;;) {
    const ssize_t n = recv(fd, in, sizeof in, 0);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n <= 0) break;
    int heads = heads_ended(fd, in, n);
    while (heads > 0) {  // pipelined requests are answered together
      const int batch = heads < 16 ? heads : 16;
      for (int i = 0; i < batch; ++i) memcpy(out + i * (sizeof response - 1), response, sizeof response - 1);
      const size_t size = (size_t)batch * (sizeof response - 1);
      if (send(fd, out, size, MSG_NOSIGNAL) != (ssize_t)size) goto close_it;  // a floor, not a server: no queueing
      heads -= batch;
    }
  }
close_it:
  matched[fd] = 0;
  close(fd);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 2;
  }
  const int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  const int on = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[1]))};
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listener, (struct sockaddr*)&addr, sizeof addr) != 0 || listen(listener, 4096) != 0) {
    perror("bind/listen");
    return 1;
  }
  const int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = listener};
  epoll_ctl(ep, EPOLL_CTL_ADD, listener, &ev);
  struct epoll_event events[max_events];
  for (;;) {
    const int ready = epoll_wait(ep, events, max_events, -1);
    for (int i = 0; i < ready; ++i) {
      const int fd = events[i].data.fd;
      if (fd != listener) {
        serve(fd);
        continue;
      }
      int client;
      while ((client = accept4(listener, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
        if (client >= max_fds) {
          close(client);
          continue;
        }
        setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        struct epoll_event cev = {.events = EPOLLIN | EPOLLET | EPOLLRDHUP, .data.fd = client};
        epoll_ctl(ep, EPOLL_CTL_ADD, client, &cev);
      }
    }
  }
}
