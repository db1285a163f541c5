/* Copy of a SQLite database to an empty PostgreSQL database, without loss,
 * all or nothing (plam db copy; the command, src/cmd/cmd_db_copy.c, hands
 * over a migrated snapshot of the source and an empty target). In ONE write
 * transaction on the target: the schema (every PostgreSQL migration,
 * db_migrate_in_tx; the reference rows it inserts are removed: the source
 * has them), then every table in foreign-key order, in batches
 * through db_bulk_insert (COPY), with the tables' own triggers off (a
 * trigger that derives rows, such as validated values from reviews, would
 * add rows the source already holds), then the identity sequences set past
 * the largest id, then the verification: per table the row count and a
 * checksum computed identically on both engines from the rows read back
 * through db.h. Only when every table matches does the transaction commit;
 * any failure rolls back everything, schema included, and the target is
 * left as empty as it was.
 *
 * Checksum: per row, a 128-bit BLAKE2b (libsodium generichash) of the row's
 * canonical form (per column: a type tag, then the value — decimal integer,
 * %.17g real, length and bytes of a text or blob, or the NULL tag), summed
 * over the rows modulo 2^64 in two lanes: independent of row order, and of
 * the engines' text formats. Column kinds come from the target's types
 * (bigint, double precision, text, bytea); the source's tables are STRICT
 * (or TEXT-only), so reading a value as its target's kind loses nothing. */
#include "db/db_copy.h"
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "db/db.h"
#include "db/migrate.h"

#define COPY_MAX_TABLES 96
#define COPY_NAME_MAX 64
#define COPY_BATCH 20000
#define COPY_SQL_MAX 2048

enum col_kind { COL_INT, COL_REAL, COL_TEXT, COL_BLOB };

struct copy_table {
  char name[COPY_NAME_MAX];
  int ncols;
  char cols[DB_ROWS_MAX_COLS][COPY_NAME_MAX];
  enum col_kind kind[DB_ROWS_MAX_COLS];
  char collist[COPY_SQL_MAX]; /* "a, b, c" */
  int64_t rows[2];            /* source, target */
  uint64_t sum[2][2];
  int placed;
};

/* Dynamic SQL texts: the statement caches are keyed by the text's address,
 * so every text lives until both connections are closed. */
struct copy_sql {
  char **s;
  size_t n, cap;
};

struct copy_ctx {
  struct db *src, *dst;
  struct copy_table t[COPY_MAX_TABLES];
  int nt;
  int order[COPY_MAX_TABLES];
  struct copy_sql sql;
  int tty;
  FILE *log;     /* French progress and findings */
  char why[512]; /* French reason of a refusal found by the copy itself */
};

static const char *sql_keep(struct copy_ctx *x, const char *text) {
  if (x->sql.n == x->sql.cap) {
    size_t cap = x->sql.cap ? 2 * x->sql.cap : 64;
    char **p = realloc(x->sql.s, cap * sizeof *p);
    if (!p) return NULL;
    x->sql.s = p;
    x->sql.cap = cap;
  }
  char *s = strdup(text);
  if (s) x->sql.s[x->sql.n++] = s;
  return s;
}

/* "SELECT columns FROM table", kept. */
static const char *sql_select(struct copy_ctx *x, const struct copy_table *t) {
  char q[COPY_SQL_MAX + 2 * COPY_NAME_MAX];
  snprintf(q, sizeof q, "SELECT %s FROM %s", t->collist, t->name);
  return sql_keep(x, q);
}

static void sql_release(struct copy_sql *q) {
  for (size_t i = 0; i < q->n; i++) free(q->s[i]);
  free(q->s);
}

/* Table and column names come from the catalogs; they are still checked to
 * be plain identifiers before they go into SQL text. */
static int ident_ok(const char *s) {
  if (!*s || strlen(s) >= COPY_NAME_MAX) return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')) return 0;
  return 1;
}

static struct copy_table *table_find(struct copy_ctx *x, const char *name) {
  for (int i = 0; i < x->nt; i++)
    if (!strcmp(x->t[i].name, name)) return &x->t[i];
  return NULL;
}

/* ---- catalogs --------------------------------------------------------- */

static const char SQL_DST_EMPTY[] =
  "SELECT (SELECT count(*) FROM pg_class WHERE relnamespace = current_schema()::regnamespace)"
  " + (SELECT count(*) FROM pg_proc WHERE pronamespace = current_schema()::regnamespace)"
  " + (SELECT count(*) FROM pg_type WHERE typnamespace = current_schema()::regnamespace AND typtype <> 'c'"
  "    AND typelem = 0), current_schema()";
