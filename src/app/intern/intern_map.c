/* The map of IPA (advanced-practice nurse) internship offers (issue 12,
 * sheet 3.4): for each région that has an accredited IPA site, its
 * départements drawn from the shipped commune centroids (data/ref/
 * communes.csv, loaded by plam init into the communes table: no tiles, no
 * download), each with its offers and places, its centroid (the mean of its
 * communes' centroids) and its communes' points rounded to 0.001° (about
 * 100 m). The page draws them as an SVG; the list by département stays the
 * accessible alternative (intern_ipa_offers). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "app/intern/intern_int.h"
#include "store/store.h"
#include "store/store_tx.h"

static double r3(double v) { return round(v * 1000.0) / 1000.0; }

/* One région's départements with their points and the offers of sites. */
static plam_err region_json(struct db *db, const struct territory_rec *reg, const struct isite_rec *s, int ns,
                            json_t **out) {
  struct territory_rec *deps = NULL;
  int ndeps = 0;
  char(*pdep)[12] = NULL;
  double *ll = NULL;
  int np = 0;
  plam_err e = store_territory_list(db, "departement", reg->id, &deps, &ndeps);
  if (!e) e = store_intern_region_points(db, reg->id, &pdep, &ll, &np);
  json_t *arr = e ? NULL : json_array();
  for (int d = 0; arr && d < ndeps; d++) {
    int64_t offers = 0, places = 0;
    for (int i = 0; i < ns; i++)
      if (!strcmp(s[i].departement, deps[d].id) && !strcmp(s[i].programme, "ipa") &&
          !strcmp(s[i].status, "accredited")) {
        offers++;
        places += s[i].capacity;
      }
    json_t *pts = json_array();
    double sx = 0, sy = 0;
    int k = 0;
    for (int i = 0; pts && i < np; i++)
      if (!strcmp(pdep[i], deps[d].id)) {
        sx += ll[2 * i];
        sy += ll[2 * i + 1];
        k++;
        if (json_array_append_new(pts, json_pack("[f, f]", r3(ll[2 * i]), r3(ll[2 * i + 1])))) {
          json_decref(pts);
          pts = NULL;
        }
      }
    json_t *o = pts
                  ? json_pack("{s:s, s:s, s:s, s:I, s:I, s:o, s:o}", "id", deps[d].id, "code", deps[d].insee_code,
                              "name", deps[d].name, "offers", (json_int_t)offers, "places", (json_int_t)places,
                              "centroid", k ? json_pack("[f, f]", r3(sx / k), r3(sy / k)) : json_null(), "points", pts)
                  : NULL;
    if (!o || json_array_append_new(arr, o)) {
      json_decref(arr);
      arr = NULL;
    }
  }
  free(deps);
  free(pdep);
  free(ll);
  if (e) return e;
  *out = arr ? json_pack("{s:s, s:s, s:o}", "id", reg->id, "name", reg->name, "departements", arr) : NULL;
  return *out ? PLAM_OK : PLAM_ERR_NOMEM;
}

plam_err intern_ipa_map(struct db *db, const struct actor *a, json_t **out) {
  (void)a;
  *out = NULL;
  struct store_rows rows = {0};
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_isite_list(db, &rows);
  const struct isite_rec *s = rows.rows;
  /* the régions of the accredited IPA sites, once each, in site order */
  char seen[32][12];
  int nseen = 0;
  json_t *regions = e ? NULL : json_array();
  int64_t total = 0;
  for (int i = 0; regions && !e && i < rows.n; i++) {
    if (strcmp(s[i].programme, "ipa") || strcmp(s[i].status, "accredited")) continue;
    total++;
    struct territory_rec dep, reg;
    if ((e = store_territory_get(db, s[i].departement, &dep))) break;
    int dup = 0;
    for (int k = 0; k < nseen; k++) dup |= !strcmp(seen[k], dep.parent);
    if (dup || nseen == 32) continue;
    memcpy(seen[nseen++], dep.parent, 12);
    json_t *r = NULL;
    if (!(e = store_territory_get(db, dep.parent, &reg)) && !(e = region_json(db, &reg, s, rows.n, &r)))
      if (json_array_append_new(regions, r)) e = PLAM_ERR_NOMEM;
  }
  store_read_end(db);
  free(rows.rows);
  if (!e && !regions) e = PLAM_ERR_NOMEM;
  if (e) {
    json_decref(regions);
    return e;
  }
  *out = json_pack("{s:I, s:o}", "offers", (json_int_t)total, "regions", regions);
  return *out ? PLAM_OK : PLAM_ERR_NOMEM;
}
