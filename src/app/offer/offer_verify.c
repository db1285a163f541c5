/* Employers verify qualifications (cand, issue 11). Plan staff verify any
 * candidate's qualifications (on the candidate's record, app/recruit); an
 * employer verifies those of a candidate who accepted an offer of one of
 * their organisation's needs (and did not take it back): the moment the
 * candidate's details reach them, as the contact details do (offer_json).
 * Verifying records who (verified_by, the user) and when (verified_at, the
 * transaction's time), audited as "verify" on the candidate. A candidate's
 * own later edit that changes the line's date makes it unverified again
 * (recruit_cand.c). */
#include <stdlib.h>
#include <string.h>
#include "app/access/text.h"
#include "app/access/write.h"
#include "app/offer/offer_int.h"
#include "app/recruit/recruit_app.h"
#include "store/store.h"
#include "store/store_cand.h"
#include "store/store_recruit.h"
#include "store/store_tx.h"

/* The actor may see and verify candidate cid's qualifications (staff: any;
 * employer: after an acceptance, above). Otherwise the candidate does not
 * exist for them. */
static plam_err may_verify(struct db *db, const struct actor *a, int64_t cid) {
  struct rcand_rec c;
  plam_err e = store_rcand_get(db, cid, &c);
  if (e) return e;
  if (a->role == ROLE_ADMIN || a->role == ROLE_STAFF) return PLAM_OK;
  if (a->role != ROLE_EMPLOYER || !a->org_id) return PLAM_ERR_NOT_FOUND;
  int may = 0;
  e = store_cand_employer_may(db, cid, a->org_id, &may);
  return e ? e : may ? PLAM_OK : PLAM_ERR_NOT_FOUND;
}

/* {candidate_id, first_name, last_name, qualifications: [{code, label, valid_until, verified, verified_by,
 * verified_by_name, verified_at}]} */
static plam_err quals_json(struct db *db, int64_t cid, json_t **out) {
  struct rcand_rec c;
  struct rqual_rec *q = NULL;
  int nq = 0;
  plam_err e = store_rcand_get(db, cid, &c);
  if (!e) e = store_rcand_quals(db, cid, &q, &nq);
  if (e) return e;
  json_t *arr = json_array();
  for (int i = 0; arr && i < nq; i++) {
    int k = recruit_qualification_find(q[i].code);
    struct user_rec u;
    int named = q[i].verified_by && !store_user_get(db, q[i].verified_by, &u);
    json_array_append_new(
      arr, json_pack("{s:s, s:s, s:s?, s:b, s:o, s:s?, s:s?}", "code", q[i].code, "label",
                     k >= 0 ? recruit_qualifications[k].label : q[i].code, "valid_until",
                     q[i].valid_until[0] ? q[i].valid_until : NULL, "verified", q[i].verified_by != 0, "verified_by",
                     q[i].verified_by ? json_integer(q[i].verified_by) : json_null(), "verified_by_name",
                     named ? u.display_name : NULL, "verified_at", q[i].verified_at[0] ? q[i].verified_at : NULL));
  }
  free(q);
  *out = arr ? json_pack("{s:I, s:s, s:s, s:o}", "candidate_id", (json_int_t)cid, "first_name", c.first_name,
                         "last_name", c.last_name, "qualifications", arr)
             : NULL;
  return *out ? PLAM_OK : PLAM_ERR_NOMEM;
}

plam_err offer_cand_quals(struct db *db, const struct actor *a, int64_t cid, json_t **out) {
  *out = NULL;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = may_verify(db, a, cid);
  if (!e) e = quals_json(db, cid, out);
  store_read_end(db);
  return e;
}

struct verify_arg {
  int64_t cid;
  const char *code;
  json_t *out;
};

static plam_err verify_tx(struct app_tx *tx, void *arg) {
  struct verify_arg *x = arg;
  plam_err e = may_verify(tx->db, tx->a, x->cid);
  if (e) return e;
  char until[11], at[32];
  int64_t by = 0;
  e = store_cand_qual_get(tx->db, x->cid, x->code, until, &by, at);
  if (e == PLAM_ERR_NOT_FOUND) return field_fail(tx->fe, "code", "ce candidat n'a pas déclaré cette qualification");
  if (!e && !tx->a->user_id) return PLAM_ERR_FORBIDDEN; /* who verified must be a person */
  if (!e) e = store_cand_qual_verify(tx->db, x->cid, x->code, tx->a->user_id);
  char at2[32];
  int64_t by2 = 0;
  if (!e) e = store_cand_qual_get(tx->db, x->cid, x->code, until, &by2, at2);
  if (!e) e = quals_json(tx->db, x->cid, &x->out);
  if (e) return e;
  return app_audit(tx, "verify", "candidate", x->cid,
                   json_pack("{s:s, s:o, s:s?}", "code", x->code, "verified_by", by ? json_integer(by) : json_null(),
                             "verified_at", at[0] ? at : NULL),
                   json_pack("{s:s, s:I, s:s}", "code", x->code, "verified_by", (json_int_t)by2, "verified_at", at2));
}

plam_err offer_cand_verify(struct db *db, const struct actor *a, int64_t cid, const char *code, json_t **out,
                           struct field_error *fe) {
  *out = NULL;
  plam_err e = text_enum("code", code, recruit_qualification_codes, 1, fe);
  if (e) return e;
  struct verify_arg x = {cid, code, NULL};
  e = app_write(db, a, verify_tx, &x, fe);
  if (e) {
    json_decref(x.out);
    return e;
  }
  *out = x.out;
  return PLAM_OK;
}
