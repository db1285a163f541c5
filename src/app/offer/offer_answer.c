/* Answers to offers: the candidate's (accept, decline, undo, cancel,
 * no-show of the employer) through the link, and the establishment's
 * (choose among those who accepted, cancel, no-show of the candidate). The
 * confirmation (confirm) is the one place shifts are written: inside the
 * write transaction it re-reads the slots' confirmed counts and the
 * candidate's confirmed shifts with every employer, and refuses beyond the
 * headcount or the working-time rules (the engine's recruit_check). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/access/text.h"
#include "app/access/write.h"
#include "app/offer/offer_int.h"
#include "store/store_tx.h"

const char *const offer_answers[] = {"accept", "decline", "undo", "cancel", "no_show", NULL};
const char *const offer_statuses[] = {"sent",   "accepted",  "confirmed", "declined", "expired",
                                      "undone", "withdrawn", "cancelled", "no_show",  NULL};

/* Standard reasons: who may give each (candidate, employer) for what. */
enum { BY_CAND_CANCEL = 1, BY_EMP_CANCEL = 2, BY_EMP_NOSHOW = 4, BY_CAND_NOSHOW = 8 };
static const struct {
  const char *code, *label;
  int uses;
} reasons[] = {
  {"illness", "Maladie", BY_CAND_CANCEL},
  {"family", "Raison familiale", BY_CAND_CANCEL},
  {"transport", "Problème de transport", BY_CAND_CANCEL},
  {"other_job", "Autre mission acceptée ailleurs", BY_CAND_CANCEL},
  {"unavailable", "Plus disponible", BY_CAND_CANCEL},
  {"need_cancelled", "Besoin annulé par l'établissement", BY_EMP_CANCEL},
  {"filled_internally", "Poste pourvu en interne", BY_EMP_CANCEL},
  {"schedule_change", "Planning modifié", BY_EMP_CANCEL},
  {"not_present", "Le candidat ne s'est pas présenté", BY_EMP_NOSHOW},
  {"shift_absent", "La mission n'avait pas lieu à l'arrivée", BY_CAND_NOSHOW},
  {"other", "Autre motif", BY_CAND_CANCEL | BY_EMP_CANCEL | BY_EMP_NOSHOW | BY_CAND_NOSHOW},
};
#define NREASONS ((int)(sizeof reasons / sizeof reasons[0]))
const char *const offer_reasons[] = {
  "illness",           "family",          "transport",   "other_job",    "unavailable", "need_cancelled",
  "filled_internally", "schedule_change", "not_present", "shift_absent", "other",       NULL};

const char *offer_reason_label(const char *code) {
  for (int i = 0; code && i < NREASONS; i++)
    if (!strcmp(reasons[i].code, code)) return reasons[i].label;
  return "";
}

json_t *offer_cand_reasons_json(void) {
  json_t *cancel = json_array(), *noshow = json_array();
  for (int i = 0; cancel && noshow && i < NREASONS; i++) {
    json_t *r = json_pack("{s:s, s:s}", "code", reasons[i].code, "label", reasons[i].label);
    if (reasons[i].uses & BY_CAND_CANCEL) json_array_append(cancel, r);
    if (reasons[i].uses & BY_CAND_NOSHOW) json_array_append(noshow, r);
    json_decref(r);
  }
  return json_pack("{s:o*, s:o*}", "cancel", cancel, "no_show", noshow);
}

static plam_err reason_check(const char *reason, int use, struct field_error *fe) {
  for (int i = 0; reason && i < NREASONS; i++)
    if (!strcmp(reasons[i].code, reason)) {
      if (reasons[i].uses & use) return PLAM_OK;
      break;
    }
  return field_fail(fe, "reason", reason && *reason ? "motif non prévu pour cette action" : "motif obligatoire");
}

static plam_err conflict(struct field_error *fe, const char *field, const char *msg) {
  field_fail(fe, field, msg);
  return PLAM_ERR_CONFLICT;
}

static const char *rule_message(enum recruit_rule r) {
  switch (r) {
  case RECRUIT_OVERLAP: return "vous avez déjà une mission confirmée qui chevauche ce créneau";
  case RECRUIT_HOURS_7D: return "cette mission dépasserait la durée maximale de travail sur 7 jours glissants";
  case RECRUIT_REST: return "cette mission ne laisserait pas le repos minimal entre deux missions";
  case RECRUIT_SHIFT_LENGTH: return "ce créneau dépasse la durée maximale d'une mission";
  default: return "cette mission ne respecte pas les règles du temps de travail";
  }
}