static const char SQL_DST_TABLES[] = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                                     "AND tablename <> 'schema_migrations' ORDER BY tablename";
static const char SQL_DST_COLS[] =
  "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() "
  "AND table_name = ? ORDER BY ordinal_position";
static const char SQL_DST_FKS[] =
  "SELECT a.relname, b.relname FROM pg_constraint k JOIN pg_class a ON a.oid = k.conrelid "
  "JOIN pg_class b ON b.oid = k.confrelid WHERE k.contype = 'f' AND a.relnamespace = current_schema()::regnamespace "
  "AND a.oid <> b.oid";
static const char SQL_DST_IDENTITY[] =
  "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() "
  "AND is_identity = 'YES' ORDER BY table_name";
static const char SQL_SRC_TABLES[] = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                     "AND name <> 'schema_migrations' ORDER BY name";
static const char SQL_SRC_NCOLS[] = "SELECT count(*) FROM pragma_table_info(?)";

plam_err db_copy_target_objects(struct db *dst, int64_t *objects, char *schema, size_t n) {
  struct db_stmt *st;
  int row = 0;
  plam_err e = db_prepare(dst, SQL_DST_EMPTY, &st);
  if (!e) e = db_step(st, &row);
  if (!e && row) {
    *objects = db_column_int64(st, 0);
    snprintf(schema, n, "%s", db_column_text(st, 1));
  }
  db_done(st);
  return e;
}

static enum col_kind kind_of(const char *pg_type, int *ok) {
  static const struct {
    const char *type;
    enum col_kind kind;
  } kinds[] = {{"bigint", COL_INT}, {"integer", COL_INT},           {"smallint", COL_INT},
               {"text", COL_TEXT},  {"double precision", COL_REAL}, {"bytea", COL_BLOB}};
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (!strcmp(pg_type, kinds[i].type)) {
      *ok = 1;
      return kinds[i].kind;
    }
  *ok = 0;
  return COL_TEXT;
}

/* Tables and columns of the target's (new) schema; the source must have the
 * same tables with the same number of columns (the SELECT of the copy names
 * each column, so a missing one fails there). */
static plam_err load_tables(struct copy_ctx *x) {
  struct db_stmt *st;
  int row;
  plam_err e = db_prepare(x->dst, SQL_DST_TABLES, &st);
  while (!e && !(e = db_step(st, &row)) && row) {
    const char *name = db_column_text(st, 0);
    if (x->nt == COPY_MAX_TABLES || !ident_ok(name)) {
      snprintf(x->why, sizeof x->why, "table « %s » inattendue dans le schéma cible", name);
      e = PLAM_ERR_INVALID;
      break;
    }
    memset(&x->t[x->nt], 0, sizeof x->t[0]);
    snprintf(x->t[x->nt++].name, COPY_NAME_MAX, "%s", name);
  }
  db_done(st);
  for (int i = 0; !e && i < x->nt; i++) {
    struct copy_table *t = &x->t[i];
    e = db_prepare(x->dst, SQL_DST_COLS, &st);
    if (!e) e = db_bind_text(st, 1, t->name);
    size_t used = 0;
    while (!e && !(e = db_step(st, &row)) && row) {
      const char *col = db_column_text(st, 0);
      int ok;
      enum col_kind k = kind_of(db_column_text(st, 1), &ok);
      if (t->ncols == DB_ROWS_MAX_COLS || !ident_ok(col) || !ok) {
        snprintf(x->why, sizeof x->why, "colonne « %s.%s » (%s) que plam db copy ne sait pas copier", t->name, col,
                 db_column_text(st, 1));
        e = PLAM_ERR_INVALID;
        break;
      }
      snprintf(t->cols[t->ncols], COPY_NAME_MAX, "%s", col);
      t->kind[t->ncols++] = k;
      used += (size_t)snprintf(t->collist + used, sizeof t->collist - used, "%s%s", used ? ", " : "", col);
    }
    db_done(st);
  }
  /* the source: same tables, same column counts */
  int nsrc = 0;
  if (!e) e = db_prepare(x->src, SQL_SRC_TABLES, &st);
  while (!e && !(e = db_step(st, &row)) && row) {
    nsrc++;
    if (!table_find(x, db_column_text(st, 0))) {
      snprintf(x->why, sizeof x->why, "la table « %s » de la source n'existe pas dans le schéma PostgreSQL",
               db_column_text(st, 0));
      e = PLAM_ERR_INVALID;
    }
  }
  db_done(st);
  if (!e && nsrc != x->nt) {
    snprintf(x->why, sizeof x->why, "la source a %d tables, le schéma PostgreSQL %d", nsrc, x->nt);
    e = PLAM_ERR_INVALID;
  }
  for (int i = 0; !e && i < x->nt; i++) {
    e = db_prepare(x->src, SQL_SRC_NCOLS, &st);
    if (!e) e = db_bind_text(st, 1, x->t[i].name);
    if (!e) e = db_step(st, &row);
    if (!e && row && db_column_int64(st, 0) != x->t[i].ncols) {
      snprintf(x->why, sizeof x->why, "la table « %s » n'a pas les mêmes colonnes dans la source et la cible",
               x->t[i].name);
      e = PLAM_ERR_INVALID;
    }
    db_done(st);
  }
  return e;
}

