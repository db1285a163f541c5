/* Reads of the training module: lists (institute accounts see the rows of
 * the institutes their organisation manages), one apprentice with its
 * notes, and the three summaries the page shows: capacity against targets
 * by département and région, sessions and their fill, dropouts and their
 * rate by institute and by département. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/plan/plan.h"
#include "app/train/train_int.h"
#include "store/store.h"
#include "store/store_tx.h"

static struct train_filter filter_of(const struct actor *a, const struct train_query *q) {
  struct train_filter f = {0};
  if (q) {
    f.territory = q->territory;
    f.institute_id = q->institute_id;
    f.year = q->year;
    f.programme = q->programme;
  }
  f.org_id = train_org_scope(a);
  return f;
}

plam_err train_list(struct db *db, const struct actor *a, enum train_entity e, const struct train_query *q,
                    json_t **out) {
  *out = NULL;
  struct train_filter f = filter_of(a, q);
  if (e == TRAIN_TARGET) f.org_id = 0; /* targets are the région's, the same for everyone who may read */
  if (e == TRAIN_LINK && !train_is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct store_rows rows = {0};
  plam_err err = store_read_begin(db);
  if (err) return err;
  err = store_train_list(db, e, &f, &rows);
  store_read_end(db);
  if (err) return err;
  *out = plan_rows_json(store_train_tables[e], &rows);
  free(rows.rows);
  return *out ? PLAM_OK : PLAM_ERR_NOMEM;
}

/* The organisation that manages the row (the hidden org_id column). */
static int64_t row_org(enum train_entity e, const void *rec) {
  switch (e) {
  case TRAIN_INSTITUTE: return ((const struct train_institute_rec *)rec)->org_id;
  case TRAIN_CAPACITY: return ((const struct train_capacity_rec *)rec)->org_id;
  case TRAIN_SESSION: return ((const struct train_session_rec *)rec)->org_id;
  case TRAIN_APPRENTICE: return ((const struct train_apprentice_rec *)rec)->org_id;
  case TRAIN_ACTION: return ((const struct train_action_rec *)rec)->org_id;
  case TRAIN_DROPOUT: return ((const struct train_dropout_rec *)rec)->org_id;
  default: return 0;
  }
}

plam_err train_get(struct db *db, const struct actor *a, enum train_entity e, int64_t id, json_t **out) {
  *out = NULL;
  void *rec = calloc(1, store_train_tables[e]->rec_size);
  if (!rec) return PLAM_ERR_NOMEM;
  struct store_rows notes = {0};
  plam_err err = store_read_begin(db);
  if (!err) {
    err = store_train_get(db, e, id, rec);
    if (!err && !train_is_staff(a) && (a->role != ROLE_INSTITUTE || !a->org_id || row_org(e, rec) != a->org_id))
      err = PLAM_ERR_NOT_FOUND; /* another institute's row is not shown, not even as forbidden */
    if (!err && e == TRAIN_APPRENTICE) {
      struct train_filter f = {.parent_id = id};
      err = store_train_list(db, TRAIN_NOTE, &f, &notes);
    }
    store_read_end(db);
  }
  if (!err) {
    *out = plan_rec_json(store_train_tables[e], rec);
    if (*out && e == TRAIN_APPRENTICE)
      json_object_set_new(*out, "notes", plan_rows_json(store_train_tables[TRAIN_NOTE], &notes));
    if (!*out) err = PLAM_ERR_NOMEM;
  }
  free(notes.rows);
  free(rec);
  return err;
}

/* ---- capacity against targets ---- */
struct cap_row {
  char territory[12], programme[17];
  int64_t year;
  int64_t places, by_route[3], increase, filled, filled_places, institutes;
  int64_t target[3]; /* increase, intake, capacity */
  int has_target[3];
};

static struct cap_row *cap_find(struct cap_row **rows, int *n, int *cap, const char *terr, const char *prog,
                                int64_t year) {
  for (int i = 0; i < *n; i++)
    if ((*rows)[i].year == year && !strcmp((*rows)[i].territory, terr) && !strcmp((*rows)[i].programme, prog))
      return &(*rows)[i];
  if (*n == *cap) {
    int nc = *cap ? *cap * 2 : 16;
    struct cap_row *nr = realloc(*rows, (size_t)nc * sizeof *nr);
    if (!nr) return NULL;
    *rows = nr;
    *cap = nc;
  }
  struct cap_row *r = &(*rows)[(*n)++];
  memset(r, 0, sizeof *r);
  snprintf(r->territory, sizeof r->territory, "%s", terr);
  snprintf(r->programme, sizeof r->programme, "%s", prog);
  r->year = year;
  return r;
}

