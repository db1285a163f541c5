/* A person's own data (cand, issue 11): the export of everything stored
 * about the logged-in account and its candidate record (and, for a
 * student's intern account, its internships, evaluations and allocation
 * campaign wishes: session 12), and its erasure
 * after the password is given again. What is removed, what is anonymised
 * and what stays (and why) is docs/RECRUITMENT.md, "Données personnelles";
 * the SQL is store/store_cand.c. Both are audited: the export (a read, so
 * that the person and the administrators see who took a copy when) and
 * the erasure (counts only, never the erased values). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "app/access/auth.h"
#include "app/access/password.h"
#include "app/access/write.h"
#include "app/account/account.h"
#include "store/store.h"
#include "store/store_cand.h"
#include "store/store_recruit.h"

/* ---- export ---- */

struct export_arg {
  int64_t uid, cid;
  json_t *doc;
};

static json_t *val_json(const struct store_cand_col *c, const struct store_cand_val *v) {
  if (v->is_null) return json_null();
  switch (c->kind) {
  case SCK_INT: return json_integer(v->i);
  case SCK_BOOL: return json_boolean(v->i != 0);
  case SCK_REAL: return json_real(v->d);
  case SCK_JSON: {
    json_t *j = json_loads(v->s ? v->s : "null", JSON_DECODE_ANY, NULL);
    return j ? j : json_string(v->s ? v->s : "");
  }
  default: return json_string(v->s ? v->s : "");
  }
}

static plam_err export_row(void *ud, const struct store_cand_part *p, const struct store_cand_val *v) {
  json_t *doc = ud, *row = json_object();
  if (!row) return PLAM_ERR_NOMEM;
  for (int c = 0; c < p->ncols; c++) json_object_set_new(row, p->cols[c].name, val_json(&p->cols[c], &v[c]));
  if (p->single) return json_object_set_new(doc, p->name, row) ? PLAM_ERR_NOMEM : PLAM_OK;
  return json_array_append_new(json_object_get(doc, p->name), row) ? PLAM_ERR_NOMEM : PLAM_OK;
}

static plam_err export_tx(struct app_tx *tx, void *arg) {
  struct export_arg *x = arg;
  plam_err e = store_rcand_by_user(tx->db, x->uid, &x->cid);
  if (e == PLAM_ERR_NOT_FOUND) {
    x->cid = 0;
    e = PLAM_OK;
  }
  char at[32];
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
  x->doc = json_pack("{s:s, s:s}", "format", "plam-donnees-personnelles/1", "exported_at", at);
  if (!x->doc) return PLAM_ERR_NOMEM;
  for (int i = 0; !e && i < store_cand_nparts; i++) {
    const struct store_cand_part *p = &store_cand_parts[i];
    json_object_set_new(x->doc, p->name, p->single ? json_null() : json_array());
    e = store_cand_part_rows(tx->db, p, x->uid, x->cid, export_row, x->doc);
  }
  if (e) return e;
  json_t *counts = json_object();
  for (int i = 0; counts && i < store_cand_nparts; i++)
    if (!store_cand_parts[i].single)
      json_object_set_new(counts, store_cand_parts[i].name,
                          json_integer((json_int_t)json_array_size(json_object_get(x->doc, store_cand_parts[i].name))));
  return app_audit(tx, "export", "user", x->uid, NULL, json_pack("{s:o*}", "parts", counts));
}

plam_err account_data_export(struct db *db, const struct actor *a, json_t **out) {
  *out = NULL;
  if (!a->user_id) return PLAM_ERR_UNAUTHENTICATED;
  struct export_arg x = {a->user_id, 0, NULL};
  plam_err e = app_write(db, a, export_tx, &x, NULL);
  if (e) {
    json_decref(x.doc);
    return e;
  }
  *out = x.doc;
  return PLAM_OK;
}

/* ---- erasure ---- */

struct erase_arg {
  const struct auth_config *c;
  const char *ip, *hash;
  int64_t *retry_after;
  int64_t now;
  json_t *out;
};