/* Re-opens a filled need (a confirmed person left) and schedules a wave now. */
static plam_err reopen(struct app_tx *tx, const struct offer_need_rec *n, int64_t now) {
  if (strcmp(n->status, "filled") || n->first_start_min * 60 <= now) return PLAM_OK;
  plam_err e = store_offer_need_set_status(tx->db, n->id, "open");
  if (!e) e = store_offer_waves_mark(tx->db, n->id, n->waves_sent, n->last_wave_at, now);
  if (!e)
    e = app_audit(tx, "reopen", "need", n->id, json_pack("{s:s}", "status", "filled"),
                  json_pack("{s:s}", "status", "open"));
  return e;
}

/* Confirms the offer's candidate on every slot of the need, or refuses. */
static plam_err confirm(struct app_tx *tx, const struct offer_need_rec *n, struct offer_rec *o, int64_t now) {
  struct offer_slot_rec slots[OFFER_MAX_SLOTS];
  int nslot = 0;
  plam_err e = store_offer_slots(tx->db, n->id, slots, OFFER_MAX_SLOTS, &nslot);
  if (e) return e;
  if (!nslot) return conflict(tx->fe, "offer", "ce besoin n'a aucun créneau");
  for (int i = 0; i < nslot; i++)
    if (slots[i].filled >= n->headcount) return conflict(tx->fe, "offer", "tous les postes sont déjà pourvus");
  enum recruit_rule rule;
  char expl[512];
  e = offer_time_check(tx->db, slots, nslot, o->candidate_id, &rule, expl, sizeof expl);
  if (e) return e;
  if (rule != RECRUIT_OK) return conflict(tx->fe, "offer", rule_message(rule));
  for (int i = 0; !e && i < nslot; i++) e = store_offer_assign(tx->db, o->candidate_id, n->id, &slots[i]);
  if (e) return e;
  strcpy(o->status, "confirmed");
  if (!o->accepted_at) o->accepted_at = now;
  o->confirmed_at = now;
  o->undo_until = now + (int64_t)n->undo_min * 60;
  e = store_offer_update(tx->db, o);
  int full = 1;
  for (int i = 0; i < nslot; i++)
    if (slots[i].filled + 1 < n->headcount) full = 0;
  if (!e && full) {
    int c1 = 0, c2 = 0;
    e = store_offer_need_set_status(tx->db, n->id, "filled");
    if (!e) e = store_offer_close_need(tx->db, n->id, "sent", "withdrawn", now, &c1);
    if (!e) e = store_offer_close_need(tx->db, n->id, "accepted", "withdrawn", now, &c2);
    if (!e)
      e = app_audit(tx, "filled", "need", n->id, json_pack("{s:s}", "status", n->status),
                    json_pack("{s:s, s:i}", "status", "filled", "offers_withdrawn", c1 + c2));
  }
  return e;
}

static int late_cancel(const struct offer_need_rec *n, int64_t now) {
  return n->first_start_min * 60 - now < (int64_t)OFFER_LATE_HOURS * 3600;
}

/* ---- the candidate, through the link ---- */

struct link_arg {
  uint8_t hash[32];
  const char *answer, *reason;
  int64_t now;
  json_t *out;
  int64_t offer_id; /* cand: not 0, the offer by id, answered by its candidate's own session */
};

