/* PostgreSQL engine of the neutral database API in db.h (db_engine_pg, see
 * db_int.h), over Debian's libpq. With db_pg_sql.c and db_url.c, the only
 * files that know PostgreSQL; the only one that includes libpq-fe.h.
 *
 * Statements: the SQL of store/ ('?', '?N') is rewritten to $n once per
 * text (db_pg_sql.c) and kept in a per-connection cache keyed by the text's
 * address, like the SQLite engine. Parameters carry the type of their bind
 * call (int8, float8, text, bytea; a db_bind_null is of unknown type and
 * takes it from its context), because PostgreSQL must know it in
 * expressions such as `? IS NULL`; each statement is prepared on the server
 * once per type signature (a few variants at most) and executed with
 * PQexecPrepared: one round trip per run. Results come whole, in text
 * format; the column accessors convert them (booleans 't'/'f' read 1/0,
 * bytea's hex form is decoded), so that store/ reads both engines alike.
 *
 * Transactions: db_write_begin takes the process write mutex, then BEGIN and
 * pg_advisory_xact_lock(PG_WRITE_LOCK): one writer at a time across every
 * process on the database, released by COMMIT or ROLLBACK, so the rules
 * that relied on SQLite's single writer hold with several servers. Reads
 * (db_read_begin, read scopes) are READ ONLY REPEATABLE READ transactions:
 * one snapshot for the unit of work. */
#include <libpq-fe.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "db/db_int.h"
#include "db/db_pg_sql.h"
#include "db/db_url.h"

#define PG_CACHE_SLOTS 256 /* power of two */
#define PG_VARIANTS 4      /* prepared type signatures per statement text */
/* Key of the advisory lock every write transaction takes ("plam" in ASCII). */
#define PG_WRITE_LOCK "1886151021"

enum { PG_OID_BOOL = 16, PG_OID_BYTEA = 17, PG_OID_INT8 = 20, PG_OID_TEXT = 25, PG_OID_FLOAT8 = 701 };

static pthread_mutex_t pg_write_lock = PTHREAD_MUTEX_INITIALIZER;

struct pg_variant {
  char sig[DB_PG_MAX_PARAMS + 1];
  char name[16];
};

struct pg_stmt {
  struct db_stmt base; /* first: a struct db_stmt * is a struct pg_stmt * */
  const char *sql;     /* the caller's text (cache key) */
  char *text;          /* rewritten */
  int nparams;
  int cached;
  struct pg_variant var[PG_VARIANTS];
  int nvar;
  /* bindings of the current run */
  char sig[DB_PG_MAX_PARAMS + 1]; /* per parameter: i d t b n (null/unknown) */
  char *vals[DB_PG_MAX_PARAMS];
  int lens[DB_PG_MAX_PARAMS];
  int fmts[DB_PG_MAX_PARAMS];
  char *owned[DB_PG_MAX_PARAMS];
  char num[DB_PG_MAX_PARAMS][32];
  /* result of the current run */
  PGresult *res;
  int executed, row, nrows;
  unsigned char *blob; /* last decoded bytea */
};

struct pg_db {
  struct db base; /* first: a struct db * is a struct pg_db * */
  PGconn *c;
  struct pg_stmt cache[PG_CACHE_SLOTS];
  unsigned next_name;
  int in_write;
  int read_nested;
  int scope;
  int changes;
  int readonly;
  char err[512];
};

#define PG(db) ((struct pg_db *)(db))
#define PGS(st) ((struct pg_stmt *)(st))

static plam_err pg_map_state(const char *state) {
  if (!state || strlen(state) != 5) return PLAM_ERR_DB;
  if (!strncmp(state, "23", 2)) return PLAM_ERR_CONFLICT;
  if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03") || !strcmp(state, "57014"))
    return PLAM_ERR_BUSY;
  if (!strcmp(state, "25006")) return PLAM_ERR_READ_ONLY;
  if (!strncmp(state, "08", 2) || !strcmp(state, "53100")) return PLAM_ERR_IO;
  if (!strncmp(state, "53", 2)) return PLAM_ERR_BUSY;
  if (!strncmp(state, "54", 2)) return PLAM_ERR_TOO_LARGE;
  return PLAM_ERR_DB;
}

