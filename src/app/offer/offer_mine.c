/* The candidate's own offers ("Mes offres", cand, issue 11): every offer the
 * actor's candidate record received, with its need as the public sees it
 * (establishment, place, contract, pay, slots), what may be done with it now
 * (the same rule as the link's page, offer_can_json), and the standard
 * reasons a candidate may give. Answers go through offer_my_answer
 * (offer_answer.c): the link's own transaction, by id. See offer.h. */
#include <stdlib.h>
#include <string.h>
#include "app/offer/offer_int.h"
#include "store/store_recruit.h"
#include "store/store_tx.h"

/* One offer with its need and slots (store reads inside the caller's read). */
static plam_err mine_one(struct db *db, const struct offer_rec *o, int64_t now, json_t *arr) {
  struct offer_need_rec n;
  struct offer_slot_rec slots[OFFER_MAX_SLOTS];
  int nslot = 0;
  plam_err e = store_offer_need_get(db, o->need_id, &n);
  if (!e) e = store_offer_slots(db, n.id, slots, OFFER_MAX_SLOTS, &nslot);
  if (e) return e;
  json_t *j = offer_json(o, 0), *need = offer_public_json(&n, 0), *sl = json_array(), *can = offer_can_json(o, &n, now);
  for (int i = 0; sl && i < nslot; i++)
    json_array_append_new(sl, json_pack("{s:s, s:s}", "start_at", slots[i].start_at, "end_at", slots[i].end_at));
  if (!j || !need || !sl || !can) {
    json_decref(j);
    json_decref(need);
    json_decref(sl);
    json_decref(can);
    return PLAM_ERR_NOMEM;
  }
  json_object_set_new(need, "slot_list", sl);
  json_object_set_new(need, "fill_mode", json_string(n.fill_mode));
  json_object_set_new(j, "need", need);
  json_object_set_new(j, "can", can);
  return json_array_append_new(arr, j) ? PLAM_ERR_NOMEM : PLAM_OK;
}

plam_err offer_my_offers(struct db *db, const struct actor *a, int64_t now, json_t **out) {
  *out = NULL;
  json_t *arr = json_array();
  if (!arr) return PLAM_ERR_NOMEM;
  int64_t cand = 0;
  struct offer_rec *rows = NULL;
  int n = 0;
  plam_err e = store_read_begin(db);
  if (e) {
    json_decref(arr);
    return e;
  }
  e = a->user_id ? store_rcand_by_user(db, a->user_id, &cand) : PLAM_ERR_NOT_FOUND;
  if (e == PLAM_ERR_NOT_FOUND) { /* no candidate record yet: no offer */
    e = PLAM_OK;
    cand = 0;
  }
  if (!e && cand) e = store_offer_list_candidate(db, cand, &rows, &n);
  for (int i = 0; !e && i < n; i++) e = mine_one(db, &rows[i], now, arr);
  json_t *contact = e ? NULL : offer_contact_json(db, cand); /* how offers reach me (offer_sms.c) */
  if (!e && !contact) e = PLAM_ERR_DB;
  store_read_end(db);
  free(rows);
  if (e) {
    json_decref(arr);
    return e;
  }
  *out = json_pack("{s:o, s:o, s:o, s:o}", "candidate_id", cand ? json_integer(cand) : json_null(), "offers", arr,
                   "reasons", offer_cand_reasons_json(), "contact", contact);
  return *out ? PLAM_OK : PLAM_ERR_NOMEM;
}
