/* The gate: plam's accept loop and the home of every connection between two
 * requests.
 *
 * One thread accepts the connections; the worker threads (server.c) wait,
 * with epoll, for the bytes of those that are not being served:
 *
 *   - a connection waits in the gate, which only peeks at its bytes
 *     (MSG_PEEK: nothing is consumed) until they hold a whole request head;
 *     frame_check (frame.h) validates it; a valid head is served by the worker
 *     that saw it (the handoff callback), which reads the same bytes; an invalid one gets
 *     the French JSON error envelope and is closed. This holds for the first
 *     request and for every later request of a kept-alive connection: the
 *     worker gives the connection back after each response, and
 *     bytes of a pipelined request stay unread in the socket for the gate;
 *   - a small body announced by Content-Length (GATE_BODY_WAIT) is waited for
 *     here too (FIONREAD), so that a slow sender never holds a worker; it must
 *     be whole within --request-timeout of its head (408 otherwise);
 *   - a first head must be whole within --header-timeout seconds of the
 *     accept (or --idle-timeout when shorter), or the connection gets a 408
 *     and is closed, however slowly bytes trickle;
 *   - between two requests of a kept-alive connection, the next head must be
 *     whole within --idle-timeout of the previous response (a 408 when some
 *     of it came, a silent close otherwise), and within --header-timeout of
 *     its first bytes;
 *   - it counts every open connection, in the gate or with a worker, against
 *     --max-connections and --max-per-ip; when a new connection arrives at
 *     the cap, the oldest connection that is not in a request (a head still
 *     arriving, else a kept-alive connection between requests) is closed to
 *     make room, so slow or idle clients cannot lock out the clients that
 *     send whole requests; when every slot is in a request the newcomer gets
 *     a 503.
 *
 * Every socket is closed by the gate, under its mutex, so that a socket
 * number in its table is never one the kernel already reused. */
#ifndef PLAM_HTTP_GATE_H
#define PLAM_HTTP_GATE_H
#include <stddef.h>
#include <sys/socket.h>
#include "base/error.h"
#include "http/frame.h"

struct gate;

struct gate_config {
  unsigned max_connections;
  unsigned max_per_ip;
  unsigned header_timeout_s;
  unsigned idle_timeout_s;
  unsigned request_timeout_s; /* a body waited for in the gate */
  size_t max_head;            /* bytes: larger request heads get 414 / 431 */
  size_t max_body_wait;       /* Content-Length bodies up to this are waited for in the gate */
};

/* A connection whose head is whole and valid, handed to a worker. */
struct gate_conn {
  int fd;
  struct frame_info head;
  char ip[48];
  struct sockaddr_storage addr;
  socklen_t alen;
};

enum gate_back_how {
  GATE_KEEP,   /* kept alive: wait for the next head */
  GATE_CLOSE,  /* close now */
  GATE_LINGER, /* an answer was sent with Connection: close: read and drop until the peer closes */
};

/* Serves the request whose head is whole in c, on the worker thread that
 * saw it (worker: what that thread passed to gate_work); says what becomes
 * of the connection. */
typedef enum gate_back_how (*gate_handoff_fn)(void *ctx, void *worker, const struct gate_conn *c);

plam_err gate_create(const struct gate_config *cfg, struct gate **out);
/* Starts the accept thread on the listening socket lfd. The gate owns lfd
 * from this call on, even when it fails (gate_stop closes it). */
plam_err gate_run(struct gate *g, int lfd, gate_handoff_fn handoff, void *ctx);
/* A worker thread's loop, after gate_run: waits for bytes on the
 * connections in the gate, checks heads, and serves the whole ones through
 * handoff (no lock held). Returns once gate_stop was called. */
void gate_work(struct gate *g, void *worker);
/* Stops the accept thread, makes every gate_work return once its request is
 * served, and closes the connections in the gate; a connection given back
 * afterwards is closed. */
void gate_stop(struct gate *g);
/* Frees the gate; call once every gate_work returned. */
void gate_free(struct gate *g);

#endif