static plam_err erase_failed_tx(struct app_tx *tx, void *arg) {
  const struct erase_arg *x = arg;
  plam_err e = auth_throttle_failed_tx(tx, x->c, tx->a->login, x->ip);
  if (e) return e;
  return app_audit(tx, "erase_failed", "user", tx->a->user_id, NULL,
                   json_pack("{s:s, s:s}", "ip", x->ip ? x->ip : "", "outcome", error_code(PLAM_ERR_BAD_CREDENTIALS)));
}

static plam_err erase_tx(struct app_tx *tx, void *arg) {
  struct erase_arg *x = arg;
  plam_err e = auth_throttle_passed_tx(tx, tx->a->login, x->ip, x->retry_after);
  int64_t uid = tx->a->user_id, cid = 0, upcoming = 0;
  if (!e) e = store_rcand_by_user(tx->db, uid, &cid);
  if (e == PLAM_ERR_NOT_FOUND) {
    cid = 0;
    e = PLAM_OK;
  }
  if (!e && cid) e = store_cand_upcoming(tx->db, cid, x->now / 60, &upcoming);
  if (e) return e;
  if (upcoming) {
    field_fail(tx->fe, "confirm",
               "vous avez des missions confirmées à venir : annulez-les d'abord depuis « Mes offres », puis "
               "effacez vos données");
    return PLAM_ERR_CONFLICT;
  }
  char login[65];
  snprintf(login, sizeof login, "efface-%lld", (long long)uid);
  struct store_cand_erased r;
  e = store_cand_erase(tx->db, uid, cid, x->now, login, x->hash, &r);
  if (e) return e;
  x->out = json_pack("{s:s, s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "login", login, "candidate_record", cid != 0,
                     "offers_withdrawn", (json_int_t)r.offers_withdrawn, "qualifications", (json_int_t)r.qualifications,
                     "availability", (json_int_t)r.availability, "pools", (json_int_t)r.pools, "messages",
                     (json_int_t)r.messages, "sessions", (json_int_t)r.sessions, "internship_evaluations",
                     (json_int_t)r.evaluations);
  if (!x->out) return PLAM_ERR_NOMEM;
  e = app_audit(tx, "erase", "user", uid, json_pack("{s:I}", "candidate_id", (json_int_t)cid), json_incref(x->out));
  if (!e && cid)
    e = app_audit(tx, "erase", "candidate", cid, NULL, json_pack("{s:b, s:b}", "anonymised", 1, "active", 0));
  return e;
}

plam_err account_data_erase(struct db *db, const struct auth_config *c, const struct actor *a, const char *client_ip,
                            const char *password, int64_t now, int64_t *retry_after, json_t **out,
                            struct field_error *fe) {
  *out = NULL;
  if (!a->user_id) return PLAM_ERR_UNAUTHENTICATED;
  if (!password || !*password) return field_fail(fe, "password", "saisissez votre mot de passe pour confirmer");
  plam_err e = auth_throttle_begin(db, c, a->login, client_ip, retry_after); /* a password guess, like a log-in */
  if (e) return e;
  char hash[PASSWORD_HASH_MAX], unusable[PASSWORD_HASH_MAX];
  struct user_rec u;
  e = store_user_get_by_login(db, a->login, &u, hash, sizeof hash);
  if (!e) e = password_verify(hash, password);
  sodium_memzero(hash, sizeof hash);
  struct erase_arg x = {c, client_ip, NULL, retry_after, now, NULL};
  if (e == PLAM_ERR_BAD_CREDENTIALS) {
    e = app_write(db, a, erase_failed_tx, &x, NULL);
    if (!e) e = field_fail(fe, "password", "mot de passe incorrect");
  } else if (!e) {
    /* the account keeps a hash of a random secret nobody knows: no one can log in to it again */
    char secret[2 * 24 + 1];
    uint8_t rnd[24];
    randombytes_buf(rnd, sizeof rnd);
    sodium_bin2hex(secret, sizeof secret, rnd, sizeof rnd);
    e = password_hash(secret, unusable);
    sodium_memzero(secret, sizeof secret);
    x.hash = unusable;
    if (!e) e = app_write(db, a, erase_tx, &x, fe);
  }
  auth_throttle_end(a->login, client_ip);
  if (e) {
    json_decref(x.out);
    return e;
  }
  *out = x.out;
  return PLAM_OK;
}
