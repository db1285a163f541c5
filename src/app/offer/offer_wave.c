/* Waves of offers, the scheduler's tick and the wave settings: see offer.h.
 * A wave ranks, inside its write transaction, the candidates the need may
 * still reach (recruit_need_ranking, the one ranking of a stored need, with
 * the candidates already offered the need and those who do not accept its
 * contract excluded: store_offer_excluded), sends an offer to the
 * wave_size best ones and schedules the next wave interval_min minutes
 * later. Running in the write transaction means two servers' schedulers
 * never send the same wave twice: the second re-reads next_wave_at after
 * the first committed and finds nothing due. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/access/write.h"
#include "app/recruit/recruit_app.h"
#include "app/mail/mail.h"
#include "base/log.h"
#include "base/utf8.h"
#include "app/offer/offer_int.h"
#include "store/store_tx.h"

const char *const offer_contracts[] = {"shift", "fixed_term", "permanent", "secondment", NULL};

struct wave_arg {
  const struct offer_mail_config *mc;
  int64_t need_id, now;
  int manual; /* an employer's "send now": refuses instead of skipping */
  struct offer_wave_result *res;
  json_t *out;
};

/* Nothing to do for the scheduler (not an error; nothing was written). */
#define WAVE_SKIP PLAM_ERR_NOT_FOUND

static json_t *reasons_json(const struct recruit_bundle *b, const struct recruit_key *k) {
  char reasons[4][128];
  int nr = recruit_reasons(b, k, reasons, 4);
  json_t *arr = json_array();
  for (int i = 0; arr && i < nr; i++) json_array_append_new(arr, json_string(reasons[i]));
  return arr;
}

/* "2030-03-02T08:00+01:00" as "02/03/2030 08:00" (the time as written). */
static void when(const char *iso, char out[24]) {
  if (strlen(iso) >= 16) snprintf(out, 24, "%.2s/%.2s/%.4s %.5s", iso + 8, iso + 5, iso, iso + 11);
  else snprintf(out, 24, "%s", iso);
}

static const char *contract_text(const char *c) {
  static const char *const codes[] = {"shift", "fixed_term", "permanent", "secondment"};
  static const char *const texts[] = {"une vacation", "un CDD", "un CDI", "une mise à disposition"};
  for (int i = 0; i < 4; i++)
    if (!strcmp(codes[i], c)) return texts[i];
  return c;
}

/* The offer's e-mail, in French, queued in the wave's transaction. */
static plam_err offer_mail(struct app_tx *tx, const struct offer_mail_config *mc, const struct offer_need_rec *n,
                           const struct offer_slot_rec *slots, int nslot, const struct offer_rec *o,
                           const char *token) {
  char subject[1100], start[24], end[24], until[32], body[16000];
  when(slots[0].start_at, start);
  when(slots[nslot - 1].end_at, end);
  offer_time_text(o->expires_at, until);
  snprintf(subject, sizeof subject, "Mission proposée : %s, %s, à partir du %s", n->profession, n->estab_name, start);
  if (utf8_count(subject) > MAIL_SUBJECT_CHARS) /* a long establishment name: the subject without it */
    snprintf(subject, sizeof subject, "Mission proposée : %s, à partir du %s", n->profession, start);
  char pay[900] = "", more[300] = "";
  if (*n->pay) snprintf(pay, sizeof pay, "Rémunération : %s\n", n->pay);
  if (nslot > 1) snprintf(more, sizeof more, " (%d créneaux)", nslot);
  const char *mode = !strcmp(n->fill_mode, "choose")
                       ? "L'établissement choisira parmi les personnes qui auront accepté ; vous serez prévenu(e)."
                       : "Les premières personnes à accepter sont retenues : votre mission est confirmée dès votre "
                         "accord, et vous pourrez encore revenir dessus pendant quelques minutes.";
  int len = snprintf(
    body, sizeof body,
    "Bonjour %s,\n\n"
    "%s (%s) recherche un ou une %s et vous propose %s du %s au %s%s.\n"
    "%s%s%s\n"
    "Pour accepter ou refuser en un clic, ouvrez votre lien personnel (offre valable jusqu'au %s UTC) :\n"
    "%s/offre.html#jeton=%s\n\n"
    "%s\n"
    "Vos coordonnées ne sont transmises à l'établissement que si vous acceptez.\n\n"
    "Ce lien est personnel : ne le transférez pas.\n-- \n%s\n",
    o->first_name, n->estab_name, *n->commune_name ? n->commune_name : n->departement_name, n->profession,
    contract_text(n->contract), start, end, more, pay, n->description, *n->description ? "\n" : "", until,
    mc && mc->public_url ? mc->public_url : "", token, mode, mc && mc->instance_name ? mc->instance_name : "plam");
  if (len < 0 || (size_t)len >= sizeof body) return PLAM_ERR_TOO_LARGE;
  return mail_queue(tx, o->email, subject, body);
}

