/* Benchmark of the stored recruitment ranking (bench/recruit_store.sh runs
 * it from make bench): N stored candidates (default 1,000,000) spread over
 * the French communes (the 2018 centroids shipped in data/ref/communes-2018-centroids.csv, a commune
 * drawn uniformly, so over every département, with ±0.02° of jitter;
 * deterministic xorshift generator), with qualifications, availability
 * with exceptions, pools (département, region, crisis) and a few confirmed
 * shifts, no-shows and past missions in `assignments`. Needs at several
 * places (big cities, a rural département, overseas), one 12 h slot each.
 *
 * Three ways to get each need's top 50, rotated run by run in the same
 * process on the same database:
 *  - "top 50": the prefiltered path below, answering the top 50 with their
 *    reasons and the count of the excluded (recruit_need_rank_doc mode 2);
 *  - "préfiltré": recruit_need_rank_doc through the in-memory index (the
 *    route's path: reads the need, its slots, qualifications and pools, the
 *    pool tree, the index's cells within reach, the assignments of the
 *    candidates that pass the first five rules; runs the engine; writes the
 *    result document with every considered candidate's verdict);
 *  - "SQL": one query on the indexed tables with the same hard rules
 *    (profession, qualification valid on the slot's date, an available
 *    interval covering the slot with no exception cutting it, haversine
 *    distance within both limits, a pool reached through the pool tree by
 *    a recursive CTE, no confirmed shift overlapping the slot nor closer than
 *    the 11 h rest, slot length) and the same order (5 km band, past
 *    missions, no-shows, offers, metres, id as text), LIMIT 50. The 48 h in
 *    7 days rule is not expressed in SQL; the generated data never reaches
 *    it (at most two 12 h shifts per candidate), and availability intervals
 *    never touch, so that a single covering interval is the engine's union:
 *    the program checks that both top-50 lists are the same.
 * Prints p50 and p99 (wall clock, CLOCK_MONOTONIC) of each, their ratio,
 * the index's build time, the candidates considered, how long each phase
 * took, the indexes of the tables the SQL query reads and its plan for the
 * first need (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite).
 * One program for both engines (db.h): --db names a SQLite file, --db-url an
 * existing PostgreSQL database (bench/recruit_store_pg.sh makes a throwaway
 * cluster); the rows are written with db_bulk_insert (SQLite: one INSERT …
 * SELECT per table; PostgreSQL: COPY, as plam's imports), inside one write
 * transaction (db_write_begin), with a progress line on stderr.
 * Usage: bench_recruit_store (--db FILE | --db-url URL) --communes CSV [--n N] [--runs R] [--sql non] */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "app/access/audit.h"
#include "app/recruit/recruit_app.h"
#include "db/db.h"
#include "db/migrate.h"

static uint64_t rs = 0x2545F4914F6CDD1Dull;
static uint64_t rnd(void) {
  rs ^= rs << 13;
  rs ^= rs >> 7;
  rs ^= rs << 17;
  return rs;
}
static double unif(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

#define T0 (20521LL * 1440) /* 2026-03-09T00:00Z */
#define DIE(...) (fprintf(stderr, "bench_recruit_store: " __VA_ARGS__), fprintf(stderr, "\n"), exit(1))

struct commune {
  char dep[8];
  double lat, lon;
};
static struct commune *communes;
static int ncommunes;

static void load_communes(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) DIE("%s introuvable", path);
  char line[512];
  int cap = 0;
  if (!fgets(line, sizeof line, f)) DIE("%s vide", path);
  while (fgets(line, sizeof line, f)) {
    char *cols[5] = {0};
    int k = 0;
    for (char *p = line; k < 5; k++) {
      cols[k] = p;
      char *c = strchr(p, ',');
      if (!c) break;
      *c = 0;
      p = c + 1;
    }
    if (k < 4) continue;
    if (ncommunes == cap) {
      cap = cap ? cap * 2 : 40000;
      communes = realloc(communes, (size_t)cap * sizeof *communes);
    }
    struct commune *c = &communes[ncommunes++];
    snprintf(c->dep, sizeof c->dep, "%s", cols[2]);
    c->lat = atof(cols[3]);
    c->lon = atof(cols[4]);
  }
  fclose(f);
}

/* ---- generated rows ---- */