static int route_index(const char *route) {
  for (int i = 0; train_routes[i]; i++)
    if (!strcmp(train_routes[i], route)) return i;
  return -1;
}

static int cap_cmp(const void *pa, const void *pb) {
  const struct cap_row *a = pa, *b = pb;
  if (a->year != b->year) return a->year > b->year ? -1 : 1;
  int c = strcmp(a->programme, b->programme);
  if (c) return c;
  /* the région first, then its départements */
  int ra = !strncmp(a->territory, "REG-", 4), rb = !strncmp(b->territory, "REG-", 4);
  if (ra != rb) return rb - ra;
  return strcmp(a->territory, b->territory);
}

static json_t *cap_json(const struct cap_row *r, struct db *db) {
  struct territory_rec t = {0};
  store_territory_get(db, r->territory, &t);
  json_t *o = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "territory_id", r->territory,
                        "territory_name", t.name, "programme", r->programme, "year", (json_int_t)r->year, "places",
                        (json_int_t)r->places, "places_school", (json_int_t)r->by_route[0], "places_apprenticeship",
                        (json_int_t)r->by_route[1], "places_further", (json_int_t)r->by_route[2], "increase",
                        (json_int_t)r->increase, "filled", (json_int_t)r->filled, "institutes",
                        (json_int_t)r->institutes);
  if (!o) return NULL;
  json_object_set_new(o, "fill_rate",
                      r->filled_places ? json_real(train_rate((double)r->filled, (double)r->filled_places))
                                       : json_null());
  static const char *const names[3] = {"target_increase", "target_intake", "target_capacity"};
  for (int k = 0; k < 3; k++)
    json_object_set_new(o, names[k], r->has_target[k] ? json_integer(r->target[k]) : json_null());
  json_object_set_new(o, "increase_gap", r->has_target[0] ? json_integer(r->increase - r->target[0]) : json_null());
  return o;
}

plam_err train_capacity_summary(struct db *db, const struct actor *a, const struct train_query *q, json_t **out) {
  *out = NULL;
  struct train_filter f = filter_of(a, q);
  struct train_capsum_rec *sums = NULL;
  int nsums = 0, n = 0, cap = 0;
  struct store_rows targets = {0};
  struct cap_row *rows = NULL;
  plam_err err = store_read_begin(db);
  if (err) return err;
  err = store_train_capacity_sums(db, &f, &sums, &nsums);
  struct train_filter tf = f;
  tf.org_id = 0;
  if (!err) err = store_train_list(db, TRAIN_TARGET, &tf, &targets);
  for (int i = 0; !err && i < nsums; i++) {
    const struct train_capsum_rec *s = &sums[i];
    struct territory_rec dep;
    if ((err = store_territory_get(db, s->departement, &dep))) break;
    const char *keys[2] = {s->departement, dep.parent};
    /* the région's row is the sum of all its départements: only for staff
     * looking at the whole région (a filtered or an institute's sum would
     * be set against the région's targets) */
    int nkeys = train_is_staff(a) && (!f.territory || !*f.territory || !strncmp(f.territory, "REG-", 4)) ? 2 : 1;
    for (int k = 0; k < nkeys && !err; k++) {
      struct cap_row *r = cap_find(&rows, &n, &cap, keys[k], s->programme, s->year);
      if (!r) {
        err = PLAM_ERR_NOMEM;
        break;
      }
      r->places += s->places;
      int ri = route_index(s->route);
      if (ri >= 0) r->by_route[ri] += s->places;
      r->increase += s->increase;
      r->filled += s->filled;
      r->filled_places += s->filled_places;
      r->institutes += s->institutes;
    }
  }
  /* targets of institute accounts' own départements only; staff see all */
  for (int i = 0; !err && i < targets.n; i++) {
    const struct train_target_rec *t = (const struct train_target_rec *)targets.rows + i;
    int kind = !strcmp(t->kind, "increase") ? 0 : !strcmp(t->kind, "intake") ? 1 : 2;
    struct cap_row *r = NULL;
    for (int k = 0; k < n && !r; k++)
      if (rows[k].year == t->year && !strcmp(rows[k].territory, t->territory_id) &&
          !strcmp(rows[k].programme, t->programme))
        r = &rows[k];
    if (!r && train_is_staff(a)) r = cap_find(&rows, &n, &cap, t->territory_id, t->programme, t->year);
    if (!r) continue;
    r->target[kind] += t->places;
    r->has_target[kind] = 1;
  }
  json_t *arr = err ? NULL : json_array();
  if (!err && !arr) err = PLAM_ERR_NOMEM;
  if (!err) qsort(rows, (size_t)n, sizeof *rows, cap_cmp);
  for (int i = 0; !err && i < n; i++)
    if (json_array_append_new(arr, cap_json(&rows[i], db))) err = PLAM_ERR_NOMEM;
  store_read_end(db);
  free(sums);
  free(rows);
  free(targets.rows);
  if (err) {
    json_decref(arr);
    return err;
  }
  *out = arr;
  return PLAM_OK;
}

