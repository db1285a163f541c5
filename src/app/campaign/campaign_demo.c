/* Demo campaign (plam init --demo): a small interns' semester choice in Pays
 * de la Loire, open for wishes. Sites are demo organisations; the two demo
 * accounts "interne" and "candidat" are candidates (their wishes are left
 * for them to order); five other candidates have no account and have
 * already ordered their wishes. The paediatrics post is reserved to the
 * specialty « Pédiatrie » (an eligibility rule since migration 0008) and
 * three candidates, "interne" among them, carry it; the other posts set no
 * rule. Everything goes through the audited app functions. Loading twice
 * adds nothing. */
#include <string.h>
#include <stdlib.h>
#include "app/access/write.h"
#include "app/campaign/campaign.h"
#include "store/store.h"

#define DEMO_TITLE "Choix de stage des internes — semestre de novembre (démonstration)"

struct demo_post {
  const char *code, *label, *org, *specialty, *territory;
  int fragile, capacity, reserved;
};

static const struct demo_post demo_posts[] = {
  {"NAN-MG-1", "Médecine générale — CHU de Nantes", "CHU de Nantes", "", "DEP-44", 0, 2, 0},
  {"NAN-PED-1", "Pédiatrie — CHU de Nantes", "CHU de Nantes", "Pédiatrie", "DEP-44", 0, 1, 0},
  {"SAR-GER-1", "Gériatrie — EHPAD de démonstration (Sarthe)", "EHPAD de démonstration (Sarthe)", "", "DEP-72", 1, 2,
   1},
};

struct demo_cand {
  const char *login, *name;
  int rank, seniority;
  const char *specialty;
  const char *wishes[3];
};

static const struct demo_cand demo_cands[] = {
  {NULL, "Interne A (démo)", 1, 2, "Pédiatrie", {"NAN-PED-1", "NAN-MG-1", NULL}},
  {NULL, "Interne B (démo)", 2, 2, "Pédiatrie", {"NAN-PED-1", "NAN-MG-1", "SAR-GER-1"}},
  {"interne", NULL, 3, 2, "Pédiatrie", {NULL}},
  {NULL, "Interne C (démo)", 4, 2, "", {"NAN-MG-1", "SAR-GER-1", NULL}},
  {"candidat", NULL, 5, 2, "", {NULL}},
  {NULL, "Interne D (démo)", 6, 2, "", {"SAR-GER-1", NULL, NULL}},
};

/* A demo candidate's wishes, written directly (the demo acts for them). */
struct demo_wishes {
  int64_t campaign_id, cand_id;
  const int64_t *posts;
  int n;
};

static plam_err demo_wishes_tx(struct app_tx *tx, void *arg) {
  const struct demo_wishes *x = arg;
  plam_err e = store_wish_replace(tx->db, x->cand_id, x->posts, x->n);
  if (e) return e;
  return app_audit(tx, "wishes", "campaign", x->campaign_id, NULL,
                   json_pack("{s:I, s:i}", "candidate_id", (json_int_t)x->cand_id, "wishes", x->n));
}

plam_err campaign_demo_load(struct db *db) {
  struct actor a;
  actor_cli(&a);
  struct campaign_rec *rows;
  int n;
  plam_err e = store_campaign_list(db, &rows, &n);
  if (e) return e;
  int exists = 0;
  for (int i = 0; i < n; i++) exists |= !strcmp(rows[i].title, DEMO_TITLE);
  free(rows);
  if (exists) return PLAM_OK;
  struct field_error fe = {0};
  json_t *j = NULL;
  struct campaign_input ci = {.kind = "interns", .region = "REG-52", .title = DEMO_TITLE, .seed = 2026, .has_seed = 1};
  e = campaign_create(db, &a, &ci, &j, &fe);
  if (e) return e;
  int64_t cid = json_integer_value(json_object_get(j, "id"));
  json_decref(j);
  int64_t post_ids[sizeof demo_posts / sizeof demo_posts[0]];
  for (size_t i = 0; !e && i < sizeof demo_posts / sizeof demo_posts[0]; i++) {
    const struct demo_post *d = &demo_posts[i];
    int64_t org = 0;
    e = store_org_find_by_name(db, d->org, &org);
    struct cpost_input pi = {.code = d->code,
                             .label = d->label,
                             .specialty = d->specialty,
                             .territory_id = d->territory,
                             .org_id = org,
                             .has_org = 1,
                             .capacity = d->capacity,
                             .has_capacity = 1,
                             .reserved_seats = d->reserved,
                             .has_reserved = 1,
                             .fragile = d->fragile,
                             .cesp_only = 0};
    if (!e) e = campaign_post_create(db, &a, cid, &pi, &j, &fe);
    if (!e) post_ids[i] = json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    j = NULL;
  }
  int64_t cand_ids[sizeof demo_cands / sizeof demo_cands[0]];
  for (size_t i = 0; !e && i < sizeof demo_cands / sizeof demo_cands[0]; i++) {
    const struct demo_cand *d = &demo_cands[i];
    struct ccand_input ki = {.login = d->login,
                             .name = d->name,
                             .rank = d->rank,
                             .has_rank = 1,
                             .seniority = d->seniority,
                             .has_seniority = 1,
                             .specialty = d->specialty,
                             .cesp = 0,
                             .subdivision = 1};
    e = campaign_candidate_create(db, &a, cid, &ki, &j, &fe);
    if (!e) cand_ids[i] = json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    j = NULL;
  }
  /* open for wishes, then the wishes of the candidates without an account,
   * recorded directly (they have no session to order them) */
  struct campaign_input open = {.status = "wishes"};
  if (!e) e = campaign_update(db, &a, cid, &open, &j, &fe);
  json_decref(j);
  for (size_t i = 0; !e && i < sizeof demo_cands / sizeof demo_cands[0]; i++) {
    const struct demo_cand *d = &demo_cands[i];
    int64_t w[3];
    int nw = 0;
    for (int k = 0; k < 3 && d->wishes[k]; k++)
      for (size_t p = 0; p < sizeof demo_posts / sizeof demo_posts[0]; p++)
        if (!strcmp(demo_posts[p].code, d->wishes[k])) w[nw++] = post_ids[p];
    if (!nw) continue;
    struct demo_wishes x = {cid, cand_ids[i], w, nw};
    e = app_write(db, &a, demo_wishes_tx, &x, NULL);
  }
  return e;
}