/* Rows the migrations inserted (reference data such as territories) go:
 * the source holds them, as they are now. */
static plam_err empty_tables(struct copy_ctx *x) {
  char q[COPY_MAX_TABLES * (COPY_NAME_MAX + 2) + 32];
  size_t used = (size_t)snprintf(q, sizeof q, "TRUNCATE ");
  for (int i = 0; i < x->nt; i++)
    used += (size_t)snprintf(q + used, sizeof q - used, "%s%s", i ? ", " : "", x->t[i].name);
  return x->nt ? db_exec(x->dst, q) : PLAM_OK;
}

/* Foreign-key order: a table comes after every table it references. */
static plam_err order_tables(struct copy_ctx *x) {
  static int from[COPY_MAX_TABLES * 8], to[COPY_MAX_TABLES * 8];
  int nfk = 0, row;
  struct db_stmt *st;
  plam_err e = db_prepare(x->dst, SQL_DST_FKS, &st);
  while (!e && !(e = db_step(st, &row)) && row) {
    struct copy_table *a = table_find(x, db_column_text(st, 0)), *b = table_find(x, db_column_text(st, 1));
    if (!a || !b || nfk == (int)(sizeof from / sizeof from[0])) continue;
    from[nfk] = (int)(a - x->t);
    to[nfk++] = (int)(b - x->t);
  }
  db_done(st);
  if (e) return e;
  for (int placed = 0; placed < x->nt;) {
    int moved = 0;
    for (int i = 0; i < x->nt; i++) {
      if (x->t[i].placed) continue;
      int ready = 1;
      for (int k = 0; k < nfk && ready; k++)
        if (from[k] == i && !x->t[to[k]].placed) ready = 0;
      if (!ready) continue;
      x->t[i].placed = 1;
      x->order[placed++] = i;
      moved = 1;
    }
    if (!moved) {
      snprintf(x->why, sizeof x->why, "les clés étrangères du schéma forment un cycle");
      return PLAM_ERR_INVALID;
    }
  }
  return PLAM_OK;
}

/* ---- checksums -------------------------------------------------------- */

static void hash_part(crypto_generichash_state *h, char tag, const void *p, size_t n) {
  unsigned char head[9];
  head[0] = (unsigned char)tag;
  for (int i = 0; i < 8; i++) head[1 + i] = (unsigned char)((uint64_t)n >> (8 * i));
  crypto_generichash_update(h, head, sizeof head);
  if (n) crypto_generichash_update(h, p, n);
}

/* Adds the current row of st (columns in t's order) to sum[2]. */
static void row_sum(const struct copy_table *t, struct db_stmt *st, uint64_t sum[2]) {
  crypto_generichash_state h;
  crypto_generichash_init(&h, NULL, 0, 16);
  for (int c = 0; c < t->ncols; c++) {
    if (db_column_is_null(st, c)) {
      hash_part(&h, 'N', NULL, 0);
      continue;
    }
    char num[40];
    size_t n = 0;
    const void *p;
    switch (t->kind[c]) {
    case COL_INT:
      hash_part(&h, 'I', num, (size_t)snprintf(num, sizeof num, "%lld", (long long)db_column_int64(st, c)));
      break;
    case COL_REAL: hash_part(&h, 'R', num, (size_t)snprintf(num, sizeof num, "%.17g", db_column_double(st, c))); break;
    case COL_TEXT:
      p = db_column_text(st, c);
      hash_part(&h, 'T', p, strlen(p));
      break;
    case COL_BLOB:
      p = db_column_blob(st, c, &n);
      hash_part(&h, 'B', p, n);
      break;
    }
  }
  unsigned char out[16];
  crypto_generichash_final(&h, out, sizeof out);
  for (int lane = 0; lane < 2; lane++) {
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v |= (uint64_t)out[8 * lane + i] << (8 * i);
    sum[lane] += v;
  }
}

/* ---- copy --------------------------------------------------------------- */