/* ---- sessions ---- */
plam_err train_session_summary(struct db *db, const struct actor *a, const struct train_query *q, json_t **out) {
  *out = NULL;
  struct train_filter f = filter_of(a, q);
  struct store_rows rows = {0};
  plam_err err = store_read_begin(db);
  if (err) return err;
  err = store_train_list(db, TRAIN_SESSION, &f, &rows);
  store_read_end(db);
  if (err) return err;
  json_t *list = plan_rows_json(store_train_tables[TRAIN_SESSION], &rows), *years = json_array();
  int64_t cur = 0, nsess = 0, places = 0, enrolled = 0;
  for (int i = 0; list && years && i <= rows.n; i++) {
    const struct train_session_rec *s = i < rows.n ? (const struct train_session_rec *)rows.rows + i : NULL;
    int64_t y = s ? atoll(s->starts_on) : 0;
    if (i && (!s || y != cur)) {
      json_array_append_new(
        years, json_pack("{s:I, s:I, s:I, s:I, s:o}", "year", (json_int_t)cur, "sessions", (json_int_t)nsess, "places",
                         (json_int_t)places, "enrolled", (json_int_t)enrolled, "fill_rate",
                         places ? json_real(train_rate((double)enrolled, (double)places)) : json_null()));
      nsess = places = enrolled = 0;
    }
    if (!s) break;
    cur = y;
    nsess++;
    places += s->places;
    enrolled += s->enrolled;
    json_t *row = json_array_get(list, (size_t)i);
    json_object_set_new(row, "fill_rate",
                        s->places ? json_real(train_rate((double)s->enrolled, (double)s->places)) : json_null());
  }
  free(rows.rows);
  *out = list && years ? json_pack("{s:o, s:o}", "sessions", list, "years", years) : NULL;
  if (!*out) {
    json_decref(list);
    json_decref(years);
    return PLAM_ERR_NOMEM;
  }
  return PLAM_OK;
}

/* ---- dropouts ---- */
plam_err train_dropout_get(struct db *db, const struct actor *a, int64_t id, json_t **out) {
  *out = NULL;
  if (id <= 0) return PLAM_ERR_NOT_FOUND;
  json_t *line = NULL, *items = NULL;
  plam_err e = train_get(db, a, TRAIN_DROPOUT, id, &line);
  int64_t total = 0;
  if (!e) e = audit_list_json(db, train_entity_names[TRAIN_DROPOUT], 0, 1000, 0, &total, &items);
  json_t *hist = e ? NULL : json_array();
  char want[24];
  snprintf(want, sizeof want, "%lld", (long long)id);
  size_t i;
  json_t *it;
  json_array_foreach(items, i, it) {
    const char *eid = json_string_value(json_object_get(it, "entity_id"));
    if (!eid || strcmp(eid, want)) continue;
    json_t *h = json_pack("{s:O, s:O, s:O, s:O, s:O}", "at", json_object_get(it, "at"), "action",
                          json_object_get(it, "action"), "user_login", json_object_get(it, "user_login"), "before",
                          json_object_get(it, "before"), "after", json_object_get(it, "after"));
    if (!hist || !h || json_array_append_new(hist, h)) {
      e = PLAM_ERR_NOMEM;
      break;
    }
  }
  json_decref(items);
  if (!e && json_object_set_new(line, "history", hist)) e = PLAM_ERR_NOMEM;
  else if (e) json_decref(hist);
  if (e) {
    json_decref(line);
    return e;
  }
  *out = line;
  return PLAM_OK;
}

struct drop_group {
  char key[64];
  json_t *o;
  int64_t enrolled, dropouts, internship, by_cause[6];
  int64_t last_cohort;
};

static int cause_index(const char *c) {
  for (int i = 0; train_causes[i]; i++)
    if (!strcmp(train_causes[i], c)) return i;
  return -1;
}