static plam_err wave_tx(struct app_tx *tx, void *arg) {
  struct wave_arg *x = arg;
  struct db *db = tx->db;
  struct offer_need_rec n;
  plam_err e = store_offer_need_get(db, x->need_id, &n);
  if (e) return e;
  if (x->manual && !offer_may_manage(tx->a, &n)) return PLAM_ERR_FORBIDDEN;
  if (strcmp(n.status, "open"))
    return x->manual ? (field_fail(tx->fe, "need", "ce besoin n'est pas ouvert : aucune vague n'est envoyée"),
                        PLAM_ERR_CONFLICT)
                     : WAVE_SKIP;
  if (!x->manual && n.next_wave_at >= 0 && n.next_wave_at > x->now) return WAVE_SKIP;
  struct offer_slot_rec slots[OFFER_MAX_SLOTS];
  int nslot = 0;
  e = store_offer_slots(db, n.id, slots, OFFER_MAX_SLOTS, &nslot);
  if (e) return e;
  if (!nslot)
    return x->manual ? (field_fail(tx->fe, "need", "ce besoin n'a aucun créneau"), PLAM_ERR_CONFLICT) : WAVE_SKIP;
  int64_t first_start = slots[0].start_min * 60;
  if (first_start <= x->now)
    return x->manual ? (field_fail(tx->fe, "need", "le premier créneau a commencé"), PLAM_ERR_CONFLICT) : WAVE_SKIP;
  /* the need's own expiry (needs.expires_at), when it comes before the first slot */
  if (n.expires_min > 0 && n.expires_min * 60 < first_start) first_start = n.expires_min * 60;
  if (first_start <= x->now)
    return x->manual ? (field_fail(tx->fe, "need", "ce besoin est échu (date d'échéance passée)"), PLAM_ERR_CONFLICT)
                     : WAVE_SKIP;

  int64_t *excl = NULL;
  int nexcl = 0;
  e = store_offer_excluded(db, n.id, n.profession, n.contract, &excl, &nexcl);
  struct recruit_need_ranking rk;
  memset(&rk, 0, sizeof rk);
  int limit = n.wave_size < 1 ? 1 : n.wave_size > RECRUIT_LIMIT_MAX ? RECRUIT_LIMIT_MAX : n.wave_size;
  if (!e) e = recruit_need_ranking(db, n.id, x->now, limit, excl, nexcl, &rk);
  free(excl);
  if (e == PLAM_ERR_CONFLICT) { /* no location (the slots were checked above) */
    recruit_need_ranking_release(&rk);
    return x->manual
             ? (field_fail(tx->fe, "need", "l'établissement de ce besoin n'a pas de coordonnées"), PLAM_ERR_CONFLICT)
             : WAVE_SKIP;
  }
  const struct recruit_result r = rk.r;
  int wave = n.waves_sent + 1;
  json_t *sent = json_array();
  if (!e && !sent) e = PLAM_ERR_NOMEM;
  if (!e && r.nranked) {
    x->res->sent = calloc((size_t)r.nranked, sizeof *x->res->sent);
    if (!x->res->sent) e = PLAM_ERR_NOMEM;
  }
  int64_t expires = x->now + (int64_t)n.offer_ttl_min * 60;
  if (expires > first_start) expires = first_start;
  for (int i = 0; !e && i < r.nranked; i++) {
    const struct recruit_key *k = &r.ranked[i];
    struct offer_rec o;
    memset(&o, 0, sizeof o);
    o.need_id = n.id;
    o.candidate_id = rk.cand_ids[k->cand];
    o.wave = wave;
    o.rank = i + 1;
    json_t *rj = reasons_json(rk.b, k);
    char *rs = rj ? json_dumps(rj, JSON_COMPACT) : NULL;
    json_decref(rj);
    if (!rs || strlen(rs) >= sizeof o.reasons) e = rs ? PLAM_ERR_TOO_LARGE : PLAM_ERR_NOMEM;
    if (!e) memcpy(o.reasons, rs, strlen(rs) + 1);
    free(rs);
    o.sent_at = x->now;
    o.expires_at = expires;
    struct offer_sent *s = &x->res->sent[i];
    uint8_t hash[32];
    offer_token_new(s->token, hash);
    if (!e) e = store_offer_insert(db, &o, hash, &s->offer_id);
    s->candidate_id = o.candidate_id;
    struct offer_rec full;
    if (!e) e = store_offer_get(db, s->offer_id, &full);
    int by_mail = 1; /* cand: by SMS when the candidate chose it (offer_sms.c) */
    if (!e) e = offer_sms(tx, x->mc, &n, slots, nslot, &full, s->token, &by_mail);
    if (!e && by_mail) e = offer_mail(tx, x->mc, &n, slots, nslot, &full, s->token);
    if (!e) {
      x->res->nsent++;
      json_array_append_new(sent, json_pack("{s:I, s:I, s:i}", "offer_id", (json_int_t)s->offer_id, "candidate_id",
                                            (json_int_t)o.candidate_id, "rank", o.rank));
    }
  }
  int nranked = r.nranked;
  recruit_need_ranking_release(&rk);
  int waves_sent = nranked ? wave : n.waves_sent;
  if (!e) e = store_offer_waves_mark(db, n.id, waves_sent, x->now, x->now + (int64_t)n.interval_min * 60);
  if (!e) {
    x->res->wave = nranked ? wave : 0;
    json_t *after = json_pack("{s:i, s:O}", "wave", x->res->wave, "offers", sent);
    x->out = json_pack("{s:i, s:o}", "wave", x->res->wave, "offers", sent);
    sent = NULL;
    e = app_audit(tx, "wave", "need", n.id, json_pack("{s:i}", "waves_sent", n.waves_sent), after);
  }
  json_decref(sent);
  return e;
}

