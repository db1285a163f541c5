/* SQL of the recruitment dashboards: see store_dash.h. */
#include "store/store_dash.h"
#include "store/store_plan_int.h"
#include <stdlib.h>
#include <string.h>

/* scope: ?1 = 0 (every establishment) or the organisation of the need's */
static const char SQL_NEEDS[] =
  "SELECT n.id, n.establishment_id, e.departement, coalesce(t.parent, ''), t.name, coalesce(e.commune, ''), "
  "n.profession, n.status, n.created_at, n.headcount, "
  "(SELECT count(*) FROM offers o WHERE o.need_id = n.id AND o.status <> 'sent'), "
  "(SELECT count(*) FROM offers o WHERE o.need_id = n.id AND (o.accepted_at IS NOT NULL OR o.status = 'declined')) "
  "FROM needs n JOIN establishments e ON e.id = n.establishment_id JOIN territories t ON t.id = e.departement "
  "WHERE n.status <> 'draft' AND (?1 = 0 OR e.org_id = ?1) ORDER BY n.id";
static const char SQL_CONFIRMED[] =
  "SELECT a.need_id, a.candidate_id, coalesce(max(o.confirmed_at), 0) FROM assignments a "
  "JOIN needs n ON n.id = a.need_id JOIN establishments e ON e.id = n.establishment_id "
  "LEFT JOIN offers o ON o.need_id = a.need_id AND o.candidate_id = a.candidate_id "
  "WHERE a.status IN ('confirmed', 'done') AND n.status <> 'draft' AND (?1 = 0 OR e.org_id = ?1) "
  "GROUP BY a.need_id, a.candidate_id ORDER BY a.need_id, a.candidate_id";
static const char SQL_POOL[] =
  "SELECT c.id, c.departement, coalesce(t.parent, ''), t.name, coalesce(c.commune, ''), c.profession "
  "FROM candidates c JOIN territories t ON t.id = c.departement WHERE c.active = 1 AND EXISTS (SELECT 1 FROM "
  "candidate_pools cp JOIN pools p ON p.id = cp.pool_id LEFT JOIN establishments e ON e.id = p.establishment_id "
  "WHERE cp.candidate_id = c.id AND p.status = 'open' AND (?1 = 0 OR e.org_id = ?1)) ORDER BY c.id";
static const char SQL_AREAS[] =
  "SELECT ac.commune, a.id, a.code, a.name FROM area_communes ac JOIN areas a ON a.id = ac.area_id "
  "WHERE ac.commune IN (SELECT e.commune FROM establishments e WHERE e.commune IS NOT NULL UNION "
  "SELECT c.commune FROM candidates c WHERE c.commune IS NOT NULL) ORDER BY ac.commune, a.id";
#define LINK_COLS \
  "l.id, l.indicator_id, l.metric, coalesce(l.profession, ''), i.code, i.name, ac.number, l.created_at " \
  "FROM dash_links l JOIN indicators i ON i.id = l.indicator_id JOIN plan_actions ac ON ac.id = i.action_id "
static const char SQL_LINKS[] = "SELECT " LINK_COLS "ORDER BY l.id";
static const char SQL_LINK_GET[] = "SELECT " LINK_COLS "WHERE l.id = ?1";
static const char SQL_LINKED[] = "SELECT (SELECT count(*) FROM dash_links WHERE indicator_id = ?1) + "
                                 "(SELECT count(*) FROM train_links WHERE indicator_id = ?1)";
static const char SQL_LINK_INSERT[] =
  "INSERT INTO dash_links(indicator_id, metric, profession) VALUES (?1, ?2, nullif(?3, '')) RETURNING id";
static const char SQL_LINK_DELETE[] = "DELETE FROM dash_links WHERE id = ?1";

/* Runs sql with ?1 bound to id (when bind) and reads every row (the store's
 * row collector, store_plan_int.h). */
static plam_err rows(struct db *db, const char *sql, int bind, int64_t id, size_t size, store_read_fn read, void **out,
                     int *n) {
  *out = NULL;
  *n = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, sql, &st);
  if (e) return e;
  return store_rows_collect_by(st, bind ? db_bind_int64(st, 1, id) : PLAM_OK, read, size, 0, out, n);
}

