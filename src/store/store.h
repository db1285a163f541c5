/* Records exchanged between store/ (SQL) and the layers above, and the
 * store functions of the foundation aggregates. All SQL text lives in store/,
 * one file per aggregate; every value is bound, never spliced. Strings are
 * copied into fixed-size fields sized for their limits, never cut (store_copy).
 * Functions take a connection from the caller, who owns transactions: writes
 * run inside app_write (app/access/write.h), the one write bracket. */
#ifndef PLAM_STORE_STORE_H
#define PLAM_STORE_STORE_H
#include <stddef.h>
#include <stdint.h>
#include "base/error.h"
#include "db/db.h"

struct user_rec {
  int64_t id;
  char login[65];
  char display_name[801]; /* 200 characters */
  char email[1017];       /* 254 characters */
  char role[24];
  int64_t org_id; /* 0 = none */
  char org_name[801];
  int disabled;
  char created_at[32];
  char updated_at[32];
};

struct org_rec {
  int64_t id;
  char name[801]; /* 200 characters */
  char kind[32];
  char finess[10]; /* "" = none */
  char siret[15];
  char territory_id[12];
  char territory_name[128];
  char created_at[32];
  char updated_at[32];
};

struct territory_rec {
  char id[12];
  char insee_code[8];
  char name[128];
  char level[16];
  char parent[12];
};

struct session_rec {
  uint8_t token_hash[32];
  int64_t user_id;
  char csrf_token[48];
  int64_t created_at, last_seen_at, expires_at;
};

struct audit_rec {
  int64_t id;
  char at[32];
  int64_t user_id;
  char user_login[65];
  char action[32];
  char entity[32];
  char entity_id[32];
  char *before, *after; /* malloc'd JSON text or NULL; freed by store_audit_free */
  char request_id[24];
};

struct list_page {
  long limit, offset;
  int64_t total;
};

/* A list streamed from its statement (docs/ADDING-A-MODULE.md, step 2):
 * the store steps the statement and hands each row to the caller's function
 * while the statement is on it, as typed column values read in place (no
 * record copy); the store function's enum names the columns. A value is
 * valid during the call only. fn returning an error stops the list, which
 * returns that error. */
struct store_row {
  struct db_stmt *st;
};
typedef plam_err (*store_row_fn)(const struct store_row *r, void *ctx);
/* Text of column col ("" for NULL). */
static inline const char *store_row_text(const struct store_row *r, int col) { return db_column_text(r->st, col); }
static inline int64_t store_row_int(const struct store_row *r, int col) { return db_column_int64(r->st, col); }
static inline int store_row_null(const struct store_row *r, int col) { return db_column_is_null(r->st, col); }
/* Steps st (prepared and bound; e: the binds' result, nothing runs when it
 * is an error) over its rows, fn(row, ctx) for each; *n = rows handed. A row
 * past max is PLAM_ERR_TOO_LARGE (a list is refused, never cut: bound the
 * statement with a SQL LIMIT of max for a page). Ends st in every case. */
plam_err store_rows_each(struct db_stmt *st, plam_err e, int max, store_row_fn fn, void *ctx, int *n);

/* SQL condition "column contains the text of param, ASCII case ignored",
 * written STORE_LIKE_ANY("o.name", "?1"): the bound text's \, % and _ are
 * escaped so that they match themselves instead of acting as LIKE
 * wildcards. Both sides go through lower() (ASCII only on both engines:
 * SQLite's lower() and PostgreSQL's under the C collation), so the result
 * does not depend on SQLite's case-insensitive LIKE. */
#define STORE_LIKE_ANY(column, param) \
  "lower(" column ") LIKE lower('%' || replace(replace(replace(" param \
  ", '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%') ESCAPE '\\'"

/* Runs a bound INSERT … RETURNING id (the one way ids come back, on both
 * engines), sets *id (may be NULL) and ends the statement. e: the binds'
 * result (nothing runs when it is an error). */
plam_err store_insert_id(struct db_stmt *st, plam_err e, int64_t *id);

/* Copies src whole into dst[n] (NULL: ""). Never cuts: when src does not
 * fit, dst receives STORE_OVERFLOW (a control character, which no text check
 * and no allowed-value list accepts) and PLAM_ERR_TOO_LARGE is returned, so a
 * value too long for its record is refused downstream instead of stored
 * shortened. Records are sized to hold their limits (STORE_CHARS). */
#define STORE_OVERFLOW "\x01"
plam_err store_copy(char *dst, size_t n, const char *src);
/* Runs sql with ?1 = id and reads the single row with read(st, out).
 * PLAM_ERR_NOT_FOUND when there is no row. */