/* Maps a result (NULL: connection-level failure) and keeps its message. */
static plam_err pg_result_err(struct pg_db *db, const PGresult *r) {
  const char *msg = r ? PQresultErrorMessage(r) : PQerrorMessage(db->c);
  snprintf(db->err, sizeof db->err, "%s", msg && *msg ? msg : "erreur PostgreSQL");
  size_t l = strlen(db->err);
  while (l && (db->err[l - 1] == '\n' || db->err[l - 1] == ' ')) db->err[--l] = '\0';
  if (!r || PQstatus(db->c) == CONNECTION_BAD) return PLAM_ERR_IO;
  return pg_map_state(PQresultErrorField(r, PG_DIAG_SQLSTATE));
}

static void pg_notice_quiet(void *arg, const char *message) { (void)arg, (void)message; }

static plam_err pg_settings(struct pg_db *db);

/* A connection the server closed (restart, failover, idle timeout) is
 * opened again before the next statement, outside a transaction; the
 * statements it had prepared are prepared again on first use. Inside a
 * transaction the failure stands: the transaction is lost. */
static void pg_revive(struct pg_db *db) {
  if (PQstatus(db->c) != CONNECTION_BAD || db->in_write || db->scope || db->read_nested) return;
  PQreset(db->c);
  for (int i = 0; i < PG_CACHE_SLOTS; i++) db->cache[i].nvar = 0;
  if (PQstatus(db->c) == CONNECTION_OK) pg_settings(db);
}

/* Runs sql (one or more statements, no parameters) and checks the last result. */
static plam_err pg_run(struct pg_db *db, const char *sql) {
  pg_revive(db);
  PGresult *r = PQexec(db->c, sql);
  ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  plam_err e = PLAM_OK;
  if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY) e = pg_result_err(db, r);
  PQclear(r);
  return e;
}

static void pg_close(struct db *dbp);

/* A database is used in UTF-8, times in UTC, floats written in their
 * shortest exact form (read back bit for bit). */
static plam_err pg_settings(struct pg_db *db) {
  return pg_run(db, db->readonly ? "SET client_encoding = 'UTF8'; SET TimeZone = 'UTC';"
                                   "SET extra_float_digits = 1;"
                                   "SET default_transaction_read_only = on"
                                 : "SET client_encoding = 'UTF8'; SET TimeZone = 'UTC';"
                                   "SET extra_float_digits = 1");
}

static plam_err pg_open(const char *url, int flags, struct db **out) {
  *out = NULL;
  char why[256], shown[DB_URL_MAX + 16];
  struct db_url u;
  db_url_redact(url, shown, sizeof shown);
  if (db_url_parse(url, &u, why, sizeof why)) {
    db_open_fail("%s (« %s »)", why, shown);
    return PLAM_ERR_USAGE;
  }
  struct pg_db *db = calloc(1, sizeof *db);
  if (!db) return PLAM_ERR_NOMEM;
  db->base.eng = &db_engine_pg;
  db->c = PQconnectdb(url);
  if (!db->c || PQstatus(db->c) != CONNECTION_OK) {
    const char *m = db->c ? PQerrorMessage(db->c) : "mémoire insuffisante";
    char first[256];
    snprintf(first, sizeof first, "%s", m);
    first[strcspn(first, "\n")] = '\0';
    db_open_fail("impossible de joindre le serveur PostgreSQL « %s » ou d'y ouvrir la base (serveur arrêté, "
                 "adresse, utilisateur ou mot de passe refusés ; message de libpq : %s)",
                 shown, first);
    PQfinish(db->c);
    free(db);
    return PLAM_ERR_IO;
  }
  PQsetNoticeProcessor(db->c, pg_notice_quiet, NULL);
  if (PQserverVersion(db->c) < 150000) {
    db_open_fail("le serveur PostgreSQL « %s » est en version %d : plam demande PostgreSQL 15 ou plus récent", shown,
                 PQserverVersion(db->c) / 10000);
    pg_close(&db->base);
    return PLAM_ERR_DB;
  }
  db->readonly = (flags & DB_OPEN_READONLY) != 0;
  plam_err e = pg_settings(db);
  if (e) {
    db_open_fail("réglage de la connexion PostgreSQL « %s » refusé : %s", shown, db->err);
    pg_close(&db->base);
    return e;
  }
  *out = &db->base;
  return PLAM_OK;
}

static void pg_unbind(struct pg_stmt *st) {
  for (int i = 0; i < st->nparams; i++) {
    free(st->owned[i]);
    st->owned[i] = NULL;
    st->vals[i] = NULL;
    st->lens[i] = 0;
    st->fmts[i] = 0;
    st->sig[i] = 'n';
  }
  st->sig[st->nparams] = '\0';
}