static plam_err link_tx(struct app_tx *tx, void *arg) {
  struct link_arg *x = arg;
  struct offer_rec o;
  plam_err e;
  if (x->offer_id) { /* cand: the same answer from "Mes offres"; another's offer does not exist */
    e = store_offer_get(tx->db, x->offer_id, &o);
    if (!e && (!o.user_id || o.user_id != tx->a->user_id)) e = PLAM_ERR_NOT_FOUND;
  } else {
    e = store_offer_get_by_hash(tx->db, x->hash, &o);
    if (e == PLAM_ERR_NOT_FOUND) field_fail(tx->fe, "token", "lien inconnu");
  }
  if (e) return e;
  struct offer_need_rec n;
  e = store_offer_need_get(tx->db, o.need_id, &n);
  if (e) return e;
  json_t *before = offer_json(&o, 1);
  const char *action = "answer";
  const char *a = x->answer;
  if (!strcmp(a, "accept")) {
    action = "accept";
    if (!strcmp(o.status, "accepted") || !strcmp(o.status, "confirmed"))
      e = conflict(tx->fe, "answer", "vous avez déjà accepté cette offre");
    else if (strcmp(o.status, "sent")) e = conflict(tx->fe, "answer", "cette offre n'est plus ouverte");
    else if (x->now >= o.expires_at) e = conflict(tx->fe, "answer", "cette offre a expiré");
    else if (strcmp(n.status, "open")) e = conflict(tx->fe, "answer", "ce besoin est déjà pourvu ou clos");
    else if (!strcmp(n.fill_mode, "choose")) {
      strcpy(o.status, "accepted");
      o.accepted_at = x->now;
      e = store_offer_update(tx->db, &o);
    } else e = confirm(tx, &n, &o, x->now);
  } else if (!strcmp(a, "decline")) {
    action = "decline";
    if (strcmp(o.status, "sent") && strcmp(o.status, "accepted"))
      e = conflict(tx->fe, "answer", "cette offre n'attend plus de réponse");
    else {
      strcpy(o.status, "declined");
      o.closed_at = x->now;
      e = store_offer_update(tx->db, &o);
    }
  } else if (!strcmp(a, "undo")) {
    action = "undo";
    if (!strcmp(o.status, "accepted")) {
      strcpy(o.status, "undone");
      o.closed_at = x->now;
      e = store_offer_update(tx->db, &o);
    } else if (!strcmp(o.status, "confirmed") && x->now < o.undo_until) {
      e = store_offer_unassign(tx->db, o.candidate_id, n.id);
      strcpy(o.status, "undone");
      o.closed_at = x->now;
      if (!e) e = store_offer_update(tx->db, &o);
      if (!e) e = reopen(tx, &n, x->now);
    } else
      e = conflict(tx->fe, "answer",
                   !strcmp(o.status, "confirmed")
                     ? "le délai pour revenir sur votre accord est passé : annulez avec un "
                       "motif"
                     : "rien à annuler sur cette offre");
  } else if (!strcmp(a, "cancel") || !strcmp(a, "no_show")) {
    int noshow = !strcmp(a, "no_show");
    action = noshow ? "no_show" : "cancel";
    e = reason_check(x->reason, noshow ? BY_CAND_NOSHOW : BY_CAND_CANCEL, tx->fe);
    if (!e && strcmp(o.status, "confirmed"))
      e = conflict(tx->fe, "answer", "seule une mission confirmée peut être annulée");
    if (!e && noshow && x->now < n.first_start_min * 60)
      e = conflict(tx->fe, "answer", "la mission n'a pas encore commencé");
    if (!e && !noshow && x->now >= n.first_start_min * 60)
      e = conflict(tx->fe, "answer", "la mission a commencé : signalez plutôt une absence de mission");
    if (!e) e = store_offer_assign_status(tx->db, o.candidate_id, n.id, "cancelled");
    if (!e)
      e = store_offer_event_insert(tx->db, o.id, o.candidate_id, noshow ? "no_show_employer" : "cancel_candidate",
                                   x->reason, noshow ? 0 : late_cancel(&n, x->now), x->now, tx->a->user_id);
    if (!e) {
      strcpy(o.status, "cancelled");
      o.closed_at = x->now;
      e = store_offer_update(tx->db, &o);
    }
    if (!e && !noshow) e = reopen(tx, &n, x->now);
  } else e = field_fail(tx->fe, "answer", "réponse inconnue");
  if (e) {
    json_decref(before);
    return e;
  }
  e = store_offer_get(tx->db, o.id, &o);
  if (e) {
    json_decref(before);
    return e;
  }
  x->out = offer_json(&o, 1);
  if (x->reason && *x->reason && x->out) json_object_set_new(x->out, "reason", json_string(x->reason));
  static const char *const actions[] = {"accept", "decline", "undo", "cancel", "no_show", "answer"};
  const char *act = "answer";
  for (int i = 0; i < 6; i++)
    if (!strcmp(actions[i], action)) act = actions[i];
  return app_audit(tx, act, "offer", o.id, before, json_incref(x->out));
}

static plam_err answer_run(struct db *db, const struct actor *a, struct link_arg *xp, json_t **out,
                           struct field_error *fe);