typedef void (*store_read_fn)(struct db_stmt *st, void *out);
plam_err store_get_by_id(struct db *db, const char *sql, int64_t id, store_read_fn read, void *out);

/* users */
plam_err store_user_get(struct db *db, int64_t id, struct user_rec *out);
/* Also returns the password hash (hash may be NULL). */
plam_err store_user_get_by_login(struct db *db, const char *login, struct user_rec *out, char *hash, size_t hashlen);
plam_err store_user_list(struct db *db, const char *q, struct list_page *page, struct user_rec **out, int *n);
plam_err store_user_insert(struct db *db, const struct user_rec *u, const char *hash, int64_t *id);
plam_err store_user_update(struct db *db, const struct user_rec *u);
plam_err store_user_set_password(struct db *db, int64_t id, const char *hash);

/* organisations */
plam_err store_org_get(struct db *db, int64_t id, struct org_rec *out);
/* The columns of an organisation's row, as store_org_each hands them: text
 * columns are "" for NULL (ORG_TERRITORY_NAME is "" without a territory). */
enum org_col {
  ORG_ID,
  ORG_NAME,
  ORG_KIND,
  ORG_FINESS,
  ORG_SIRET,
  ORG_TERRITORY_ID,
  ORG_TERRITORY_NAME,
  ORG_CREATED_AT,
  ORG_UPDATED_AT
};
/* The page of organisations whose name holds q or whose FINESS is q (NULL:
 * any), of kind (NULL: any), in name order, each row to fn; page->total
 * filled. The caller holds one read transaction (one snapshot). */
plam_err store_org_each(struct db *db, const char *q, const char *kind, struct list_page *page, store_row_fn fn,
                        void *ctx);
/* The row's record (the copy that writes and audit entries use). */
void store_org_row_read(const struct store_row *r, struct org_rec *o);
/* The same page as records (*out malloc'd, free()). */
plam_err store_org_list(struct db *db, const char *q, const char *kind, struct list_page *page, struct org_rec **out,
                        int *n);
plam_err store_org_insert(struct db *db, const struct org_rec *o, int64_t *id);
plam_err store_org_update(struct db *db, const struct org_rec *o);
plam_err store_org_find_by_name(struct db *db, const char *name, int64_t *id);

/* territories (reference data, read-only) */
enum territory_col { TERRITORY_ID, TERRITORY_CODE, TERRITORY_NAME, TERRITORY_LEVEL, TERRITORY_PARENT };
/* The most territories a list holds: a reference with more is refused
 * (PLAM_ERR_TOO_LARGE), never cut (store_territory.c). */
#define TERRITORY_MAX 512
/* The territories of level (NULL: all) under parent (NULL: any), country,
 * régions then départements, by INSEE code, each row to fn; more than
 * TERRITORY_MAX is PLAM_ERR_TOO_LARGE. TERRITORY_PARENT is "" for none. */
plam_err store_territory_each(struct db *db, const char *level, const char *parent, store_row_fn fn, void *ctx);
void store_territory_row_read(const struct store_row *r, struct territory_rec *t);
plam_err store_territory_list(struct db *db, const char *level, const char *parent, struct territory_rec **out, int *n);
plam_err store_territory_get(struct db *db, const char *id, struct territory_rec *out);

/* sessions */
plam_err store_session_insert(struct db *db, const struct session_rec *s);
/* The session and its account in one statement (the session check: one
 * round trip on PostgreSQL instead of two); PLAM_ERR_NOT_FOUND when either
 * is missing. */
plam_err store_session_user_get(struct db *db, const uint8_t hash[32], struct session_rec *s, struct user_rec *u);
plam_err store_session_touch(struct db *db, const uint8_t hash[32], int64_t now, int64_t expires_at);
plam_err store_session_delete(struct db *db, const uint8_t hash[32]);
plam_err store_session_delete_user(struct db *db, int64_t user_id);
plam_err store_session_purge(struct db *db, int64_t now);

/* login throttling */
/* Login throttling counters of one key (all 0 when absent): see app/auth.h. */
plam_err store_throttle_get(struct db *db, const char *key, int64_t *failures, int64_t *last_failure_at,
                            int64_t *next_attempt_at);
plam_err store_throttle_put(struct db *db, const char *key, int64_t failures, int64_t last_failure_at,
                            int64_t next_attempt_at);
plam_err store_throttle_clear(struct db *db, const char *key);

/* audit log (append-only) */
plam_err store_audit_append(struct db *db, const struct audit_rec *a);
plam_err store_audit_list(struct db *db, const char *entity, int64_t user_id, struct list_page *page,
                          struct audit_rec **out, int *n);
void store_audit_free(struct audit_rec *rows, int n);

#endif