static const char *const profs[] = {"IDE", "IDE", "IDE", "IDE", "AS", "AS", "AS", "ASH", "AES", "MK"};
struct cand {
  double lat, lon, max_km;
  int commune;
  uint8_t prof, nav, unav, afgsu, permis, afgsu_ok, pool_region, pool_crisis, pool_dep;
  int64_t a0, a1, u0;
};
static struct cand *cands;
static int ncand;
static int64_t dep_pool[1000], region_pool, crisis_pool;
static char dep_ids[1000][8];
static int ndep;

static int dep_index(const char *dep) {
  for (int i = 0; i < ndep; i++)
    if (!strcmp(dep_ids[i], dep)) return i;
  snprintf(dep_ids[ndep], 8, "%s", dep);
  return ndep++;
}

static void iso(int64_t m, char *s) {
  int y, mo, d;
  recruit_civil_from_days(m / 1440, &y, &mo, &d);
  sprintf(s, "%04d-%02d-%02dT%02d:%02dZ", y, mo, d, (int)(m % 1440 / 60), (int)(m % 60));
}

static char tbuf[4][32];
static void row_cand(void *ud, size_t i, struct db_value *v) {
  (void)ud;
  struct cand *c = &cands[i];
  static char dep[16];
  snprintf(dep, sizeof dep, "DEP-%s", communes[c->commune].dep);
  v[0] = (struct db_value){DB_VALUE_TEXT, 0, 0, "Prénom"};
  v[1] = (struct db_value){DB_VALUE_TEXT, 0, 0, "Nom"};
  v[2] = (struct db_value){DB_VALUE_TEXT, 0, 0, "c@example.org"};
  v[3] = (struct db_value){DB_VALUE_TEXT, 0, 0, profs[c->prof]};
  v[4] = (struct db_value){DB_VALUE_TEXT, 0, 0, dep};
  v[5] = (struct db_value){DB_VALUE_REAL, 0, c->lat, NULL};
  v[6] = (struct db_value){DB_VALUE_REAL, 0, c->lon, NULL};
  v[7] = (struct db_value){DB_VALUE_REAL, 0, c->max_km, NULL};
}

/* flattened child rows: (candidate, kind) pairs */
struct child {
  int cand;
  uint8_t kind;
};
static struct child *kids;
static size_t nkids;

static void row_qual(void *ud, size_t i, struct db_value *v) {
  (void)ud;
  struct child *k = &kids[i];
  struct cand *c = &cands[k->cand];
  v[0] = (struct db_value){DB_VALUE_INT, k->cand + 1, 0, NULL};
  if (k->kind == 0) {
    v[1] = (struct db_value){DB_VALUE_TEXT, 0, 0, "AFGSU2"};
    v[2] = (struct db_value){DB_VALUE_TEXT, 0, 0, c->afgsu_ok ? "2027-06-30" : "2026-03-08"};
  } else {
    v[1] = (struct db_value){DB_VALUE_TEXT, 0, 0, "PERMIS-B"};
    v[2] = (struct db_value){DB_VALUE_NULL, 0, 0, NULL};
  }
}

static void row_avail(void *ud, size_t i, struct db_value *v) {
  (void)ud;
  struct child *k = &kids[i];
  struct cand *c = &cands[k->cand];
  int64_t s = k->kind == 0 ? c->a0 : k->kind == 1 ? c->a1 : c->u0;
  int64_t e = k->kind == 2 ? s + 120 : s + 5 * 1440;
  iso(s, tbuf[0]);
  iso(e, tbuf[1]);
  v[0] = (struct db_value){DB_VALUE_INT, k->cand + 1, 0, NULL};
  v[1] = (struct db_value){DB_VALUE_TEXT, 0, 0, k->kind == 2 ? "unavailable" : "available"};
  v[2] = (struct db_value){DB_VALUE_TEXT, 0, 0, tbuf[0]};
  v[3] = (struct db_value){DB_VALUE_TEXT, 0, 0, tbuf[1]};
  v[4] = (struct db_value){DB_VALUE_INT, s, 0, NULL};
  v[5] = (struct db_value){DB_VALUE_INT, e, 0, NULL};
}

static void row_pool(void *ud, size_t i, struct db_value *v) {
  (void)ud;
  struct child *k = &kids[i];
  struct cand *c = &cands[k->cand];
  int64_t p = k->kind == 0 ? dep_pool[dep_index(communes[c->commune].dep)] : k->kind == 1 ? region_pool : crisis_pool;
  v[0] = (struct db_value){DB_VALUE_INT, k->cand + 1, 0, NULL};
  v[1] = (struct db_value){DB_VALUE_INT, p, 0, NULL};
}