static void res_reset(struct offer_wave_result *res) {
  free(res->sent);
  memset(res, 0, sizeof *res);
}

plam_err offer_wave_send(struct db *db, const struct actor *a, const struct offer_mail_config *mc, int64_t need_id,
                         int64_t now, struct offer_wave_result *res, json_t **out, struct field_error *fe) {
  struct offer_wave_result local;
  if (!res) res = &local;
  memset(res, 0, sizeof *res);
  struct wave_arg x = {mc, need_id, now, 1, res, NULL};
  plam_err e = app_write(db, a, wave_tx, &x, fe);
  if (e) {
    json_decref(x.out);
    res_reset(res);
    return e;
  }
  if (out) *out = x.out;
  else json_decref(x.out);
  if (res == &local) res_reset(res);
  return PLAM_OK;
}

/* ---- the scheduler ----
 * A step is a series of small writes: the offers past their expiry (one
 * write), then each need to expire and each need's wave in a write of its
 * own. A write that fails is logged (in French, with the need's id) and
 * skipped: the other needs go on, and the report counts it. */

struct expire_arg {
  int64_t now, need_id;
  int offers, withdrawn;
};

static plam_err offers_expire_tx(struct app_tx *tx, void *arg) {
  struct expire_arg *x = arg;
  plam_err e = store_offer_expire_due(tx->db, x->now, &x->offers);
  if (!e && x->offers) e = app_audit(tx, "expire", "offer", 0, NULL, json_pack("{s:i}", "offers_expired", x->offers));
  if (!e && !tx->n) return WAVE_SKIP; /* nothing changed: nothing to commit */
  return e;
}

