/* The gate: plam's own accept loop in front of libmicrohttpd.
 *
 * libmicrohttpd 0.9.75 resets its idle timer on every byte, so a client that
 * sends its head one byte a second keeps a slot for ever, and a few hundred of
 * them fill the connection limit; it also answers bad framing itself, in
 * English HTML (414, 431, 505, an overflowing Content-Length twice) or not at
 * all (a garbage request line). So the server accepts connections itself:
 *
 *   - a new connection waits in the gate, which only peeks at its bytes
 *     (MSG_PEEK: nothing is consumed) until they hold a whole request head;
 *     frame_check (frame.h) validates it; a valid head is handed over to
 *     libmicrohttpd with MHD_add_connection, which then reads the same bytes;
 *     an invalid one gets the French JSON error envelope and is closed;
 *   - a head must be whole within --header-timeout seconds of the accept,
 *     or the connection gets a 408 and is closed, however slowly bytes trickle;
 *   - between two requests of a kept-alive connection (inside
 *     libmicrohttpd), the next request must start being handled within
 *     --idle-timeout seconds of the previous end, trickle or not: the gate
 *     shuts the socket down (shutdown(2); libmicrohttpd then closes it);
 *   - it counts every open connection, in the gate or in libmicrohttpd,
 *     against --max-connections and --max-per-ip; when a new connection
 *     arrives at the cap, the oldest connection that is not in a request (a
 *     head still arriving, else a kept-alive connection between requests) is
 *     closed to make room, so slow or idle clients cannot lock out the
 *     clients that send whole requests; when every slot is in a request the
 *     newcomer gets a 503.
 *
 * What stays with libmicrohttpd: the second and later requests of a
 * kept-alive connection are parsed by it alone; server.c re-checks what it
 * lets through (Content-Length, Host, head size), but the framing errors it
 * answers itself still get its own answers (see docs/ARCHITECTURE.md). */
#ifndef PLAM_HTTP_GATE_H
#define PLAM_HTTP_GATE_H
#include <stddef.h>
#include "base/error.h"

struct MHD_Daemon;
struct MHD_Connection;
struct gate;

struct gate_config {
  unsigned max_connections;
  unsigned max_per_ip;
  unsigned header_timeout_s;
  unsigned idle_timeout_s;
  size_t max_head; /* bytes: larger request heads get 414 / 431 */
};

plam_err gate_create(const struct gate_config *cfg, struct gate **out);
/* Starts the accept thread on the listening socket lfd, handing connections
 * to daemon. The gate owns lfd from this call on, even when it fails
 * (gate_stop closes it). */
plam_err gate_run(struct gate *g, struct MHD_Daemon *daemon, int lfd);
/* Stops the accept thread and closes the connections still in the gate. */
void gate_stop(struct gate *g);
/* Frees the gate; call after MHD_stop_daemon (its callbacks use the gate). */
void gate_free(struct gate *g);

/* From the MHD_OPTION_NOTIFY_CONNECTION callback: libmicrohttpd is about to
 * close conn's socket (closed = 1). */
void gate_on_connection(struct gate *g, struct MHD_Connection *conn, int closed);
/* A request of conn started being handled (busy = 1) or ended (busy = 0). */
void gate_mark(struct gate *g, struct MHD_Connection *conn, int busy);

#endif