plam_err offer_link_answer(struct db *db, const struct actor *a, const char *token, const char *answer,
                           const char *reason, int64_t now, json_t **out, struct field_error *fe) {
  struct link_arg x = {.answer = answer, .reason = reason, .now = now};
  if (offer_token_hash(token, x.hash)) return field_fail(fe, "token", "lien invalide");
  return answer_run(db, a, &x, out, fe);
}

plam_err offer_my_answer(struct db *db, const struct actor *a, int64_t offer_id, const char *answer, const char *reason,
                         int64_t now, json_t **out, struct field_error *fe) {
  struct link_arg x = {.answer = answer, .reason = reason, .now = now, .offer_id = offer_id};
  if (offer_id <= 0 || !a->user_id) return PLAM_ERR_NOT_FOUND;
  return answer_run(db, a, &x, out, fe);
}

/* The answer of link_tx, checked, in its write (by link or by id). */
static plam_err answer_run(struct db *db, const struct actor *a, struct link_arg *xp, json_t **out,
                           struct field_error *fe) {
  struct link_arg x = *xp;
  const char *answer = x.answer, *reason = x.reason;
  plam_err e = text_enum("answer", answer, offer_answers, 1, fe);
  if (e) return e;
  if (reason && *reason && (e = text_enum("reason", reason, offer_reasons, 0, fe))) return e;
  e = app_write(db, a, link_tx, &x, fe);
  if (e) {
    json_decref(x.out);
    return e;
  }
  *out = x.out;
  return PLAM_OK;
}

json_t *offer_can_json(const struct offer_rec *o, const struct offer_need_rec *n, int64_t now) {
  int open = !strcmp(o->status, "sent") && now < o->expires_at && !strcmp(n->status, "open");
  int confirmed = !strcmp(o->status, "confirmed");
  return json_pack("{s:b, s:b, s:b, s:b, s:b}", "accept", open, "decline", open || !strcmp(o->status, "accepted"),
                   "undo", !strcmp(o->status, "accepted") || (confirmed && now < o->undo_until), "cancel",
                   confirmed && now < n->first_start_min * 60, "no_show", confirmed && now >= n->first_start_min * 60);
}

struct view_arg {
  uint8_t hash[32];
  int64_t now;
  json_t *out;
};

/* Opening the link records when the candidate first saw the offer (the
 * response rate counts it) and returns the offer with the need. */
static plam_err view_tx(struct app_tx *tx, void *arg) {
  struct view_arg *x = arg;
  struct db *db = tx->db;
  struct offer_rec o;
  struct offer_need_rec n;
  struct offer_slot_rec slots[OFFER_MAX_SLOTS];
  int nslot = 0;
  plam_err e = store_offer_get_by_hash(db, x->hash, &o);
  if (e == PLAM_ERR_NOT_FOUND) field_fail(tx->fe, "token", "lien inconnu");
  if (!e) e = store_offer_need_get(db, o.need_id, &n);
  if (!e) e = store_offer_slots(db, n.id, slots, OFFER_MAX_SLOTS, &nslot);
  int64_t seen_before = o.seen_at;
  if (!e) e = store_offer_seen(db, o.id, x->now);
  if (!e && !o.seen_at) o.seen_at = x->now;
  if (e) return e;
  json_t *j = offer_json(&o, 1);
  json_t *need = offer_public_json(&n, 0);
  json_t *sl = json_array();
  for (int i = 0; sl && i < nslot; i++)
    json_array_append_new(sl, json_pack("{s:s, s:s}", "start_at", slots[i].start_at, "end_at", slots[i].end_at));
  if (!j || !need || !sl) {
    json_decref(j);
    json_decref(need);
    json_decref(sl);
    return PLAM_ERR_NOMEM;
  }
  json_object_set_new(need, "slot_list", sl);
  json_object_set_new(need, "fill_mode", json_string(n.fill_mode));
  json_object_set_new(j, "need", need);
  json_object_set_new(j, "can", offer_can_json(&o, &n, x->now));
  x->out = j;
  return app_audit(tx, "view", "offer", o.id, json_pack("{s:o}", "seen_at", json_integer(seen_before)),
                   json_pack("{s:I}", "seen_at", (json_int_t)o.seen_at));
}

