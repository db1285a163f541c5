/* The gate: plam's accept loop, and the home of connections between two
 * requests; see gate.h.
 *
 * One thread accepts (epoll over the listening socket) and, every 100 ms,
 * enforces the deadlines. The connections are in a second, edge-triggered
 * epoll set, waited on by the worker threads (gate_work), one event at a
 * time: the worker that sees a connection's bytes peeks at them (nothing
 * consumed), checks the head and, when it is whole and valid, serves the
 * request itself, so that a request costs no thread hop; a connection being
 * served stays in the set (its events are ignored) and is re-armed when
 * given back. A connection answered with an error is read and dropped until
 * the peer closes, so that the answer is not lost to a reset. The accept
 * thread keeps accepting, refusing and timing out even while every worker
 * is busy.
 *
 * The slot table is indexed by socket number and guarded by one mutex. Only
 * the gate closes sockets, under the mutex: while it holds the mutex every
 * socket in the table is open and shutdown(2) cannot hit a reused number. */
#define _GNU_SOURCE /* accept4 */
#include "http/gate.h"
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <jansson.h>
#include "base/log.h"

enum gate_state { GATE_FREE, GATE_PENDING, GATE_CLOSING, GATE_BUSY };

#define GATE_LINGER_NS 2000000000LL /* an answered bad connection is read and dropped this long at most */
#define GATE_TICK_MS 100
#define GATE_WAIT_MAX 49152 /* head + body waited for in the gate: well inside a socket's receive buffer */

struct gate_slot {
  enum gate_state state;
  int kept;         /* PENDING: a kept-alive connection between two requests */
  int64_t since_ns; /* PENDING: accepted at, or (kept) previous response sent at; CLOSING: answered at */
  int64_t head_ns;  /* PENDING, kept: first bytes of the next head seen at (0: none yet) */
  int64_t body_ns;  /* PENDING: head whole, body awaited since (0: not waiting for a body) */
  int missed;       /* BUSY: an event came while served (gate_back looks again) */
  struct sockaddr_storage addr;
  socklen_t alen;
  char ip[48];
};

struct gate {
  struct gate_config cfg;
  int lfd, ep, cep, wake; /* ep: the gate thread's (lfd, wake); cep: the connections' (and wake), the workers' */
  pthread_t thread;
  int running, stopped;
  gate_handoff_fn handoff;
  void *ctx;
  pthread_mutex_t mu;
  struct gate_slot *slots;
  int nslots, top; /* top: one past the highest socket number used */
  unsigned open;   /* slots not FREE */
  char *peek;      /* max_head bytes, used under mu */
};

static int64_t gate_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

plam_err gate_create(const struct gate_config *cfg, struct gate **out) {
  struct gate *g = calloc(1, sizeof *g);
  if (!g) return PLAM_ERR_NOMEM;
  g->cfg = *cfg;
  g->lfd = -1;
  g->ep = g->cep = g->wake = -1;
  /* Socket numbers are small and dense: twice the connection cap plus what
   * the process itself holds is plenty; a connection past it gets a 503. */
  struct rlimit rl;
  long n = (long)cfg->max_connections * 2 + 1024;
  if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur != RLIM_INFINITY && (long)rl.rlim_cur < n) n = (long)rl.rlim_cur;
  g->nslots = (int)n;
  g->slots = calloc((size_t)n, sizeof *g->slots);
  g->peek = malloc(cfg->max_head ? cfg->max_head : 1);
  pthread_mutexattr_t ma;
  pthread_mutexattr_init(&ma);
  pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ADAPTIVE_NP); /* short critical sections: spin before sleeping */
  int merr = pthread_mutex_init(&g->mu, &ma);
  pthread_mutexattr_destroy(&ma);
  if (!g->slots || !g->peek || merr) {
    free(g->slots);
    free(g->peek);
    free(g);
    return PLAM_ERR_NOMEM;
  }
  *out = g;
  return PLAM_OK;
}

/* Writes the French JSON error envelope as a whole HTTP response (Connection:
 * close). Best effort: the socket's send buffer is empty at this point. */