static void need_read(struct db_stmt *st, void *p) {
  struct dash_need_row *r = p;
  r->id = db_column_int64(st, 0);
  r->establishment_id = db_column_int64(st, 1);
  store_copy(r->departement, sizeof r->departement, db_column_text(st, 2));
  store_copy(r->region, sizeof r->region, db_column_text(st, 3));
  store_copy(r->departement_name, sizeof r->departement_name, db_column_text(st, 4));
  store_copy(r->commune, sizeof r->commune, db_column_text(st, 5));
  store_copy(r->profession, sizeof r->profession, db_column_text(st, 6));
  store_copy(r->status, sizeof r->status, db_column_text(st, 7));
  store_copy(r->created_at, sizeof r->created_at, db_column_text(st, 8));
  r->headcount = (int)db_column_int64(st, 9);
  r->offers_closed = db_column_int64(st, 10);
  r->offers_answered = db_column_int64(st, 11);
}
static void conf_read(struct db_stmt *st, void *p) {
  struct dash_conf_row *r = p;
  r->need_id = db_column_int64(st, 0);
  r->candidate_id = db_column_int64(st, 1);
  r->confirmed_at = db_column_int64(st, 2);
}
static void pool_read(struct db_stmt *st, void *p) {
  struct dash_pool_row *r = p;
  r->candidate_id = db_column_int64(st, 0);
  store_copy(r->departement, sizeof r->departement, db_column_text(st, 1));
  store_copy(r->region, sizeof r->region, db_column_text(st, 2));
  store_copy(r->departement_name, sizeof r->departement_name, db_column_text(st, 3));
  store_copy(r->commune, sizeof r->commune, db_column_text(st, 4));
  store_copy(r->profession, sizeof r->profession, db_column_text(st, 5));
}
static void area_read(struct db_stmt *st, void *p) {
  struct dash_area_row *r = p;
  store_copy(r->commune, sizeof r->commune, db_column_text(st, 0));
  r->area_id = db_column_int64(st, 1);
  store_copy(r->code, sizeof r->code, db_column_text(st, 2));
  store_copy(r->name, sizeof r->name, db_column_text(st, 3));
}
static void link_read(struct db_stmt *st, void *p) {
  struct dash_link_rec *r = p;
  r->id = db_column_int64(st, 0);
  r->indicator_id = db_column_int64(st, 1);
  store_copy(r->metric, sizeof r->metric, db_column_text(st, 2));
  store_copy(r->profession, sizeof r->profession, db_column_text(st, 3));
  store_copy(r->indicator_code, sizeof r->indicator_code, db_column_text(st, 4));
  store_copy(r->indicator_name, sizeof r->indicator_name, db_column_text(st, 5));
  store_copy(r->action_number, sizeof r->action_number, db_column_text(st, 6));
  store_copy(r->created_at, sizeof r->created_at, db_column_text(st, 7));
}

plam_err store_dash_needs(struct db *db, int64_t org_id, struct dash_need_row **out, int *n) {
  return rows(db, SQL_NEEDS, 1, org_id, sizeof **out, need_read, (void **)out, n);
}
plam_err store_dash_confirmed(struct db *db, int64_t org_id, struct dash_conf_row **out, int *n) {
  return rows(db, SQL_CONFIRMED, 1, org_id, sizeof **out, conf_read, (void **)out, n);
}
plam_err store_dash_pool(struct db *db, int64_t org_id, struct dash_pool_row **out, int *n) {
  return rows(db, SQL_POOL, 1, org_id, sizeof **out, pool_read, (void **)out, n);
}
plam_err store_dash_areas(struct db *db, struct dash_area_row **out, int *n) {
  return rows(db, SQL_AREAS, 0, 0, sizeof **out, area_read, (void **)out, n);
}
plam_err store_dash_links(struct db *db, struct dash_link_rec **out, int *n) {
  return rows(db, SQL_LINKS, 0, 0, sizeof **out, link_read, (void **)out, n);
}
plam_err store_dash_link_get(struct db *db, int64_t id, struct dash_link_rec *out) {
  struct dash_link_rec *r = NULL;
  int n = 0;
  plam_err e = rows(db, SQL_LINK_GET, 1, id, sizeof *r, link_read, (void **)&r, &n);
  if (!e && !n) e = PLAM_ERR_NOT_FOUND;
  if (!e) *out = r[0];
  free(r);
  return e;
}
plam_err store_dash_indicator_linked(struct db *db, int64_t indicator_id, int *yes) {
  *yes = 0;
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_LINKED, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, indicator_id);
  int row = 0;
  if (!e) e = db_step(st, &row);
  if (!e && row) *yes = db_column_int64(st, 0) > 0;
  db_done(st);
  return e;
}
plam_err store_dash_link_insert(struct db *db, int64_t indicator_id, const char *metric, const char *profession,
                                int64_t *id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_LINK_INSERT, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, indicator_id);
  if (!e) e = db_bind_text(st, 2, metric);
  if (!e) e = db_bind_text(st, 3, profession ? profession : "");
  return store_insert_id(st, e, id);
}
plam_err store_dash_link_delete(struct db *db, int64_t id) {
  struct db_stmt *st;
  plam_err e = db_prepare(db, SQL_LINK_DELETE, &st);
  if (e) return e;
  e = db_bind_int64(st, 1, id);
  int row = 0;
  if (!e) e = db_step(st, &row);
  db_done(st);
  return e;
}