static void pg_reset(struct pg_stmt *st) {
  PQclear(st->res);
  st->res = NULL;
  st->executed = st->row = st->nrows = 0;
  PQfreemem(st->blob);
  st->blob = NULL;
}

static void pg_stmt_free(struct pg_stmt *st) {
  pg_reset(st);
  pg_unbind(st);
  free(st->text);
}

static void pg_close(struct db *dbp) {
  struct pg_db *db = PG(dbp);
  if (!db) return;
  for (int i = 0; i < PG_CACHE_SLOTS; i++)
    if (db->cache[i].sql) pg_stmt_free(&db->cache[i]);
  PQfinish(db->c);
  free(db);
}

static const char *pg_errmsg(struct db *db) { return PG(db)->err[0] ? PG(db)->err : PQerrorMessage(PG(db)->c); }

static plam_err pg_exec(struct db *db, const char *sql) { return pg_run(PG(db), sql); }

static size_t pg_cache_slot(const char *sql) {
  uintptr_t x = (uintptr_t)sql;
  x ^= x >> 17;
  x *= 0x9E3779B97F4A7C15ull;
  return (size_t)(x >> 40) & (PG_CACHE_SLOTS - 1);
}

static plam_err pg_stmt_init(struct pg_db *db, struct pg_stmt *st, const char *sql) {
  size_t n = strlen(sql) * 4 + 1;
  st->text = malloc(n);
  if (!st->text) return PLAM_ERR_NOMEM;
  if (db_pg_rewrite(sql, st->text, n, &st->nparams)) {
    free(st->text);
    st->text = NULL;
    snprintf(db->err, sizeof db->err, "paramètres SQL illisibles");
    return PLAM_ERR_INTERNAL;
  }
  st->base.db = &db->base;
  st->sql = sql;
  pg_unbind(st);
  return PLAM_OK;
}

static plam_err pg_prepare(struct db *dbp, const char *sql, struct db_stmt **out) {
  struct pg_db *db = PG(dbp);
  *out = NULL;
  size_t slot = pg_cache_slot(sql);
  for (size_t probe = 0; probe < 8; probe++) {
    struct pg_stmt *c = &db->cache[(slot + probe) & (PG_CACHE_SLOTS - 1)];
    if (c->sql == sql) {
      *out = &c->base;
      return PLAM_OK;
    }
    if (!c->sql) {
      plam_err e = pg_stmt_init(db, c, sql);
      if (e) return e;
      c->cached = 1;
      *out = &c->base;
      return PLAM_OK;
    }
  }
  struct pg_stmt *s = calloc(1, sizeof *s); /* neighbourhood full: uncached, freed by db_done */
  if (!s) return PLAM_ERR_NOMEM;
  plam_err e = pg_stmt_init(db, s, sql);
  if (e) {
    free(s);
    return e;
  }
  *out = &s->base;
  return PLAM_OK;
}

static plam_err pg_bind_slot(struct pg_stmt *st, int idx, char type) {
  if (idx < 1 || idx > st->nparams) return PLAM_ERR_INTERNAL;
  if (st->executed) pg_reset(st);
  int i = idx - 1;
  free(st->owned[i]);
  st->owned[i] = NULL;
  st->vals[i] = NULL;
  st->lens[i] = 0;
  st->fmts[i] = 0;
  st->sig[i] = type;
  return PLAM_OK;
}

static plam_err pg_bind_int64(struct db_stmt *sp, int idx, int64_t v) {
  struct pg_stmt *st = PGS(sp);
  plam_err e = pg_bind_slot(st, idx, 'i');
  if (e) return e;
  snprintf(st->num[idx - 1], sizeof st->num[0], "%lld", (long long)v);
  st->vals[idx - 1] = st->num[idx - 1];
  return PLAM_OK;
}

static plam_err pg_bind_double(struct db_stmt *sp, int idx, double v) {
  struct pg_stmt *st = PGS(sp);
  plam_err e = pg_bind_slot(st, idx, 'd');
  if (e) return e;
  char *b = st->num[idx - 1];
  if (isnan(v)) snprintf(b, sizeof st->num[0], "NaN");
  else if (isinf(v)) snprintf(b, sizeof st->num[0], v > 0 ? "Infinity" : "-Infinity");
  else snprintf(b, sizeof st->num[0], "%.17g", v);
  st->vals[idx - 1] = b;
  return PLAM_OK;
}