static struct drop_group *group_find(struct drop_group **g, int *n, int *cap, const char *key) {
  for (int i = 0; i < *n; i++)
    if (!strcmp((*g)[i].key, key)) return &(*g)[i];
  if (*n == *cap) {
    int nc = *cap ? *cap * 2 : 16;
    struct drop_group *ng = realloc(*g, (size_t)nc * sizeof *ng);
    if (!ng) return NULL;
    *g = ng;
    *cap = nc;
  }
  struct drop_group *r = &(*g)[(*n)++];
  memset(r, 0, sizeof *r);
  snprintf(r->key, sizeof r->key, "%s", key);
  return r;
}

static void group_add(struct drop_group *g, const struct train_dropout_rec *d) {
  if (g->last_cohort != d->cohort_id) g->enrolled += d->enrolled; /* rows of one cohort are consecutive */
  g->last_cohort = d->cohort_id;
  g->dropouts += d->dropouts;
  if (d->internship) g->internship += d->dropouts;
  int c = cause_index(d->cause);
  if (c >= 0) g->by_cause[c] += d->dropouts;
}

static json_t *groups_json(struct drop_group *g, int n) {
  json_t *arr = json_array();
  for (int i = 0; arr && i < n; i++) {
    json_t *o = g[i].o, *causes = json_object();
    for (int c = 0; causes && train_causes[c]; c++)
      json_object_set_new(causes, train_causes[c], json_integer(g[i].by_cause[c]));
    json_object_set_new(o, "enrolled", json_integer(g[i].enrolled));
    json_object_set_new(o, "dropouts", json_integer(g[i].dropouts));
    json_object_set_new(o, "with_internship", json_integer(g[i].internship));
    json_object_set_new(
      o, "rate", g[i].enrolled ? json_real(train_rate((double)g[i].dropouts, (double)g[i].enrolled)) : json_null());
    json_object_set_new(o, "causes", causes ? causes : json_null());
    g[i].o = NULL;
    json_array_append_new(arr, o);
  }
  return arr;
}

plam_err train_dropout_summary(struct db *db, const struct actor *a, const struct train_query *q, json_t **out) {
  *out = NULL;
  struct train_filter f = filter_of(a, q);
  struct store_rows rows = {0};
  plam_err err = store_read_begin(db);
  if (err) return err;
  err = store_train_list(db, TRAIN_DROPOUT, &f, &rows);
  store_read_end(db);
  if (err) return err;
  struct drop_group *gi = NULL, *gd = NULL;
  int ni = 0, ci = 0, nd = 0, cd = 0;
  for (int i = 0; !err && i < rows.n; i++) {
    const struct train_dropout_rec *d = (const struct train_dropout_rec *)rows.rows + i;
    if (!d->cohort_id) continue; /* a line without cohort (carried over from a site) is in no rate */
    char key[64];
    snprintf(key, sizeof key, "%lld|%s|%lld", (long long)d->institute_id, d->programme, (long long)d->year);
    struct drop_group *g = group_find(&gi, &ni, &ci, key);
    if (g && !g->o)
      g->o = json_pack("{s:I, s:s, s:s, s:s, s:I}", "institute_id", (json_int_t)d->institute_id, "institute_name",
                       d->institute_name, "departement", d->departement, "programme", d->programme, "year",
                       (json_int_t)d->year);
    snprintf(key, sizeof key, "%s|%s|%lld", d->departement, d->programme, (long long)d->year);
    struct drop_group *h = group_find(&gd, &nd, &cd, key);
    if (h && !h->o)
      h->o = json_pack("{s:s, s:s, s:I}", "departement", d->departement, "programme", d->programme, "year",
                       (json_int_t)d->year);
    if (!g || !h || !g->o || !h->o) {
      err = PLAM_ERR_NOMEM;
      break;
    }
    group_add(g, d);
    group_add(h, d);
  }
  json_t *lines = err ? NULL : plan_rows_json(store_train_tables[TRAIN_DROPOUT], &rows);
  json_t *by_inst = err ? NULL : groups_json(gi, ni), *by_dep = err ? NULL : groups_json(gd, nd);
  for (int i = 0; i < ni; i++) json_decref(gi[i].o);
  for (int i = 0; i < nd; i++) json_decref(gd[i].o);
  free(gi);
  free(gd);
  free(rows.rows);
  if (!err && lines && by_inst && by_dep)
    *out = json_pack("{s:o, s:o, s:o}", "lines", lines, "by_institute", by_inst, "by_departement", by_dep);
  if (!*out) {
    if (!err) {
      json_decref(lines);
      json_decref(by_inst);
      json_decref(by_dep);
    }
    return err ? err : PLAM_ERR_NOMEM;
  }
  return PLAM_OK;
}