plam_err offer_link_view(struct db *db, const struct actor *a, const char *token, int64_t now, json_t **out,
                         struct field_error *fe) {
  struct view_arg x = {.now = now};
  if (offer_token_hash(token, x.hash)) return field_fail(fe, "token", "lien invalide");
  plam_err e = app_write(db, a, view_tx, &x, fe);
  if (e) {
    json_decref(x.out);
    return e;
  }
  *out = x.out;
  return PLAM_OK;
}

/* ---- the establishment ---- */

struct emp_arg {
  int64_t offer_id;
  const char *answer, *reason; /* answer NULL: choose */
  int64_t now;
  json_t *out;
};

static plam_err emp_tx(struct app_tx *tx, void *arg) {
  struct emp_arg *x = arg;
  struct offer_rec o;
  plam_err e = store_offer_get(tx->db, x->offer_id, &o);
  if (e) return e;
  struct offer_need_rec n;
  e = store_offer_need_get(tx->db, o.need_id, &n);
  if (e) return e;
  if (!offer_may_manage(tx->a, &n)) return PLAM_ERR_FORBIDDEN;
  json_t *before = offer_json(&o, o.accepted_at != 0);
  const char *act;
  if (!x->answer) {
    act = "choose";
    if (strcmp(n.fill_mode, "choose"))
      e = conflict(tx->fe, "offer", "ce besoin est pourvu par le premier qui confirme");
    else if (strcmp(o.status, "accepted")) e = conflict(tx->fe, "offer", "ce candidat n'a pas accepté l'offre");
    else if (strcmp(n.status, "open")) e = conflict(tx->fe, "offer", "ce besoin est déjà pourvu ou clos");
    else e = confirm(tx, &n, &o, x->now);
  } else {
    int noshow = !strcmp(x->answer, "no_show");
    act = noshow ? "no_show" : "cancel";
    if (!noshow && strcmp(x->answer, "cancel")) e = field_fail(tx->fe, "answer", "réponse inconnue");
    if (!e) e = reason_check(x->reason, noshow ? BY_EMP_NOSHOW : BY_EMP_CANCEL, tx->fe);
    if (!e && strcmp(o.status, "confirmed"))
      e = conflict(tx->fe, "offer", "seule une mission confirmée peut être annulée");
    if (!e && noshow && x->now < n.first_start_min * 60)
      e = conflict(tx->fe, "offer", "la mission n'a pas encore commencé");
    if (!e) e = store_offer_assign_status(tx->db, o.candidate_id, n.id, noshow ? "no_show" : "cancelled");
    if (!e)
      e = store_offer_event_insert(tx->db, o.id, o.candidate_id, noshow ? "no_show_candidate" : "cancel_employer",
                                   x->reason, noshow ? 0 : late_cancel(&n, x->now), x->now, tx->a->user_id);
    if (!e) {
      strcpy(o.status, noshow ? "no_show" : "cancelled");
      o.closed_at = x->now;
      e = store_offer_update(tx->db, &o);
    }
    if (!e && !noshow) {
      if (!strcmp(x->reason, "need_cancelled")) {
        int c1 = 0, c2 = 0;
        e = store_offer_need_set_status(tx->db, n.id, "cancelled");
        if (!e) e = store_offer_close_need(tx->db, n.id, "sent", "withdrawn", x->now, &c1);
        if (!e) e = store_offer_close_need(tx->db, n.id, "accepted", "withdrawn", x->now, &c2);
        if (!e)
          e = app_audit(tx, "cancel", "need", n.id, json_pack("{s:s}", "status", n.status),
                        json_pack("{s:s, s:i}", "status", "cancelled", "offers_withdrawn", c1 + c2));
      } else e = reopen(tx, &n, x->now);
    }
  }
  if (!e) e = store_offer_get(tx->db, o.id, &o);
  if (e) {
    json_decref(before);
    return e;
  }
  x->out = offer_json(&o, 1);
  if (x->reason && x->out) json_object_set_new(x->out, "reason", json_string(x->reason));
  return app_audit(tx, act, "offer", o.id, before, json_incref(x->out));
}

plam_err offer_choose(struct db *db, const struct actor *a, int64_t offer_id, int64_t now, json_t **out,
                      struct field_error *fe) {
  struct emp_arg x = {offer_id, NULL, NULL, now, NULL};
  plam_err e = app_write(db, a, emp_tx, &x, fe);
  if (e) {
    json_decref(x.out);
    return e;
  }
  *out = x.out;
  return PLAM_OK;
}