static plam_err pg_bind_text(struct db_stmt *sp, int idx, const char *s) {
  struct pg_stmt *st = PGS(sp);
  plam_err e = pg_bind_slot(st, idx, 't'); /* a NULL text is a NULL of type text */
  if (e || !s) return e;
  st->owned[idx - 1] = strdup(s);
  if (!st->owned[idx - 1]) return PLAM_ERR_NOMEM;
  st->vals[idx - 1] = st->owned[idx - 1];
  return PLAM_OK;
}

static plam_err pg_bind_blob(struct db_stmt *sp, int idx, const void *p, size_t n) {
  struct pg_stmt *st = PGS(sp);
  plam_err e = pg_bind_slot(st, idx, 'b');
  if (e) return e;
  if (n > INT32_MAX) return PLAM_ERR_TOO_LARGE;
  st->owned[idx - 1] = malloc(n ? n : 1);
  if (!st->owned[idx - 1]) return PLAM_ERR_NOMEM;
  if (n) memcpy(st->owned[idx - 1], p, n);
  st->vals[idx - 1] = st->owned[idx - 1];
  st->lens[idx - 1] = (int)n;
  st->fmts[idx - 1] = 1; /* binary */
  return PLAM_OK;
}

static plam_err pg_bind_null(struct db_stmt *sp, int idx) { return pg_bind_slot(PGS(sp), idx, 'n'); }

static Oid pg_oid(char t) {
  switch (t) {
  case 'i': return PG_OID_INT8;
  case 'd': return PG_OID_FLOAT8;
  case 't': return PG_OID_TEXT;
  case 'b': return PG_OID_BYTEA;
  default: return 0; /* unknown: from the context */
  }
}

/* The prepared variant of st for its current signature (prepared now if new). */
static plam_err pg_variant(struct pg_db *db, struct pg_stmt *st, const char **name) {
  for (int v = 0; v < st->nvar; v++)
    if (!strcmp(st->var[v].sig, st->sig)) {
      *name = st->var[v].name;
      return PLAM_OK;
    }
  if (!st->cached || st->nvar == PG_VARIANTS) {
    *name = NULL; /* run unnamed (PQexecParams) */
    return PLAM_OK;
  }
  struct pg_variant *v = &st->var[st->nvar];
  Oid types[DB_PG_MAX_PARAMS];
  for (int i = 0; i < st->nparams; i++) types[i] = pg_oid(st->sig[i]);
  snprintf(v->name, sizeof v->name, "p%u", db->next_name++);
  PGresult *r = PQprepare(db->c, v->name, st->text, st->nparams, types);
  plam_err e = PQresultStatus(r) == PGRES_COMMAND_OK ? PLAM_OK : pg_result_err(db, r);
  PQclear(r);
  if (e) return e;
  snprintf(v->sig, sizeof v->sig, "%s", st->sig);
  st->nvar++;
  *name = v->name;
  return PLAM_OK;
}

static plam_err pg_run_stmt(struct pg_db *db, struct pg_stmt *st) {
  pg_revive(db);
  const char *name;
  plam_err e = pg_variant(db, st, &name);
  if (e) return e;
  const char *const *vals = (const char *const *)st->vals;
  if (name) {
    st->res = PQexecPrepared(db->c, name, st->nparams, vals, st->lens, st->fmts, 0);
  } else {
    Oid types[DB_PG_MAX_PARAMS];
    for (int i = 0; i < st->nparams; i++) types[i] = pg_oid(st->sig[i]);
    st->res = PQexecParams(db->c, st->text, st->nparams, types, vals, st->lens, st->fmts, 0);
  }
  st->executed = 1;
  ExecStatusType s = st->res ? PQresultStatus(st->res) : PGRES_FATAL_ERROR;
  if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) return pg_result_err(db, st->res);
  st->nrows = s == PGRES_TUPLES_OK ? PQntuples(st->res) : 0;
  const char *n = PQcmdTuples(st->res);
  db->changes = n && *n ? atoi(n) : 0;
  return PLAM_OK;
}

static plam_err pg_step(struct db_stmt *sp, int *row) {
  struct pg_stmt *st = PGS(sp);
  struct pg_db *db = PG(sp->db);
  *row = 0;
  if (!st->executed) {
    db->err[0] = '\0';
    plam_err e = pg_run_stmt(db, st);
    if (e) return e;
  } else {
    st->row++;
  }
  PQfreemem(st->blob);
  st->blob = NULL;
  *row = st->row < st->nrows;
  return PLAM_OK;
}