struct batch {
  const struct copy_table *t;
  size_t n;
  struct db_value *v; /* COPY_BATCH * ncols */
  char **owned;       /* texts of the batch */
  size_t nowned;
};

static void batch_row(void *ud, size_t i, struct db_value *out) {
  const struct batch *b = ud;
  memcpy(out, b->v + i * (size_t)b->t->ncols, (size_t)b->t->ncols * sizeof *out);
}

static void batch_clear(struct batch *b) {
  for (size_t i = 0; i < b->nowned; i++) free(b->owned[i]);
  b->nowned = 0;
  b->n = 0;
}

static plam_err batch_flush(struct copy_ctx *x, struct batch *b) {
  if (!b->n) return PLAM_OK;
  struct db_rows rows = {b->n, b->t->ncols, batch_row, b};
  plam_err e = db_bulk_insert(x->dst, b->t->name, b->t->collist, &rows);
  batch_clear(b);
  return e;
}

/* Copies the current source row into the batch (texts duplicated, blobs as
 * bytea hex input). */
static plam_err batch_add(struct batch *b, struct db_stmt *st) {
  const struct copy_table *t = b->t;
  struct db_value *v = b->v + b->n * (size_t)t->ncols;
  for (int c = 0; c < t->ncols; c++) {
    memset(&v[c], 0, sizeof v[c]);
    if (db_column_is_null(st, c)) continue;
    char *s = NULL;
    size_t n = 0;
    switch (t->kind[c]) {
    case COL_INT:
      v[c].type = DB_VALUE_INT;
      v[c].i = db_column_int64(st, c);
      continue;
    case COL_REAL:
      v[c].type = DB_VALUE_REAL;
      v[c].d = db_column_double(st, c);
      continue;
    case COL_TEXT: s = strdup(db_column_text(st, c)); break;
    case COL_BLOB: {
      const unsigned char *p = db_column_blob(st, c, &n);
      s = malloc(2 * n + 3);
      if (s) {
        memcpy(s, "\\x", 2);
        sodium_bin2hex(s + 2, 2 * n + 1, p, n);
      }
      break;
    }
    }
    if (!s) return PLAM_ERR_NOMEM;
    b->owned[b->nowned++] = s;
    v[c].type = DB_VALUE_TEXT;
    v[c].s = s;
  }
  b->n++;
  return PLAM_OK;
}

static void progress(struct copy_ctx *x, const struct copy_table *t, int64_t rows, int done) {
  if (done) fprintf(x->log, "%s  %-32s %lld ligne(s)\n", x->tty ? "\r" : "", t->name, (long long)rows);
  else if (x->tty) fprintf(x->log, "\r  %-32s %lld ligne(s)…", t->name, (long long)rows);
  fflush(x->log);
}

static plam_err copy_table(struct copy_ctx *x, struct copy_table *t) {
  char q[2][128];
  snprintf(q[0], sizeof q[0], "ALTER TABLE %s DISABLE TRIGGER USER", t->name);
  snprintf(q[1], sizeof q[1], "ALTER TABLE %s ENABLE TRIGGER USER", t->name);
  const char *sel = sql_select(x, t), *off = sql_keep(x, q[0]), *on = sql_keep(x, q[1]);
  if (!sel || !off || !on) return PLAM_ERR_NOMEM;
  struct batch b = {t, 0, calloc((size_t)COPY_BATCH * (size_t)t->ncols, sizeof(struct db_value)),
                    calloc((size_t)COPY_BATCH * (size_t)t->ncols, sizeof(char *)), 0};
  plam_err e = b.v && b.owned ? db_exec(x->dst, off) : PLAM_ERR_NOMEM;
  struct db_stmt *st = NULL;
  int row;
  if (!e) e = db_prepare(x->src, sel, &st);
  while (!e && !(e = db_step(st, &row)) && row) {
    row_sum(t, st, t->sum[0]);
    t->rows[0]++;
    e = batch_add(&b, st);
    if (!e && b.n == COPY_BATCH) {
      e = batch_flush(x, &b);
      progress(x, t, t->rows[0], 0);
    }
  }
  db_done(st);
  if (!e) e = batch_flush(x, &b);
  batch_clear(&b);
  free(b.v);
  free(b.owned);
  if (!e) e = db_exec(x->dst, on);
  if (!e) progress(x, t, t->rows[0], 1);
  return e;
}

