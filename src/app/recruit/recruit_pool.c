/* Pools (see recruit_app.h): plan staff create them, nested (an
 * establishment's pool inside its GHT's, the GHT's inside the
 * département's, the département's inside the region's; crisis pools on
 * their own or under the region) and open or close them — a crisis pool
 * (Renfort RH) is opened for the crisis and closed after it. Everyone
 * signed in reads the list (candidates choose the pools they join; an
 * employer lists a need's pools). Which candidates a need's pools reach is
 * recruit_pools.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/access/text.h"
#include "app/access/write.h"
#include "app/recruit/recruit_int.h"
#include "store/store.h"
#include "store/store_recruit.h"
#include "store/store_estab.h"
#include "store/store_tx.h"

static int is_staff(const struct actor *a) { return a->role == ROLE_ADMIN || a->role == ROLE_STAFF; }

/* The level a pool's parent must have: one step up, or the region for a crisis pool. */
static int parent_ok(const char *level, const char *parent_level) {
  static const char *const up[][2] = {{"establishment", "ght"},   {"establishment", "departement"},
                                      {"ght", "departement"},     {"departement", "region"},
                                      {"crisis", "region"},       {"ght", "region"},
                                      {"establishment", "region"}};
  for (size_t i = 0; i < sizeof up / sizeof up[0]; i++)
    if (!strcmp(up[i][0], level) && !strcmp(up[i][1], parent_level)) return 1;
  return 0;
}

static json_t *pool_json(const struct rpool_rec *p) {
  json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)p->id, "name", p->name, "level", p->level,
                        "ght", p->ght, "status", p->status, "members", (json_int_t)p->members);
  if (!j) return NULL;
  json_object_set_new(j, "parent_id", p->parent_id ? json_integer(p->parent_id) : json_null());
  json_object_set_new(j, "establishment_id", p->establishment_id ? json_integer(p->establishment_id) : json_null());
  json_object_set_new(j, "territory_id", p->territory_id[0] ? json_string(p->territory_id) : json_null());
  return j;
}

struct pool_tx {
  struct rpool_rec rec;
  const char *status;
  json_t *out;
};

static plam_err create_tx(struct app_tx *tx, void *arg) {
  struct pool_tx *x = arg;
  struct rpool_rec *p = &x->rec;
  plam_err e;
  if (p->parent_id) {
    struct rpool_rec par;
    if (store_rpool_get(tx->db, p->parent_id, &par)) return field_fail(tx->fe, "parent_id", "vivier parent inconnu");
    if (!parent_ok(p->level, par.level))
      return field_fail(tx->fe, "parent_id",
                        "niveau du vivier parent incompatible (établissement ⊂ GHT ⊂ "
                        "département ⊂ région ; crise ⊂ région)");
  }
  if (p->establishment_id) {
    struct estab_rec est;
    if (store_estab_get(tx->db, p->establishment_id, &est))
      return field_fail(tx->fe, "establishment_id", "établissement inconnu");
  }
  if (p->territory_id[0]) {
    struct territory_rec t;
    if (store_territory_get(tx->db, p->territory_id, &t))
      return field_fail(tx->fe, "territory_id", "territoire inconnu");
  }
  if ((e = store_rpool_insert(tx->db, p, &p->id))) return e;
  struct rpool_rec after;
  if ((e = store_rpool_get(tx->db, p->id, &after))) return e;
  x->out = pool_json(&after);
  return app_audit(tx, "create", "pool", p->id, NULL, json_incref(x->out));
}

plam_err recruit_pool_create(struct db *db, const struct actor *a, json_t *in, json_t **out, struct field_error *fe) {
  *out = NULL;
  if (!is_staff(a)) return PLAM_ERR_FORBIDDEN;
  struct pool_tx x;
  memset(&x, 0, sizeof x);
  struct rpool_rec *p = &x.rec;
  plam_err e;
  const char *level = json_string_value(json_object_get(in, "level"));
  if ((e = text_put("name", p->name, sizeof p->name, json_string_value(json_object_get(in, "name")), 200, TEXT_REQUIRED,
                    fe)) ||
      (e = text_enum("level", level, recruit_pool_levels, 1, fe)) ||
      (e = text_put("ght", p->ght, sizeof p->ght, json_string_value(json_object_get(in, "ght")), 100, 0, fe)) ||
      (e = text_put("territory_id", p->territory_id, sizeof p->territory_id,
                    json_string_value(json_object_get(in, "territory_id")), 11, TEXT_ASCII, fe)))
    return e;
  snprintf(p->level, sizeof p->level, "%s", level);
  snprintf(p->status, sizeof p->status, "open");
  json_t *v = json_object_get(in, "parent_id");
  if (v && !json_is_null(v)) {
    if (!json_is_integer(v) || json_integer_value(v) <= 0) return field_fail(fe, "parent_id", "identifiant attendu");
    p->parent_id = json_integer_value(v);
  }
  v = json_object_get(in, "establishment_id");
  if (v && !json_is_null(v)) {
    if (!json_is_integer(v) || json_integer_value(v) <= 0)
      return field_fail(fe, "establishment_id", "identifiant attendu");
    p->establishment_id = json_integer_value(v);
  }
  if (!strcmp(p->level, "establishment") && !p->establishment_id)
    return field_fail(fe, "establishment_id", "obligatoire pour le vivier d'un établissement");
  e = app_write(db, a, create_tx, &x, fe);
  if (e) {
    json_decref(x.out);
    return e;
  }
  *out = x.out;
  return PLAM_OK;
}

static plam_err status_tx(struct app_tx *tx, void *arg) {
  struct pool_tx *x = arg;
  struct rpool_rec before, after;
  plam_err e = store_rpool_get(tx->db, x->rec.id, &before);
  if (e) return e;
  if (!strcmp(before.status, x->status)) return field_fail(tx->fe, "status", "le vivier a déjà ce statut");
  if ((e = store_rpool_set_status(tx->db, x->rec.id, x->status)) || (e = store_rpool_get(tx->db, x->rec.id, &after)))
    return e;
  x->out = pool_json(&after);
  return app_audit(tx, "update", "pool", x->rec.id, pool_json(&before), json_incref(x->out));
}

plam_err recruit_pool_set_status(struct db *db, const struct actor *a, int64_t id, const char *status, json_t **out,
                                 struct field_error *fe) {
  *out = NULL;
  if (!is_staff(a)) return PLAM_ERR_FORBIDDEN;
  plam_err e = text_enum("status", status, recruit_pool_statuses, 1, fe);
  if (e) return e;
  struct pool_tx x;
  memset(&x, 0, sizeof x);
  x.rec.id = id;
  x.status = status;
  e = app_write(db, a, status_tx, &x, fe);
  if (e) {
    json_decref(x.out);
    return e;
  }
  *out = x.out;
  return PLAM_OK;
}

plam_err recruit_pool_list(struct db *db, const struct actor *a, json_t **out) {
  (void)a;
  *out = NULL;
  struct rpool_rec *rows = NULL;
  int n = 0;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_rpool_list(db, &rows, &n);
  store_read_end(db);
  if (e) return e;
  json_t *arr = json_array();
  for (int i = 0; i < n; i++) json_array_append_new(arr, pool_json(&rows[i]));
  free(rows);
  *out = arr;
  return PLAM_OK;
}