static void exec(struct db *db, const char *sql) {
  if (db_exec(db, sql)) DIE("%s : %s", sql, db_errmsg(db));
}

/* The progress line of a bulk write: the rows handed to the engine so far
 * (on PostgreSQL the COPY stream, so the server's work follows closely). On
 * a terminal one line rewritten; in a log a line at every quarter. */
struct progress {
  void (*row)(void *, size_t, struct db_value *);
  const char *table;
  size_t n;
  double t0;
  int tty;
};
static void row_progress(void *ud, size_t i, struct db_value *v) {
  struct progress *p = ud;
  p->row(NULL, i, v);
  size_t done = i + 1, step = p->tty ? 50000 : (p->n + 3) / 4;
  if (done % step && done != p->n) return;
  fprintf(stderr, "%s-- %s : %zu / %zu lignes envoyées (%.1f s)%s", p->tty ? "\r" : "", p->table, done, p->n,
          (now_ms() - p->t0) / 1e3, p->tty && done != p->n ? "" : "\n");
}
static void bulk(struct db *db, const char *table, const char *cols, int ncols, size_t n,
                 void (*row)(void *, size_t, struct db_value *)) {
  struct progress p = {row, table, n, now_ms(), isatty(2)};
  struct db_rows r = {n, ncols, row_progress, &p};
  if (db_bulk_insert(db, table, cols, &r)) DIE("%s : %s", table, db_errmsg(db));
  fprintf(stderr, "-- %s : %zu lignes écrites en %.1f s\n", table, n, (now_ms() - p.t0) / 1e3);
}

static void generate(struct db *db, int n) {
  ncand = n;
  cands = calloc((size_t)n, sizeof *cands);
  for (int i = 0; i < n; i++) {
    struct cand *c = &cands[i];
    c->commune = (int)(rnd() % (uint64_t)ncommunes);
    c->lat = communes[c->commune].lat + (unif() - 0.5) * 0.04;
    c->lon = communes[c->commune].lon + (unif() - 0.5) * 0.04;
    c->max_km = 10 + (double)(rnd() % 6) * 10;
    c->prof = (uint8_t)(rnd() % 10);
    c->afgsu = rnd() % 10 < 7;
    c->afgsu_ok = rnd() % 10 < 8;
    c->permis = rnd() % 2;
    /* availability: 5 days from a day of the week before, maybe a second
     * window a week later (never touching), an exception of 2 h */
    c->a0 = T0 - (int64_t)(rnd() % 6) * 1440 + (int64_t)(rnd() % 24) * 60;
    c->nav = 1 + (rnd() % 3 == 0);
    c->a1 = c->a0 + 7 * 1440;
    c->unav = rnd() % 7 == 0;
    c->u0 = T0 + (int64_t)(rnd() % 48) * 60;
    c->pool_dep = rnd() % 10 < 8;
    c->pool_region = rnd() % 10 < 3;
    c->pool_crisis = rnd() % 10 == 0;
  }
  struct actor a;
  actor_cli(&a);
  double t = now_ms();
  if (db_write_begin(db)) DIE("BEGIN : %s", db_errmsg(db));
  /* pools: the region, one per département inside it, a crisis pool */
  exec(db, "INSERT INTO pools (id, name, level, status) VALUES (1, 'France', 'region', 'open'), "
           "(2, 'Renfort RH', 'crisis', 'open')");
  exec(db, "UPDATE pools SET parent_id = 1 WHERE id = 2");
  region_pool = 1;
  crisis_pool = 2;
  for (int i = 0; i < ncommunes; i++) dep_index(communes[i].dep);
  for (int d = 0; d < ndep; d++) {
    char sql[256];
    dep_pool[d] = 10 + d;
    snprintf(sql, sizeof sql,
             "INSERT INTO pools (id, name, level, parent_id, status) VALUES (%lld, 'Département %s', "
             "'departement', 1, 'open')",
             (long long)dep_pool[d], dep_ids[d]);
    exec(db, sql);
  }
  bulk(db, "candidates", "first_name, last_name, email, profession, departement, lat, lon, max_km", 8, (size_t)n,
       row_cand);
  kids = malloc((size_t)n * 3 * sizeof *kids);
  nkids = 0;
  for (int i = 0; i < n; i++) {
    if (cands[i].afgsu) kids[nkids++] = (struct child){i, 0};
    if (cands[i].permis) kids[nkids++] = (struct child){i, 1};
  }
  bulk(db, "candidate_qualifications", "candidate_id, code, valid_until", 3, nkids, row_qual);
  nkids = 0;
  for (int i = 0; i < n; i++) {
    kids[nkids++] = (struct child){i, 0};
    if (cands[i].nav > 1) kids[nkids++] = (struct child){i, 1};
    if (cands[i].unav) kids[nkids++] = (struct child){i, 2};
  }
  bulk(db, "candidate_availability", "candidate_id, kind, start_at, end_at, start_min, end_min", 6, nkids, row_avail);
  nkids = 0;
  for (int i = 0; i < n; i++) {
    if (cands[i].pool_dep) kids[nkids++] = (struct child){i, 0};
    if (cands[i].pool_region) kids[nkids++] = (struct child){i, 1};
    if (cands[i].pool_crisis) kids[nkids++] = (struct child){i, 2};
  }
  bulk(db, "candidate_pools", "candidate_id, pool_id", 2, nkids, row_pool);
  free(kids);
  double tc = now_ms();
  if (db_write_end(db, PLAM_OK)) DIE("COMMIT : %s", db_errmsg(db));
  fprintf(stderr, "-- COMMIT en %.1f s\n", (now_ms() - tc) / 1e3);
  printf("écriture : %d candidats et leurs lignes en %.1f s (%s)\n", n, (now_ms() - t) / 1e3,
         db_engine_of(db) == DB_ENGINE_PG ? "COPY" : "INSERT … SELECT plam_rows");
}