static int pg_column_count(struct db_stmt *sp) {
  struct pg_stmt *st = PGS(sp);
  return st->res ? PQnfields(st->res) : 0;
}

/* The current row's value of col, or NULL (SQL NULL, no row, no column). */
static const char *pg_value(struct pg_stmt *st, int col) {
  if (!st->res || st->row >= st->nrows || col < 0 || col >= PQnfields(st->res)) return NULL;
  if (PQgetisnull(st->res, st->row, col)) return NULL;
  return PQgetvalue(st->res, st->row, col);
}

static int pg_column_is_null(struct db_stmt *sp, int col) { return pg_value(PGS(sp), col) == NULL; }

static int64_t pg_column_int64(struct db_stmt *sp, int col) {
  const char *v = pg_value(PGS(sp), col);
  if (!v) return 0;
  if (v[0] == 't' && !v[1]) return 1;
  if (v[0] == 'f' && !v[1]) return 0;
  if (strpbrk(v, ".eEnN")) return (int64_t)strtod(v, NULL); /* a numeric or float read as an integer */
  return (int64_t)strtoll(v, NULL, 10);
}

static double pg_column_double(struct db_stmt *sp, int col) {
  const char *v = pg_value(PGS(sp), col);
  if (!v) return 0;
  if (v[0] == 't' && !v[1]) return 1;
  if (v[0] == 'f' && !v[1]) return 0;
  return strtod(v, NULL);
}

static const char *pg_column_text(struct db_stmt *sp, int col) {
  struct pg_stmt *st = PGS(sp);
  const char *v = pg_value(st, col);
  if (!v) return "";
  if (PQftype(st->res, col) == PG_OID_BOOL) return v[0] == 't' ? "1" : "0";
  return v;
}

static const void *pg_column_blob(struct db_stmt *sp, int col, size_t *n) {
  struct pg_stmt *st = PGS(sp);
  *n = 0;
  const char *v = pg_value(st, col);
  if (!v) return NULL;
  if (PQftype(st->res, col) != PG_OID_BYTEA) {
    *n = (size_t)PQgetlength(st->res, st->row, col);
    return v;
  }
  PQfreemem(st->blob);
  st->blob = PQunescapeBytea((const unsigned char *)v, n);
  return st->blob;
}

static void pg_done(struct db_stmt *sp) {
  struct pg_stmt *st = PGS(sp);
  pg_reset(st);
  pg_unbind(st);
  if (!st->cached) {
    free(st->text);
    free(st);
  }
}

static int pg_changes(struct db *db) { return PG(db)->changes; }

static int pg_in_tx(struct pg_db *db) { return PQtransactionStatus(db->c) != PQTRANS_IDLE; }

static void pg_scope_close(struct pg_db *db) {
  if (!db->scope || db->read_nested) return;
  db->scope = 0;
  if (pg_in_tx(db)) pg_run(db, "COMMIT");
}

static plam_err pg_write_begin(struct db *dbp) {
  struct pg_db *db = PG(dbp);
  pg_scope_close(db);
  pthread_mutex_lock(&pg_write_lock);
  plam_err e = pg_run(db, "BEGIN; SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ")");
  if (e) {
    if (pg_in_tx(db)) pg_run(db, "ROLLBACK");
    pthread_mutex_unlock(&pg_write_lock);
    return e;
  }
  db->in_write = 1;
  return PLAM_OK;
}

static plam_err pg_write_end(struct db *dbp, plam_err result) {
  struct pg_db *db = PG(dbp);
  if (!db->in_write) return result ? result : PLAM_ERR_INTERNAL;
  plam_err e = result;
  /* COMMIT of a transaction a failed statement aborted only rolls back */
  if (!result && PQtransactionStatus(db->c) == PQTRANS_INERROR) e = PLAM_ERR_DB;
  if (!e) {
    e = pg_run(db, "COMMIT");
    if (e && pg_in_tx(db)) pg_run(db, "ROLLBACK");
  } else {
    pg_run(db, "ROLLBACK");
  }
  db->in_write = 0;
  pthread_mutex_unlock(&pg_write_lock);
  return e;
}