static void gate_answer(int fd, const char *ip, plam_err e) {
  unsigned char raw[8];
  char rid[24];
  randombytes_buf(raw, sizeof raw);
  for (int i = 0; i < 8; i++) snprintf(rid + 2 * i, 3, "%02x", raw[i]);
  json_t *j = json_pack("{s:{s:s, s:s, s:s}}", "error", "code", error_code(e), "message", error_message(e),
                        "request_id", rid);
  char *body = j ? json_dumps(j, JSON_COMPACT) : NULL;
  json_decref(j);
  if (!body) return;
  static const struct {
    int status;
    const char *reason;
  } reasons[] = {
    {400, "Bad Request"},
    {408, "Request Timeout"},
    {413, "Content Too Large"},
    {414, "URI Too Long"},
    {431, "Request Header Fields Too Large"},
    {503, "Service Unavailable"},
    {505, "HTTP Version Not Supported"},
  };
  int status = error_http_status(e);
  const char *reason = "Error";
  for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
    if (reasons[i].status == status) reason = reasons[i].reason;
  char head[1024];
  size_t blen = strlen(body);
  int hl = snprintf(head, sizeof head,
                    "HTTP/1.1 %d %s\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: %zu\r\n"
                    "Connection: close\r\nCache-Control: no-store\r\nX-Request-Id: %s\r\n"
                    "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n"
                    "X-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\nReferrer-Policy: same-origin\r\n\r\n",
                    status, reason, blen, rid);
  struct iovec iov[2] = {{head, (size_t)hl}, {body, blen}};
  struct msghdr mh = {.msg_iov = iov, .msg_iovlen = 2};
  ssize_t w = sendmsg(fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
  (void)w;
  char st[8];
  snprintf(st, sizeof st, "%d", status);
  log_event(LOG_WARN, "request refused before routing", "request_id", rid, "ip", ip, "status", st, "code",
            error_code(e), NULL);
  free(body);
}

/* Under the mutex. */
static void gate_free_slot(struct gate *g, int fd) {
  if (g->slots[fd].state != GATE_FREE && g->open) g->open--;
  g->slots[fd].state = GATE_FREE;
}

/* Drops the connection now (under the mutex). */
static void gate_close(struct gate *g, int fd) {
  gate_free_slot(g, fd);
  close(fd); /* also leaves the epoll set */
}

/* Answers e, then reads and drops what the client still sends until it
 * closes or GATE_LINGER_NS pass: closing a socket with unread bytes would
 * reset the connection and the client might never read the answer. */
static void gate_refuse(struct gate *g, int fd, plam_err e) {
  char sink[4096];
  while (recv(fd, sink, sizeof sink, MSG_DONTWAIT) > 0) {}
  gate_answer(fd, g->slots[fd].ip, e);
  shutdown(fd, SHUT_WR);
  g->slots[fd].state = GATE_CLOSING;
  g->slots[fd].since_ns = gate_now();
}

static void gate_drain(struct gate *g, int fd) {
  char sink[4096];
  ssize_t r;
  while ((r = recv(fd, sink, sizeof sink, MSG_DONTWAIT)) > 0) {}
  if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) gate_close(g, fd);
}

/* A connection not in a request whose client is sending (or should send)
 * a head: a first request, or a kept-alive one whose next head began. */
static int gate_arriving(const struct gate_slot *s) {
  return s->state == GATE_PENDING && (!s->kept || s->head_ns || s->body_ns);
}

/* Room for one more connection at the cap: closes the oldest one not in a
 * request (a head still arriving first, else a kept-alive connection between
 * two requests). Returns 0 when every connection is in a request. */
static int gate_make_room(struct gate *g) {
  int64_t oldest_p = INT64_MAX, oldest_i = INT64_MAX;
  int fp = -1, fi = -1;
  for (int fd = 0; fd < g->top; fd++) {
    struct gate_slot *s = &g->slots[fd];
    if (s->state == GATE_CLOSING) {
      gate_close(g, fd); /* an answered connection: no need to linger now */
      return 1;
    }
    if (gate_arriving(s) && s->since_ns < oldest_p) oldest_p = s->since_ns, fp = fd;
    else if (s->state == GATE_PENDING && !gate_arriving(s) && s->since_ns < oldest_i) oldest_i = s->since_ns, fi = fd;
  }
  if (fp >= 0) {
    log_event(LOG_WARN, "connection limit: oldest incomplete request closed", "ip", g->slots[fp].ip, NULL);
    char sink[4096];
    while (recv(fp, sink, sizeof sink, MSG_DONTWAIT) > 0) {} /* no unread bytes: a close, not a reset */
    gate_answer(fp, g->slots[fp].ip, PLAM_ERR_BUSY);
    gate_close(g, fp);
    return 1;
  }
  if (fi >= 0) {
    gate_close(g, fi); /* idle between two requests: a plain close, as on its idle timeout */
    return 1;
  }
  return 0;
}