/* One need whose first slot started: expired, its open offers expire and
 * the accepted ones are withdrawn. Re-checks the status in the write (two
 * servers' steps may both have listed it). */
static plam_err need_expire_tx(struct app_tx *tx, void *arg) {
  struct expire_arg *x = arg;
  struct offer_need_rec n;
  plam_err e = store_offer_need_get(tx->db, x->need_id, &n);
  if (e) return e;
  if (strcmp(n.status, "open")) return WAVE_SKIP;
  e = store_offer_need_set_status(tx->db, x->need_id, "expired");
  if (!e) e = store_offer_close_need(tx->db, x->need_id, "sent", "expired", x->now, &x->offers);
  if (!e) e = store_offer_close_need(tx->db, x->need_id, "accepted", "withdrawn", x->now, &x->withdrawn);
  if (!e)
    e = app_audit(
      tx, "expire", "need", x->need_id, json_pack("{s:s}", "status", "open"),
      json_pack("{s:s, s:i, s:i}", "status", "expired", "offers_expired", x->offers, "offers_withdrawn", x->withdrawn));
  return e;
}

/* Confirmed shifts that ended become done, one bounded write audited as the
 * system (idempotent: a done row is not confirmed any more). */
static plam_err shifts_done_tx(struct app_tx *tx, void *arg) {
  struct expire_arg *x = arg;
  plam_err e = store_offer_assign_done(tx->db, x->now / 60, OFFER_TICK_MAX_DONE, &x->offers);
  if (!e && x->offers) e = app_audit(tx, "done", "assignment", 0, NULL, json_pack("{s:i}", "shifts_done", x->offers));
  if (!e && !tx->n) return WAVE_SKIP; /* nothing changed: nothing to commit */
  return e;
}

static void tick_failed(struct offer_tick_report *rep, const char *what, int64_t need_id, plam_err e,
                        const struct field_error *fe) {
  char id[24];
  snprintf(id, sizeof id, "%lld", (long long)need_id);
  log_event(LOG_WARN, what, "besoin", id, "erreur", error_message(e), "champ", fe ? fe->field : "", "detail",
            fe ? fe->message : "", NULL);
  rep->failed++;
}