/* Identity columns continue after the largest copied id. */
static plam_err reset_identities(struct copy_ctx *x) {
  struct db_stmt *st;
  int row;
  char names[COPY_MAX_TABLES][2][COPY_NAME_MAX];
  int n = 0;
  plam_err e = db_prepare(x->dst, SQL_DST_IDENTITY, &st);
  while (!e && !(e = db_step(st, &row)) && row && n < COPY_MAX_TABLES) {
    snprintf(names[n][0], COPY_NAME_MAX, "%s", db_column_text(st, 0));
    snprintf(names[n][1], COPY_NAME_MAX, "%s", db_column_text(st, 1));
    if (ident_ok(names[n][0]) && ident_ok(names[n][1])) n++;
  }
  db_done(st);
  for (int i = 0; !e && i < n; i++) {
    char q[COPY_SQL_MAX];
    int w = snprintf(q, sizeof q,
                     "SELECT setval(pg_get_serial_sequence('%s', '%s'), coalesce(max(%s), 0) + 1, false) FROM %s",
                     names[i][0], names[i][1], names[i][1], names[i][0]);
    if (w < 0 || (size_t)w >= sizeof q) return PLAM_ERR_TOO_LARGE;
    const char *sql = sql_keep(x, q);
    if (!sql) return PLAM_ERR_NOMEM;
    e = db_prepare(x->dst, sql, &st);
    if (!e) e = db_step(st, &row);
    db_done(st);
  }
  return e;
}

/* Reads every copied table back from the target (same transaction) and
 * compares counts and checksums with the source's. */
static plam_err verify(struct copy_ctx *x, int *mismatches) {
  *mismatches = 0;
  plam_err e = PLAM_OK;
  for (int k = 0; !e && k < x->nt; k++) {
    struct copy_table *t = &x->t[x->order[k]];
    const char *sel = sql_select(x, t);
    struct db_stmt *st;
    int row;
    if (!sel) return PLAM_ERR_NOMEM;
    e = db_prepare(x->dst, sel, &st);
    while (!e && !(e = db_step(st, &row)) && row) {
      row_sum(t, st, t->sum[1]);
      t->rows[1]++;
    }
    db_done(st);
    if (!e && (t->rows[0] != t->rows[1] || t->sum[0][0] != t->sum[1][0] || t->sum[0][1] != t->sum[1][1])) {
      fprintf(x->log, "plam db copy : table « %s » différente après copie (%lld ligne(s) source, %lld cible)\n",
              t->name, (long long)t->rows[0], (long long)t->rows[1]);
      (*mismatches)++;
    }
  }
  return e;
}

/* ---- the copy ------------------------------------------------------------ */

plam_err db_copy_run(struct db *src, struct db *dst, FILE *log, int tty, struct db_copy_result *out) {
  memset(out, 0, sizeof *out);
  struct copy_ctx *x = calloc(1, sizeof *x);
  if (!x) return PLAM_ERR_NOMEM;
  x->src = src;
  x->dst = dst;
  x->log = log;
  x->tty = tty;
  int mismatches = 0, in_read = 0;
  plam_err e = db_read_begin(src);
  in_read = !e;
  if (!e) {
    e = db_write_begin(dst);
    out->began = !e;
  }
  if (!e) {
    fprintf(log, "Cible : création du schéma v%d…\n", db_schema_latest());
    e = db_migrate_in_tx(dst);
  }
  if (!e) e = load_tables(x);
  if (!e) e = order_tables(x);
  if (!e) e = empty_tables(x);
  if (!e) fprintf(log, "Copie de %d table(s) :\n", x->nt);
  for (int k = 0; !e && k < x->nt; k++) {
    struct copy_table *t = &x->t[x->order[k]];
    e = copy_table(x, t);
    if (e) fprintf(log, "%splam db copy : échec sur la table « %s » : %s\n", tty ? "\n" : "", t->name, db_errmsg(dst));
  }
  if (!e) e = reset_identities(x);
  if (!e) {
    fprintf(log, "Vérification (lignes et sommes de contrôle, relues dans la cible)…\n");
    e = verify(x, &mismatches);
  }
  if (!e && mismatches) e = PLAM_ERR_DB;
  if (out->began) {
    plam_err e2 = db_write_end(dst, e);
    if (!e) e = e2;
  }
  if (in_read) db_read_end(src);
  if (x->why[0]) fprintf(log, "plam db copy : %s\n", x->why);
  out->tables = x->nt;
  for (int i = 0; i < x->nt; i++) out->rows += x->t[i].rows[0];
  /* the statements' texts live until the connections close: the caller
   * closes them, then calls db_copy_release */
  out->keep = x;
  return e;
}

void db_copy_release(struct db_copy_result *r) {
  struct copy_ctx *x = r->keep;
  if (!x) return;
  sql_release(&x->sql);
  free(x);
  r->keep = NULL;
}