/* Places of the needs: name, latitude, longitude, département, profession, km. */
static const struct place {
  const char *name;
  double lat, lon;
  const char *dep, *prof;
  double km;
} places[] = {
  {"Nantes (CHU)", 47.2123, -1.5536, "44", "IDE", 30}, {"Paris (AP-HP)", 48.8400, 2.3600, "75", "IDE", 15},
  {"Lyon", 45.7500, 4.8500, "69", "AS", 30},           {"Marseille", 43.2960, 5.3810, "13", "IDE", 30},
  {"Lille", 50.6300, 3.0600, "59", "AS", 25},          {"Toulouse", 43.6040, 1.4440, "31", "IDE", 40},
  {"Angers", 47.4700, -0.5500, "49", "IDE", 40},       {"La Roche-sur-Yon", 46.6700, -1.4300, "85", "AS", 50},
  {"Mende (rural)", 44.5180, 3.5000, "48", "IDE", 60}, {"Strasbourg", 48.5800, 7.7500, "67", "ASH", 30},
  {"Brest", 48.3900, -4.4900, "29", "IDE", 40},        {"Fort-de-France", 14.6100, -61.0700, "972", "IDE", 30},
};
#define NPLACES ((int)(sizeof places / sizeof places[0]))
static int64_t need_ids[NPLACES];