plam_err offer_employer_event(struct db *db, const struct actor *a, int64_t offer_id, const char *answer,
                              const char *reason, int64_t now, json_t **out, struct field_error *fe) {
  if (!answer || (strcmp(answer, "cancel") && strcmp(answer, "no_show")))
    return field_fail(fe, "answer", "cancel ou no_show attendu");
  plam_err e = text_enum("reason", reason, offer_reasons, 1, fe);
  if (e) return e;
  struct emp_arg x = {offer_id, answer, reason, now, NULL};
  e = app_write(db, a, emp_tx, &x, fe);
  if (e) {
    json_decref(x.out);
    return e;
  }
  *out = x.out;
  return PLAM_OK;
}

/* ---- reads ---- */

plam_err offer_need_offers(struct db *db, const struct actor *a, int64_t need_id, int64_t now, json_t **out) {
  (void)now;
  plam_err e = store_read_begin(db);
  if (e) return e;
  struct offer_need_rec n;
  struct offer_rec *rows = NULL;
  int nrows = 0;
  struct offer_slot_rec slots[OFFER_MAX_SLOTS];
  int nslot = 0;
  e = store_offer_need_get(db, need_id, &n);
  if (!e && !offer_may_manage(a, &n)) e = PLAM_ERR_FORBIDDEN;
  if (!e) e = store_offer_slots(db, need_id, slots, OFFER_MAX_SLOTS, &nslot);
  if (!e) e = store_offer_list_need(db, need_id, &rows, &nrows);
  store_read_end(db);
  if (e) return e;
  json_t *j = offer_need_json(&n);
  json_t *arr = json_array(), *sl = json_array();
  for (int i = 0; arr && i < nrows; i++) {
    /* contact details only once the candidate accepted (and not after they took it back) */
    int contact = rows[i].accepted_at && strcmp(rows[i].status, "undone") && strcmp(rows[i].status, "declined");
    json_array_append_new(arr, offer_json(&rows[i], contact));
  }
  for (int i = 0; sl && i < nslot; i++)
    json_array_append_new(sl, json_pack("{s:I, s:s, s:s, s:i}", "id", (json_int_t)slots[i].id, "start_at",
                                        slots[i].start_at, "end_at", slots[i].end_at, "filled", slots[i].filled));
  free(rows);
  if (!j || !arr || !sl) {
    json_decref(j);
    json_decref(arr);
    json_decref(sl);
    return PLAM_ERR_NOMEM;
  }
  json_object_set_new(j, "slot_list", sl);
  json_object_set_new(j, "offers", arr);
  *out = j;
  return PLAM_OK;
}

plam_err offer_public_list(struct db *db, const struct offer_public_filter *f, json_t **out) {
  struct store_offer_public_filter sf = {f->departement, f->profession, f->contract, f->area_id};
  struct offer_need_rec *rows = NULL;
  int n = 0;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_offer_public_list(db, &sf, &rows, &n);
  store_read_end(db);
  if (e) return e;
  json_t *arr = json_array();
  for (int i = 0; arr && i < n; i++) json_array_append_new(arr, offer_public_json(&rows[i], 0));
  free(rows);
  if (!arr) return PLAM_ERR_NOMEM;
  *out = arr;
  return PLAM_OK;
}

plam_err offer_public_get(struct db *db, const struct actor *a, int64_t need_id, json_t **out) {
  struct offer_need_rec n;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_offer_need_get(db, need_id, &n);
  store_read_end(db);
  if (e) return e;
  if (strcmp(n.status, "open") && !offer_may_manage(a, &n)) return PLAM_ERR_NOT_FOUND;
  *out = offer_public_json(&n, 1);
  return *out ? PLAM_OK : PLAM_ERR_NOMEM;
}

plam_err offer_feed(struct db *db, json_t **out) {
  struct store_offer_public_filter sf = {NULL, NULL, NULL, 0};
  struct offer_need_rec *rows = NULL;
  int n = 0;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_offer_public_list(db, &sf, &rows, &n);
  store_read_end(db);
  if (e) return e;
  json_t *arr = json_array();
  for (int i = 0; arr && i < n; i++) json_array_append_new(arr, offer_public_json(&rows[i], 1));
  free(rows);
  if (!arr) return PLAM_ERR_NOMEM;
  *out = json_pack("{s:s, s:i, s:o}", "format", "plam-offres/1", "count", n, "offers", arr);
  return *out ? PLAM_OK : PLAM_ERR_NOMEM;
}