static unsigned gate_count_ip(const struct gate *g, const char *ip) {
  unsigned n = 0;
  for (int fd = 0; fd < g->top; fd++)
    if (g->slots[fd].state != GATE_FREE && !strcmp(g->slots[fd].ip, ip)) n++;
  return n;
}

/* Under the mutex: watch fd (op EPOLL_CTL_ADD at the accept, then
 * EPOLL_CTL_MOD when a worker gives it back and an event came while it was
 * served). Edge-triggered, and an add or a modify reports bytes already
 * waiting, so nothing is missed. A connection stays in the epoll set while
 * a worker serves it (no remove-and-add per request); its events then are
 * ignored but noted (missed), and the modify on its return reports what
 * came meanwhile. Closes fd when that fails. */
static void gate_watch(struct gate *g, int fd, int op) {
  struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.fd = fd};
  if (epoll_ctl(g->cep, op, fd, &ev)) gate_close(g, fd);
}

static void gate_accept(struct gate *g) {
  for (;;) {
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    int fd = accept4(g->lfd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) log_event(LOG_WARN, "accept failed", "error", strerror(errno), NULL);
      return;
    }
    char ip[48] = "";
    if (ss.ss_family == AF_INET) inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, ip, sizeof ip);
    else if (ss.ss_family == AF_INET6) inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, ip, sizeof ip);
    if (fd >= g->nslots) {
      gate_answer(fd, ip, PLAM_ERR_BUSY);
      close(fd);
      continue;
    }
    int one = 1; /* a response is written whole at once: no Nagle delay */
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    pthread_mutex_lock(&g->mu);
    plam_err refuse = PLAM_OK;
    if (g->cfg.max_per_ip && gate_count_ip(g, ip) >= g->cfg.max_per_ip) refuse = PLAM_ERR_BUSY;
    else if (g->cfg.max_connections && g->open >= g->cfg.max_connections && !gate_make_room(g)) refuse = PLAM_ERR_BUSY;
    if (refuse) {
      pthread_mutex_unlock(&g->mu);
      gate_answer(fd, ip, refuse);
      close(fd);
      continue;
    }
    struct gate_slot *s = &g->slots[fd];
    memset(s, 0, sizeof *s);
    s->state = GATE_PENDING;
    s->since_ns = gate_now();
    memcpy(&s->addr, &ss, sizeof ss);
    s->alen = sl;
    memcpy(s->ip, ip, sizeof ip);
    g->open++;
    if (fd + 1 > g->top) g->top = fd + 1;
    /* a worker looks at it: the add reports the bytes already there */
    gate_watch(g, fd, EPOLL_CTL_ADD);
    pthread_mutex_unlock(&g->mu);
  }
}

static void gate_back(struct gate *g, int fd, enum gate_back_how how);

/* New bytes on a connection in the gate (or its peer closed: hup), on a
 * worker thread: a whole valid head is served there and then. */