static plam_err pg_foreign_keys(struct db *dbp, int on) {
  struct pg_db *db = PG(dbp);
  (void)on; /* always enforced by the server */
  pg_scope_close(db);
  return pg_in_tx(db) ? PLAM_ERR_CONFLICT : PLAM_OK;
}

static plam_err pg_foreign_key_violations(struct db *db, int64_t *n) {
  (void)db;
  *n = 0; /* the server refuses them */
  return PLAM_OK;
}

static const char PG_READ_BEGIN[] = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

static plam_err pg_read_begin(struct db *dbp) {
  struct pg_db *db = PG(dbp);
  if (pg_in_tx(db)) {
    db->read_nested++;
    return PLAM_OK;
  }
  return pg_run(db, PG_READ_BEGIN);
}

static void pg_read_end(struct db *dbp) {
  struct pg_db *db = PG(dbp);
  if (db->read_nested) {
    db->read_nested--;
    return;
  }
  if (pg_in_tx(db)) pg_run(db, "COMMIT");
}

static void pg_read_scope_begin(struct db *dbp) {
  struct pg_db *db = PG(dbp);
  if (db->scope) db->read_nested = 0;
  pg_scope_close(db);
  if (db->scope || pg_in_tx(db)) return;
  if (!pg_run(db, PG_READ_BEGIN)) db->scope = 1;
}

static void pg_read_scope_end(struct db *dbp) { pg_scope_close(PG(dbp)); }

/* No cheap signal of another process's commit (LISTEN/NOTIFY arrives
 * asynchronously, after the writer's COMMIT returned): no stamp, no cache. */
static plam_err pg_change_stamp(struct db *dbp, struct db_stamp *out) {
  (void)dbp, (void)out;
  return PLAM_ERR_DB;
}

/* COPY text format: one line per row, tab-separated, \N for NULL. */
struct pg_copy {
  struct pg_db *db;
  char buf[1 << 16];
  size_t used;
  int failed;
};

static void copy_flush(struct pg_copy *cp) {
  if (cp->used && !cp->failed && PQputCopyData(cp->db->c, cp->buf, (int)cp->used) != 1) cp->failed = 1;
  cp->used = 0;
}

static void copy_put(struct pg_copy *cp, const char *s, size_t n) {
  while (n) {
    if (cp->used == sizeof cp->buf) copy_flush(cp);
    size_t k = sizeof cp->buf - cp->used;
    if (k > n) k = n;
    memcpy(cp->buf + cp->used, s, k);
    cp->used += k;
    s += k;
    n -= k;
  }
}

static void copy_value(struct pg_copy *cp, const struct db_value *v) {
  char num[40];
  int w;
  switch (v->type) {
  case DB_VALUE_INT:
    w = snprintf(num, sizeof num, "%lld", (long long)v->i);
    copy_put(cp, num, (size_t)w);
    return;
  case DB_VALUE_REAL:
    if (isnan(v->d)) w = snprintf(num, sizeof num, "NaN");
    else if (isinf(v->d)) w = snprintf(num, sizeof num, v->d > 0 ? "Infinity" : "-Infinity");
    else w = snprintf(num, sizeof num, "%.17g", v->d);
    copy_put(cp, num, (size_t)w);
    return;
  case DB_VALUE_TEXT:
    if (v->s) {
      const char *s = v->s, *run = s;
      for (; *s; s++) {
        const char *esc = *s == '\\' ? "\\\\" : *s == '\t' ? "\\t" : *s == '\n' ? "\\n" : *s == '\r' ? "\\r" : NULL;
        if (!esc) continue;
        copy_put(cp, run, (size_t)(s - run));
        copy_put(cp, esc, 2);
        run = s + 1;
      }
      copy_put(cp, run, (size_t)(s - run));
      return;
    }
    break;
  default: break;
  }
  copy_put(cp, "\\N", 2);
}