static void make_needs(struct db *db) {
  if (db_write_begin(db)) DIE("BEGIN : %s", db_errmsg(db));
  exec(db, "INSERT INTO organisations (id, name, kind) VALUES (1, 'Bench', 'establishment')");
  for (int i = 0; i < NPLACES; i++) {
    const struct place *p = &places[i];
    char sql[1024], s[32], e[32];
    int64_t st = T0 + 8 * 60 + (int64_t)(i % 3) * 1440;
    iso(st, s);
    iso(st + 720, e);
    snprintf(sql, sizeof sql,
             "INSERT INTO establishments (id, name, category, departement, lat, lon, org_id) VALUES (%d, '%s', 'ch', "
             "'DEP-%s', %.6f, %.6f, 1);"
             "INSERT INTO needs (id, establishment_id, profession, headcount, reason, contract, max_km, status) "
             "VALUES (%d, %d, '%s', 2, 'replacement', 'shift', %g, 'open');"
             "INSERT INTO need_slots (need_id, start_at, end_at, start_min, end_min) VALUES (%d, '%s', '%s', %lld, "
             "%lld);"
             "INSERT INTO need_qualifications (need_id, code) VALUES (%d, 'AFGSU2');"
             "INSERT INTO need_pools (need_id, pool_id) SELECT %d, id FROM pools WHERE name = 'Département %s';"
             "INSERT INTO need_pools (need_id, pool_id) VALUES (%d, 2)",
             i + 1, p->name, p->dep, p->lat, p->lon, i + 1, i + 1, p->prof, p->km, i + 1, s, e, (long long)st,
             (long long)(st + 720), i + 1, i + 1, p->dep, i + 1);
    exec(db, sql);
    need_ids[i] = i + 1;
  }
  /* history: a need in the past holding shifts, no-shows and missions for 3 % of the candidates */
  exec(db, "INSERT INTO needs (id, establishment_id, profession, headcount, reason, contract, max_km, status) "
           "VALUES (1000, 1, 'IDE', 1, 'replacement', 'shift', 100, 'filled')");
  exec(db, "INSERT INTO need_slots (id, need_id, start_at, end_at, start_min, end_min) VALUES "
           "(1000, 1000, '2026-03-01T08:00Z', '2026-03-01T20:00Z', 0, 1)");
  char sql[256];
  for (int i = 0; i < ncand / 33; i++) {
    int c = (int)(rnd() % (uint64_t)ncand) + 1;
    int64_t st = T0 - 2 * 1440 + (int64_t)(rnd() % 96) * 60;
    const char *status = (const char *[]){"confirmed", "done", "no_show", "cancelled"}[rnd() % 4];
    snprintf(sql, sizeof sql,
             "INSERT INTO assignments (candidate_id, need_id, slot_id, start_min, end_min, status) VALUES (%d, %d, "
             "1000, %lld, %lld, '%s') ON CONFLICT DO NOTHING",
             c, 1 + (int)(rnd() % NPLACES), (long long)st, (long long)(st + 720), status);
    exec(db, sql);
  }
  if (db_write_end(db, PLAM_OK)) DIE("COMMIT : %s", db_errmsg(db));
}

/* The SQL way (see the top), and its plan. */
static const char SQL_TOP[] =
  "WITH RECURSIVE reach(id) AS ("
  "  SELECT p.id FROM pools p JOIN need_pools np ON np.pool_id = p.id WHERE np.need_id = ?1 AND p.status = 'open'"
  "  UNION SELECT p.id FROM pools p JOIN reach r ON p.parent_id = r.id WHERE p.status = 'open'),"
  " near AS (SELECT c.id, c.max_km, CAST(round(6371.0 * 2 * asin(sqrt(pow(sin(radians(c.lat - ?3) / 2), 2) + "
  "  cos(radians(?3)) * cos(radians(c.lat)) * pow(sin(radians(c.lon - ?4) / 2), 2))) * 1000) AS INTEGER) AS dm"
  "  FROM candidates c WHERE c.profession = ?2 AND c.active = 1 AND c.lat BETWEEN ?6 AND ?7"
  "  AND c.lon BETWEEN ?8 AND ?9)"
  " SELECT n.id, n.dm,"
  "  (SELECT count(*) FROM assignments a JOIN needs nn ON nn.id = a.need_id WHERE a.candidate_id = n.id"
  "   AND a.status = 'done' AND nn.establishment_id = ?10) AS missions,"
  "  (SELECT count(*) FROM assignments a WHERE a.candidate_id = n.id AND a.status = 'no_show'"
  "   AND a.start_min >= ?11 AND a.start_min < ?12) AS noshows"
  " FROM near n"
  " WHERE n.dm <= ?5 * 1000 AND n.dm <= n.max_km * 1000"
  "  AND NOT EXISTS (SELECT 1 FROM need_qualifications nq WHERE nq.need_id = ?1 AND NOT EXISTS ("
  "   SELECT 1 FROM candidate_qualifications q WHERE q.candidate_id = n.id AND q.code = nq.code"
  "   AND (q.valid_until IS NULL OR q.valid_until >= ?13)))"
  "  AND NOT EXISTS (SELECT 1 FROM need_slots s WHERE s.need_id = ?1 AND (NOT EXISTS ("
  "   SELECT 1 FROM candidate_availability a WHERE a.candidate_id = n.id AND a.kind = 'available'"
  "   AND a.start_min <= s.start_min AND a.end_min >= s.end_min) OR EXISTS ("
  "   SELECT 1 FROM candidate_availability u WHERE u.candidate_id = n.id AND u.kind = 'unavailable'"
  "   AND u.start_min < s.end_min AND s.start_min < u.end_min)))"
  "  AND EXISTS (SELECT 1 FROM candidate_pools cp WHERE cp.candidate_id = n.id AND cp.pool_id IN (SELECT id FROM "
  "reach))"
  "  AND NOT EXISTS (SELECT 1 FROM assignments a JOIN need_slots s ON s.need_id = ?1 WHERE a.candidate_id = n.id"
  "   AND a.status IN ('confirmed', 'done') AND a.start_min < s.end_min + 660 AND s.start_min - 660 < a.end_min)"
  "  AND NOT EXISTS (SELECT 1 FROM need_slots s WHERE s.need_id = ?1 AND s.end_min - s.start_min > 720)"
  " ORDER BY n.dm / 5000, missions DESC, noshows, n.dm, CAST(n.id AS TEXT) LIMIT 50";