static void gate_on_data(struct gate *g, int fd, int hup, void *worker) {
  pthread_mutex_lock(&g->mu);
  struct gate_slot *s = &g->slots[fd];
  if (s->state == GATE_CLOSING) {
    gate_drain(g, fd);
    pthread_mutex_unlock(&g->mu);
    return;
  }
  if (s->state != GATE_PENDING) {
    if (s->state == GATE_BUSY) s->missed = 1; /* bytes or a close while served: see gate_back */
    pthread_mutex_unlock(&g->mu);
    return;
  }
  ssize_t r = recv(fd, g->peek, g->cfg.max_head, MSG_PEEK | MSG_DONTWAIT);
  if (r <= 0) {
    if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) gate_close(g, fd);
    pthread_mutex_unlock(&g->mu);
    return;
  }
  if (s->kept && !s->head_ns) s->head_ns = gate_now();
  plam_err err = PLAM_OK;
  struct gate_conn c;
  enum frame_state st = frame_check_info(g->peek, (size_t)r, g->cfg.max_head, &c.head, &err);
  if (st == FRAME_MORE) {
    if (hup) gate_close(g, fd); /* the peer stopped sending before its head was whole */
    pthread_mutex_unlock(&g->mu);
    return;
  }
  if (st == FRAME_BAD) {
    gate_refuse(g, fd, err);
    pthread_mutex_unlock(&g->mu);
    return;
  }
  unsigned long long want = c.head.head_len + c.head.content_length;
  if (c.head.content_length && !c.head.expect_continue && c.head.content_length <= g->cfg.max_body_wait &&
      want <= GATE_WAIT_MAX) {
    int avail = 0;
    if (!ioctl(fd, FIONREAD, &avail) && (unsigned long long)avail < want) {
      if (hup) gate_close(g, fd);
      else if (!s->body_ns) s->body_ns = gate_now();
      pthread_mutex_unlock(&g->mu);
      return;
    }
  }
  s->state = GATE_BUSY; /* stays in the epoll set: see gate_watch */
  /* Bytes past this request were there already (a pipelined request), or
   * may be (a chunked body's end is not known here; the peek filled its
   * buffer), or the peer closed its side: no new event will say so, so
   * gate_back must look again. */
  s->missed = hup || c.head.chunked || (size_t)r >= g->cfg.max_head || (unsigned long long)r > want;
  c.fd = fd;
  memcpy(c.ip, s->ip, sizeof c.ip);
  c.addr = s->addr;
  c.alen = s->alen;
  pthread_mutex_unlock(&g->mu);
  gate_back(g, fd, g->handoff(g->ctx, worker, &c));
}

/* Deadlines, every GATE_TICK_MS. */
static void gate_scan(struct gate *g) {
  int64_t now = gate_now();
  int64_t head_ns = (int64_t)g->cfg.header_timeout_s * 1000000000;
  int64_t idle_ns = (int64_t)g->cfg.idle_timeout_s * 1000000000;
  int64_t body_ns = (int64_t)g->cfg.request_timeout_s * 1000000000;
  int64_t first_ns = head_ns;
  if (idle_ns && (!first_ns || idle_ns < first_ns))
    first_ns = idle_ns; /* a first head never waits longer than an idle connection */
  pthread_mutex_lock(&g->mu);
  for (int fd = 0; fd < g->top; fd++) {
    struct gate_slot *s = &g->slots[fd];
    if (s->state == GATE_CLOSING) {
      if (now - s->since_ns > GATE_LINGER_NS) gate_close(g, fd);
      continue;
    }
    if (s->state != GATE_PENDING) continue;
    if (s->body_ns) {
      if (body_ns && now - s->body_ns > body_ns) {
        log_event(LOG_WARN, "request body not whole in time: cut off", "ip", s->ip, NULL);
        gate_refuse(g, fd, PLAM_ERR_TIMEOUT);
      }
    } else if (!s->kept) {
      if (first_ns && now - s->since_ns > first_ns) {
        log_event(LOG_WARN, "request head not whole in time: cut off", "ip", s->ip, NULL);
        gate_refuse(g, fd, PLAM_ERR_TIMEOUT);
      }
    } else if ((idle_ns && now - s->since_ns > idle_ns) || (head_ns && s->head_ns && now - s->head_ns > head_ns)) {
      /* kept alive and no whole next head in time, trickling or idle */
      if (s->head_ns) {
        log_event(LOG_WARN, "request head not whole in time: cut off", "ip", s->ip, NULL);
        gate_refuse(g, fd, PLAM_ERR_TIMEOUT);
      } else {
        gate_close(g, fd);
      }
    }
  }
  while (g->top > 0 && g->slots[g->top - 1].state == GATE_FREE) g->top--;
  pthread_mutex_unlock(&g->mu);
}

static void *gate_loop(void *arg) {
  struct gate *g = arg;
  struct epoll_event evs[64];
  int64_t next_scan = gate_now();
  for (;;) {
    int n = epoll_wait(g->ep, evs, 64, GATE_TICK_MS);
    for (int i = 0; i < n; i++) {
      int fd = evs[i].data.fd;
      if (fd == g->wake) return NULL;
      if (fd == g->lfd) gate_accept(g);
    }
    int64_t now = gate_now();
    if (now >= next_scan) {
      gate_scan(g);
      next_scan = now + (int64_t)GATE_TICK_MS * 1000000;
    }
  }
}