plam_err offer_tick(struct db *db, const struct offer_mail_config *mc, int64_t now, struct offer_tick_report *rep) {
  struct offer_tick_report local;
  if (!rep) rep = &local;
  memset(rep, 0, sizeof *rep);
  struct actor sys;
  actor_cli(&sys);
  struct field_error fe;
  memset(&fe, 0, sizeof fe);
  struct expire_arg done = {now, 0, 0, 0};
  plam_err e = app_write(db, &sys, shifts_done_tx, &done, &fe);
  if (!e) rep->shifts_done = done.offers;
  else if (e != WAVE_SKIP) tick_failed(rep, "échec du passage des missions terminées en effectuées", 0, e, &fe);
  struct expire_arg ex = {now, 0, 0, 0};
  memset(&fe, 0, sizeof fe);
  e = app_write(db, &sys, offers_expire_tx, &ex, &fe);
  if (!e) rep->offers_expired += ex.offers;
  else if (e != WAVE_SKIP) tick_failed(rep, "échec de l'expiration des offres échues", 0, e, &fe);

  int64_t ids[OFFER_TICK_MAX_NEEDS];
  int n = 0;
  e = store_read_begin(db);
  if (!e) e = store_offer_needs_started(db, now / 60, OFFER_TICK_MAX_NEEDS, ids, &n);
  store_read_end(db);
  if (e) return e;
  for (int i = 0; i < n; i++) {
    struct expire_arg x = {now, ids[i], 0, 0};
    memset(&fe, 0, sizeof fe);
    e = app_write(db, &sys, need_expire_tx, &x, &fe);
    if (!e) {
      rep->needs_expired++;
      rep->offers_expired += x.offers;
    } else if (e != WAVE_SKIP) tick_failed(rep, "échec de l'expiration du besoin : besoin ignoré", ids[i], e, &fe);
  }

  e = store_read_begin(db);
  if (!e) e = store_offer_needs_due(db, now, OFFER_TICK_MAX_NEEDS, ids, &n);
  store_read_end(db);
  if (e) return e;
  for (int i = 0; i < n; i++) {
    struct offer_wave_result res;
    memset(&res, 0, sizeof res);
    struct wave_arg x = {mc, ids[i], now, 0, &res, NULL};
    memset(&fe, 0, sizeof fe);
    e = app_write(db, &sys, wave_tx, &x, &fe);
    json_decref(x.out);
    if (!e && res.wave) {
      rep->waves++;
      rep->offers_sent += res.nsent;
    } else if (e && e != WAVE_SKIP) tick_failed(rep, "échec de la vague d'offres : besoin ignoré", ids[i], e, &fe);
    res_reset(&res);
  }
  return PLAM_OK;
}

/* ---- settings ---- */

struct settings_arg {
  int64_t need_id;
  const struct offer_settings *s;
  json_t *out;
};

static plam_err settings_tx(struct app_tx *tx, void *arg) {
  struct settings_arg *x = arg;
  struct offer_need_rec n;
  plam_err e = store_offer_need_get(tx->db, x->need_id, &n);
  if (e) return e;
  if (!offer_may_manage(tx->a, &n)) return PLAM_ERR_FORBIDDEN;
  json_t *before = json_pack("{s:i, s:i, s:i, s:i}", "wave_size", n.wave_size, "interval_min", n.interval_min,
                             "offer_ttl_min", n.offer_ttl_min, "undo_min", n.undo_min);
  e = store_offer_waves_put(tx->db, n.id, (int)x->s->wave_size, (int)x->s->interval_min, (int)x->s->offer_ttl_min,
                            (int)x->s->undo_min);
  if (!e) e = store_offer_need_get(tx->db, x->need_id, &n);
  if (e) {
    json_decref(before);
    return e;
  }
  x->out = offer_need_json(&n);
  return app_audit(tx, "update", "need_waves", n.id, before, json_incref(json_object_get(x->out, "settings")));
}

static plam_err range(struct field_error *fe, const char *field, int64_t v, int64_t lo, int64_t hi) {
  if (v >= lo && v <= hi) return PLAM_OK;
  char m[96];
  snprintf(m, sizeof m, "doit être compris entre %lld et %lld", (long long)lo, (long long)hi);
  return field_fail(fe, field, m);
}

plam_err offer_settings_put(struct db *db, const struct actor *a, int64_t need_id, const struct offer_settings *s,
                            json_t **out, struct field_error *fe) {
  plam_err e = range(fe, "wave_size", s->wave_size, 1, 200);
  if (!e) e = range(fe, "interval_min", s->interval_min, 1, 1440);
  if (!e) e = range(fe, "offer_ttl_min", s->offer_ttl_min, 5, 10080);
  if (!e) e = range(fe, "undo_min", s->undo_min, 0, 60);
  if (e) return e;
  struct settings_arg x = {need_id, s, NULL};
  e = app_write(db, a, settings_tx, &x, fe);
  if (e) {
    json_decref(x.out);
    return e;
  }
  *out = x.out;
  return PLAM_OK;
}