static const char *const EXPLAIN_OF[] = {"EXPLAIN QUERY PLAN ", "EXPLAIN (ANALYZE, BUFFERS) "}; /* by engine */
static char
  sql_explain[sizeof SQL_TOP + 64]; /* EXPLAIN_OF[engine] SQL_TOP, made once (statements are cached by address) */

/* Binds the query's values for need k to the prepared st. */
static void sql_bind(struct db_stmt *st, int k) {
  const struct place *p = &places[k];
  double r = p->km / 6371.0, dlat = r * 180 / M_PI + 0.01,
         dlon = asin(sin(r) / cos(p->lat * M_PI / 180)) * 180 / M_PI + 0.01;
  db_bind_int64(st, 1, need_ids[k]);
  db_bind_text(st, 2, p->prof);
  db_bind_double(st, 3, p->lat);
  db_bind_double(st, 4, p->lon);
  db_bind_double(st, 5, p->km);
  db_bind_double(st, 6, p->lat - dlat);
  db_bind_double(st, 7, p->lat + dlat);
  db_bind_double(st, 8, p->lon - dlon);
  db_bind_double(st, 9, p->lon + dlon);
  db_bind_int64(st, 10, need_ids[k]); /* the establishment has the need's id */
  db_bind_int64(st, 11, T0 - 365LL * 1440);
  db_bind_int64(st, 12, T0);
  int y, m, d; /* the slot's date (UTC) */
  recruit_civil_from_days(T0 / 1440 + k % 3, &y, &m, &d);
  char day[16];
  snprintf(day, sizeof day, "%04d-%02d-%02d", y, m, d);
  db_bind_text(st, 13, day);
}

static int sql_top(struct db *db, int k, int64_t *ids) {
  struct db_stmt *st;
  if (db_prepare(db, SQL_TOP, &st)) DIE("SQL : %s", db_errmsg(db));
  sql_bind(st, k);
  int row = 0, n = 0;
  while (!db_step(st, &row) && row) ids[n++] = db_column_int64(st, 0);
  db_done(st);
  return n;
}

static int cmpd(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}
static double pct(double *v, int n, double p) {
  qsort(v, (size_t)n, sizeof *v, cmpd);
  int i = (int)ceil(p * n) - 1;
  return v[i < 0 ? 0 : i >= n ? n - 1 : i];
}

/* The indexes of the tables the SQL query reads, from the catalogue. */
static const char *const SQL_INDEXES[] = {
  "SELECT tbl_name || ' : ' || sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN "
  "('candidates', 'candidate_qualifications', 'candidate_availability', 'candidate_pools', 'pools', 'need_pools', "
  "'need_slots', 'need_qualifications', 'assignments', 'needs') ORDER BY tbl_name, name",
  "SELECT tablename || ' : ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename IN "
  "('candidates', 'candidate_qualifications', 'candidate_availability', 'candidate_pools', 'pools', 'need_pools', "
  "'need_slots', 'need_qualifications', 'assignments', 'needs') ORDER BY tablename, indexname"};

static void print_indexes(struct db *db) {
  struct db_stmt *st;
  int row = 0;
  printf("index des tables lues par la requête SQL (clés primaires en plus) :\n");
  if (db_prepare(db, SQL_INDEXES[db_engine_of(db)], &st)) DIE("index : %s", db_errmsg(db));
  while (!db_step(st, &row) && row) printf("  %s\n", db_column_text(st, 0));
  db_done(st);
}

/* The SQL query's plan for need k, run once more (PostgreSQL: EXPLAIN
 * ANALYZE, with the times of this run; SQLite: the plan only). */