static plam_err pg_bulk_insert(struct db *dbp, const char *table, const char *columns, const struct db_rows *rows) {
  struct pg_db *db = PG(dbp);
  char sql[1024];
  int w = snprintf(sql, sizeof sql, "COPY %s(%s) FROM STDIN", table, columns);
  if (w <= 0 || (size_t)w >= sizeof sql) return PLAM_ERR_TOO_LARGE;
  PGresult *r = PQexec(db->c, sql);
  if (PQresultStatus(r) != PGRES_COPY_IN) {
    plam_err e = pg_result_err(db, r);
    PQclear(r);
    return e;
  }
  PQclear(r);
  struct pg_copy *cp = malloc(sizeof *cp);
  if (!cp) {
    PQputCopyEnd(db->c, "mémoire insuffisante");
    while ((r = PQgetResult(db->c))) PQclear(r);
    return PLAM_ERR_NOMEM;
  }
  cp->db = db;
  cp->used = 0;
  cp->failed = 0;
  struct db_value v[DB_ROWS_MAX_COLS];
  for (size_t i = 0; i < rows->n && !cp->failed; i++) {
    memset(v, 0, (size_t)rows->ncols * sizeof v[0]);
    rows->row(rows->ud, i, v);
    for (int c = 0; c < rows->ncols; c++) {
      if (c) copy_put(cp, "\t", 1);
      copy_value(cp, &v[c]);
    }
    copy_put(cp, "\n", 1);
  }
  copy_flush(cp);
  int failed = cp->failed;
  free(cp);
  plam_err e = PLAM_OK;
  if (PQputCopyEnd(db->c, failed ? "échec de l'envoi" : NULL) != 1) e = pg_result_err(db, NULL);
  while ((r = PQgetResult(db->c))) {
    if (!e && PQresultStatus(r) != PGRES_COMMAND_OK) e = pg_result_err(db, r);
    else if (!e) {
      const char *n = PQcmdTuples(r);
      db->changes = n && *n ? atoi(n) : 0;
    }
    PQclear(r);
  }
  return e;
}

static plam_err pg_backup(struct db *db, const char *to_path) {
  (void)db, (void)to_path;
  return PLAM_ERR_USAGE; /* cmd says: use pg_dump */
}

/* What can be checked from a connection: constraints the server has not
 * validated (added NOT VALID) and indexes left invalid (a failed CREATE INDEX
 * CONCURRENTLY). Pages and foreign keys are the server's own guarantee. */
static plam_err pg_check(struct db *dbp, char *report, size_t n) {
  struct pg_db *db = PG(dbp);
  size_t used = 0;
  int problems = 0;
  if (n) report[0] = '\0';
  static const char *const checks[] = {
    "SELECT 'contrainte non validée : ' || conrelid::regclass::text || '.' || conname FROM pg_constraint "
    "WHERE NOT convalidated AND connamespace = 'public'::regnamespace ORDER BY 1",
    "SELECT 'index invalide : ' || indexrelid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
    "WHERE (NOT i.indisvalid OR NOT i.indisready) AND c.relnamespace = 'public'::regnamespace ORDER BY 1",
  };
  for (size_t k = 0; k < sizeof checks / sizeof checks[0]; k++) {
    PGresult *r = PQexec(db->c, checks[k]);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
      plam_err e = pg_result_err(db, r);
      PQclear(r);
      return e;
    }
    for (int i = 0; i < PQntuples(r); i++) {
      problems++;
      if (used < n) {
        int w = snprintf(report + used, n - used, "%s\n", PQgetvalue(r, i, 0));
        if (w > 0) used += (size_t)w;
      }
    }
    PQclear(r);
  }
  return problems ? PLAM_ERR_DB : PLAM_OK;
}

const struct db_engine db_engine_pg = {
  .kind = DB_ENGINE_PG,
  .open = pg_open,
  .close = pg_close,
  .errmsg = pg_errmsg,
  .exec = pg_exec,
  .prepare = pg_prepare,
  .bind_int64 = pg_bind_int64,
  .bind_double = pg_bind_double,
  .bind_text = pg_bind_text,
  .bind_blob = pg_bind_blob,
  .bind_null = pg_bind_null,
  .step = pg_step,
  .column_count = pg_column_count,
  .column_is_null = pg_column_is_null,
  .column_int64 = pg_column_int64,
  .column_double = pg_column_double,
  .column_text = pg_column_text,
  .column_blob = pg_column_blob,
  .done = pg_done,
  .changes = pg_changes,
  .write_begin = pg_write_begin,
  .write_end = pg_write_end,
  .foreign_keys = pg_foreign_keys,
  .foreign_key_violations = pg_foreign_key_violations,
  .read_begin = pg_read_begin,
  .read_end = pg_read_end,
  .read_scope_begin = pg_read_scope_begin,
  .read_scope_end = pg_read_scope_end,
  .change_stamp = pg_change_stamp,
  .bulk_insert = pg_bulk_insert,
  .backup = pg_backup,
  .check = pg_check,
};
