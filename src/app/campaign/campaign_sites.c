/* The organisations that can host a campaign's posts (see campaign_sites in
 * campaign.h): the data model says where a post can be, through the
 * organisation's kind (a place of care or training) and its territory (a
 * département of the campaign's région). Read page by page, merged in name
 * order. */
#include <stdlib.h>
#include <string.h>
#include "app/access/orgs.h"
#include "app/campaign/campaign_int.h"
#include "store/store_tx.h"
#include "store/store.h"

/* Organisation kinds that host interns, junior doctors or recruits. */
static const char *const site_kinds[] = {"establishment", "training_institute", "university", NULL};

/* The one rule for the list and the check: a site kind, in one of the
 * campaign's départements (deps: store_territory_list of its région). */
static int site_ok(const struct org_rec *o, const struct territory_rec *deps, int nd) {
  int kind = 0;
  for (int k = 0; site_kinds[k] && !kind; k++) kind = !strcmp(o->kind, site_kinds[k]);
  for (int d = 0; kind && d < nd; d++)
    if (!strcmp(o->territory_id, deps[d].id)) return 1;
  return 0;
}

plam_err campaign_site_check(struct db *db, const struct campaign_rec *c, const struct org_rec *o, int *ok) {
  struct territory_rec *deps = NULL;
  int nd = 0;
  plam_err e = store_territory_list(db, "departement", c->region, &deps, &nd);
  *ok = !e && site_ok(o, deps, nd);
  free(deps);
  return e;
}

static int cmp_name(const void *a, const void *b) {
  return strcmp(((const struct org_rec *)a)->name, ((const struct org_rec *)b)->name);
}

static plam_err sites_read(struct db *db, const struct campaign_rec *c, struct org_rec **out, size_t *n) {
  struct territory_rec *deps = NULL;
  int nd = 0;
  size_t cap = 0;
  *out = NULL;
  *n = 0;
  plam_err e = store_territory_list(db, "departement", c->region, &deps, &nd);
  for (int k = 0; !e && site_kinds[k]; k++) {
    struct list_page page = {.limit = 500, .offset = 0};
    for (;;) {
      struct org_rec *rows = NULL;
      int nr = 0;
      if ((e = store_org_list(db, NULL, site_kinds[k], &page, &rows, &nr))) break;
      for (int i = 0; !e && i < nr; i++) {
        if (!site_ok(&rows[i], deps, nd)) continue;
        if (*n == cap) {
          size_t nc = cap ? cap * 2 : 64;
          struct org_rec *p = realloc(*out, nc * sizeof *p);
          if (!p) {
            e = PLAM_ERR_NOMEM;
            break;
          }
          *out = p;
          cap = nc;
        }
        (*out)[(*n)++] = rows[i];
      }
      free(rows);
      if (e || nr < page.limit || *n > CAMPAIGN_MAX_ROWS) break;
      page.offset += nr;
    }
  }
  free(deps);
  if (!e && *n > 1) qsort(*out, *n, sizeof **out, cmp_name);
  if (e) {
    free(*out);
    *out = NULL;
    *n = 0;
  }
  return e;
}

plam_err campaign_sites(struct db *db, const struct actor *a, int64_t campaign_id, json_t **out) {
  if (a->role != ROLE_ADMIN && a->role != ROLE_STAFF) return PLAM_ERR_FORBIDDEN;
  struct campaign_rec c;
  struct org_rec *rows = NULL;
  size_t n = 0;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_campaign_get(db, campaign_id, &c);
  if (!e) e = sites_read(db, &c, &rows, &n);
  store_read_end(db);
  if (e) return e;
  json_t *arr = json_array();
  for (size_t i = 0; arr && i < n; i++)
    if (json_array_append_new(arr, orgs_to_json(&rows[i]))) {
      json_decref(arr);
      arr = NULL;
    }
  free(rows);
  if (!arr) return PLAM_ERR_NOMEM;
  *out = arr;
  return PLAM_OK;
}