plam_err gate_run(struct gate *g, int lfd, gate_handoff_fn handoff, void *ctx) {
  g->handoff = handoff;
  g->ctx = ctx;
  g->lfd = lfd;
  int fl = fcntl(g->lfd, F_GETFL);
  if (fl < 0 || fcntl(g->lfd, F_SETFL, fl | O_NONBLOCK)) return PLAM_ERR_IO;
  g->ep = epoll_create1(EPOLL_CLOEXEC);
  g->cep = epoll_create1(EPOLL_CLOEXEC);
  g->wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (g->ep < 0 || g->cep < 0 || g->wake < 0) return PLAM_ERR_IO;
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = g->lfd};
  struct epoll_event wv = {.events = EPOLLIN, .data.fd = g->wake}; /* level-triggered: wakes every waiter */
  if (epoll_ctl(g->ep, EPOLL_CTL_ADD, g->lfd, &ev) || epoll_ctl(g->ep, EPOLL_CTL_ADD, g->wake, &wv) ||
      epoll_ctl(g->cep, EPOLL_CTL_ADD, g->wake, &wv))
    return PLAM_ERR_IO;
  if (pthread_create(&g->thread, NULL, gate_loop, g)) return PLAM_ERR_IO;
  g->running = 1;
  return PLAM_OK;
}

void gate_stop(struct gate *g) {
  if (!g) return;
  if (g->wake >= 0) {
    uint64_t one = 1;
    ssize_t w = write(g->wake, &one, sizeof one); /* never read: stays readable for every thread */
    (void)w;
  }
  if (g->running) {
    pthread_join(g->thread, NULL);
    g->running = 0;
  }
  pthread_mutex_lock(&g->mu);
  g->stopped = 1;
  for (int fd = 0; fd < g->top; fd++)
    if (g->slots[fd].state == GATE_PENDING || g->slots[fd].state == GATE_CLOSING) gate_close(g, fd);
  pthread_mutex_unlock(&g->mu);
  if (g->lfd >= 0) close(g->lfd);
  g->lfd = -1;
}

void gate_free(struct gate *g) {
  if (!g) return;
  if (g->ep >= 0) close(g->ep);
  if (g->cep >= 0) close(g->cep);
  if (g->wake >= 0) close(g->wake);
  pthread_mutex_destroy(&g->mu);
  free(g->slots);
  free(g->peek);
  free(g);
}

void gate_work(struct gate *g, void *worker) {
  for (;;) {
    struct epoll_event ev;
    int n = epoll_wait(g->cep, &ev, 1, -1); /* one at a time: the other workers take the next ones */
    if (n < 0 && errno != EINTR) return;
    if (n <= 0) continue;
    if (ev.data.fd == g->wake) return;
    gate_on_data(g, ev.data.fd, (ev.events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0, worker);
  }
}

static void gate_back(struct gate *g, int fd, enum gate_back_how how) {
  pthread_mutex_lock(&g->mu);
  struct gate_slot *s = &g->slots[fd];
  if (s->state != GATE_BUSY) {
    pthread_mutex_unlock(&g->mu); /* not ours: never happens */
    return;
  }
  if (g->stopped || how == GATE_CLOSE) {
    gate_close(g, fd);
  } else if (how == GATE_LINGER) {
    shutdown(fd, SHUT_WR);
    s->state = GATE_CLOSING;
    s->since_ns = gate_now();
    gate_watch(g, fd, EPOLL_CTL_MOD);
  } else {
    s->state = GATE_PENDING;
    s->kept = 1;
    s->since_ns = gate_now();
    s->head_ns = s->body_ns = 0;
    /* An event that came while the request was served was ignored, or
     * the peek saw bytes past the request: the modify reports them (or the
     * close) again. Otherwise the socket held nothing past the request
     * when it was peeked at, nothing came since, and the next bytes raise
     * their own edge: no system call. */
    if (s->missed) gate_watch(g, fd, EPOLL_CTL_MOD);
  }
  pthread_mutex_unlock(&g->mu);
}