static void print_plan(struct db *db, int k) {
  struct db_stmt *st;
  int row = 0, sqlite = db_engine_of(db) == DB_ENGINE_SQLITE;
  printf("plan de la requête SQL (%s, besoin %s) :\n", sqlite ? "EXPLAIN QUERY PLAN" : "EXPLAIN (ANALYZE, BUFFERS)",
         places[k].name);
  snprintf(sql_explain, sizeof sql_explain, "%s%s", EXPLAIN_OF[db_engine_of(db)], SQL_TOP);
  if (db_prepare(db, sql_explain, &st)) DIE("EXPLAIN : %s", db_errmsg(db));
  sql_bind(st, k);
  while (!db_step(st, &row) && row) {
    if (sqlite)
      printf("  %3lld %3lld  %s\n", (long long)db_column_int64(st, 0), (long long)db_column_int64(st, 1),
             db_column_text(st, 3));
    else printf("  %s\n", db_column_text(st, 0));
  }
  db_done(st);
}

int main(int argc, char **argv) {
  const char *path = NULL, *csv = NULL;
  int n = 1000000, runs = 5, no_sql = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--db")) path = argv[i + 1];
    if (!strcmp(argv[i], "--db-url")) {
      path = argv[i + 1];
      if (db_target_engine(path) != DB_ENGINE_PG) DIE("--db-url attend une URL postgresql://");
    }
    if (!strcmp(argv[i], "--communes")) csv = argv[i + 1];
    if (!strcmp(argv[i], "--n")) n = atoi(argv[i + 1]);
    if (!strcmp(argv[i], "--runs")) runs = atoi(argv[i + 1]);
    if (!strcmp(argv[i], "--sql")) no_sql = !strcmp(argv[i + 1], "non"); /* profiling the prefiltered path alone */
  }
  if (!path || !csv || n < 1000 || runs < 1)
    DIE("usage: (--db FICHIER | --db-url URL) --communes CSV [--n N] [--runs R]");
  setvbuf(stdout, NULL, _IOLBF, 0); /* phases appear as they end, also in a pipe */
  load_communes(csv);
  struct db *db;
  int applied = 0;
  double t = now_ms();
  if (db_open(path, DB_OPEN_CREATE, &db)) DIE("base : %s", db_open_error());
  if (db_migrate(db, &applied)) DIE("migrations : %s", db_errmsg(db));
  int pg = db_engine_of(db) == DB_ENGINE_PG;
  printf("moteur : %s ; migrations appliquées : %d (%.1f s)\n", pg ? "PostgreSQL" : "SQLite", applied,
         (now_ms() - t) / 1e3);
  if (!pg) exec(db, "PRAGMA synchronous = OFF"); /* the generator's writes only; the runs read */
  struct db_stmt *st;
  int row = 0;
  int64_t have = 0;
  if (!db_prepare(db, "SELECT count(*) FROM candidates", &st) && !db_step(st, &row) && row)
    have = db_column_int64(st, 0);
  db_done(st);
  if (have == n) { /* --db names a database this program filled with the same N: reused */
    ncand = n;
    for (int i = 0; i < NPLACES; i++) need_ids[i] = i + 1;
    fprintf(stderr, "-- base existante réutilisée (%lld candidats)\n", (long long)have);
  } else if (have) {
    DIE("%s contient déjà %lld candidats (N = %d)", pg ? "la base" : path, (long long)have, n);
  } else {
    generate(db, n);
    t = now_ms();
    make_needs(db);
    printf("besoins et historique (%d affectations) : %.1f s\n", ncand / 33, (now_ms() - t) / 1e3);
    t = now_ms();
    exec(db, "ANALYZE");
    printf("ANALYZE : %.1f s\n", (now_ms() - t) / 1e3);
  }
  t = now_ms();
  int64_t in_index = 0;
  if (recruit_index_refresh(db, &in_index)) DIE("index : %s", db_errmsg(db));
  printf("index : %lld candidats actifs chargés depuis %s en %.0f ms\n", (long long)in_index,
         pg ? "PostgreSQL" : "SQLite", now_ms() - t);
  double t_runs = now_ms();
  int total = NPLACES * runs;
  double *tp = calloc((size_t)total, sizeof *tp), *ts = calloc((size_t)total, sizeof *ts),
         *tt = calloc((size_t)total, sizeof *tt);
  int k = 0, same = 0, compared = 0;
  long considered = 0;
  struct buf doc;
  buf_init(&doc, (size_t)1 << 30);
  for (int r = 0; r < runs; r++)
    for (int i = 0; i < NPLACES; i++, k++) {
      int64_t sql_ids[64];
      int nsql = 0, cons = 0;
      for (int order = 0; order < 3; order++) { /* rotate which goes first */
        int way = (order + k) % 3;
        if (way == 2) {
          buf_clear(&doc);
          double t0 = now_ms();
          if (recruit_need_rank_doc(db, need_ids[i], T0 * 60, 2, 50, &doc, &cons)) DIE("classement %d", i);
          tt[k] = now_ms() - t0;
        } else if (way == 0) {
          buf_clear(&doc);
          double t0 = now_ms();
          if (recruit_need_rank_doc(db, need_ids[i], T0 * 60, 1, 50, &doc, &cons)) DIE("classement %d", i);
          tp[k] = now_ms() - t0;
        } else if (!no_sql) {
          double t0 = now_ms();
          nsql = sql_top(db, i, sql_ids);
          ts[k] = now_ms() - t0;
        }
      }
      considered += cons;
      if (r == 0) { /* same top-50 both ways */
        json_error_t je;
        json_t *d = json_loadb(doc.data, doc.len, 0, &je), *rk = json_object_get(d, "ranked");
        int eq = (int)json_array_size(rk) == nsql;
        for (int j = 0; eq && j < nsql; j++)
          eq = atoll(json_string_value(json_object_get(json_array_get(rk, (size_t)j), "candidate"))) == sql_ids[j];
        if (no_sql) eq = 1;
        printf("  %-18s %-4s %3.0f km : %5d considérés, %2d classés, SQL %s\n", places[i].name, places[i].prof,
               places[i].km, cons, (int)json_array_size(rk),
               no_sql ? "non mesuré"
               : eq   ? "identique"
                      : "DIFFÉRENT");
        same += eq;
        compared++;
        json_decref(d);
      }
    }
  buf_release(&doc);
  double p50p = pct(tp, total, 0.5), p99p = pct(tp, total, 0.99), p50s = pct(ts, total, 0.5),
         p99s = pct(ts, total, 0.99), p50t = pct(tt, total, 0.5), p99t = pct(tt, total, 0.99);
  printf("N = %d candidats, %d besoins x %d passages (alternés), top 50\n", n, NPLACES, runs);
  printf("préfiltré, top 50 et leurs raisons    : p50 %.2f ms, p99 %.2f ms (%.0f candidats considérés en moyenne)\n",
         p50t, p99t, (double)considered / total);
  printf("préfiltré, document complet (route)   : p50 %.2f ms, p99 %.2f ms (plus l'explication de chaque écarté)\n",
         p50p, p99p);
  printf("requête SQL sur tables indexées        : p50 %.2f ms, p99 %.2f ms (top 50)\n", p50s, p99s);
  printf("rapports des médianes : SQL / top 50 préfiltré %.1f x ; SQL / document complet %.1f x ; "
         "top 50 identiques : %d / %d\n",
         p50s / p50t, p50s / p50p, same, compared);
  /* season: the first ranking after one candidate is written (the index
   * catches up through the change log, migration 0021), against the same
   * ranking without a write just before */
  double tw[9], tn[9];
  for (int j = 0; j < 9; j++) {
    char sql[160];
    snprintf(sql, sizeof sql, "UPDATE candidates SET max_km = max_km + 1 WHERE id = %d", 1 + j * 7919);
    exec(db, sql);
    int cons = 0;
    buf_init(&doc, (size_t)1 << 30);
    double t0 = now_ms();
    if (recruit_need_rank_doc(db, need_ids[0], T0 * 60, 2, 50, &doc, &cons)) DIE("classement après écriture");
    tw[j] = now_ms() - t0;
    buf_clear(&doc);
    t0 = now_ms();
    if (recruit_need_rank_doc(db, need_ids[0], T0 * 60, 2, 50, &doc, &cons)) DIE("classement");
    tn[j] = now_ms() - t0;
    buf_release(&doc);
  }
  printf("après l'écriture d'un candidat : premier classement p50 %.2f ms (sans écriture : %.2f ms), 9 essais\n",
         pct(tw, 9, 0.5), pct(tn, 9, 0.5));
  printf("passages alternés et écritures : %.1f s\n", (now_ms() - t_runs) / 1e3);
  if (!no_sql) {
    print_indexes(db);
    print_plan(db, 0);
  }
  free(tp);
  free(ts);
  free(tt);
  recruit_index_reset();
  db_close(db);
  return same == compared ? 0 : 2;
}
