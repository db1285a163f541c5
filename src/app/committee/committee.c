/* Territorial committee workbooks, the rules over the database (see
 * committee.h). The current rows of a committee are loaded in the caller's
 * transaction: a read one for the download and the upload's diff, the write
 * one of an approval, so that the stale check (every changed row's known
 * values still equal those the diff was computed against) and the inserts
 * see the same state. An approval proposes the values like a measurement
 * import: one batch, one cached INSERT per value, the plan's generation
 * bump and one audit entry, in one transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "app/access/write.h"
#include "app/committee/committee.h"
#include "base/utf8.h"
#include "app/plan/plan.h"
#include "app/plan/plan_where.h"
#include "app/plan/progress.h"
#include "store/store_tx.h"
#include "store/store.h"
#include "store/store_committee.h"
#include "store/store_plan.h"
#include "store/store_plan_io.h"

#define MAX_TARGETS 64
#define LIST_UPLOADS 10

static void today(char out[11]) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Baseline and next target of the row among the indicator's current ones:
 * those of the row's territory when it has any, else those of the scope. The
 * next target is the earliest one due today or later, else the undated one,
 * else the latest past one. */
static void pick_targets(struct committee_row *r, const struct committee_target_rec *t, size_t n, const char *day) {
  const char *scope = r->ref_territory;
  int own = 0;
  for (size_t i = 0; i < n; i++)
    if (!strcmp(t[i].territory_id, r->territory)) own = 1;
  const char *ref = own ? r->territory : scope;
  int any = 0;
  long next = -1, undated = -1, past = -1;
  for (size_t i = 0; i < n; i++) {
    if (strcmp(t[i].territory_id, ref)) continue;
    any = 1;
    if (!strcmp(t[i].kind, "baseline")) {
      r->has_baseline = 1;
      r->baseline = t[i].value;
      snprintf(r->baseline_on, sizeof r->baseline_on, "%s", t[i].due_on);
    } else if (!t[i].due_on[0]) undated = (long)i;
    else if (strcmp(t[i].due_on, day) >= 0) {
      if (next < 0 || strcmp(t[i].due_on, t[next].due_on) < 0) next = (long)i;
    } else if (past < 0 || strcmp(t[i].due_on, t[past].due_on) >= 0) past = (long)i;
  }
  long pick = next >= 0 ? next : undated >= 0 ? undated : past;
  if (pick >= 0) {
    r->has_target = 1;
    r->target = t[pick].value;
    snprintf(r->target_on, sizeof r->target_on, "%s", t[pick].due_on);
  }
  char keep[12];
  snprintf(keep, sizeof keep, "%s", any ? ref : "");
  memcpy(r->ref_territory, keep, sizeof keep);
}

/* Keeps the rows whose indicator is measured on their territory, by the one
 * rule of app/plan/plan_where.h (the store returned every candidate). */
static plam_err keep_measured_here(struct db *db, int64_t plan_id, struct committee_row *rows, size_t *n) {
  char(*pt)[12] = NULL, (*it_terr)[12] = NULL;
  int64_t *it_ind = NULL;
  int npt = 0, nit = 0;
  plam_err e = store_plan_territories(db, plan_id, &pt, &npt);
  if (!e) e = store_plan_indicator_territories(db, plan_id, &it_ind, &it_terr, &nit);
  size_t kept = 0;
  for (size_t i = 0; !e && i < *n; i++) {
    char where[PROGRESS_MAX_TERRITORIES][12];
    size_t nw = plan_where(rows[i].breakdown, rows[i].indicator_id, rows[i].ref_territory, it_ind,
                           (const char(*)[12])it_terr, (size_t)nit, (const char(*)[12])pt, (size_t)npt, where,
                           PROGRESS_MAX_TERRITORIES);
    if (plan_where_has((const char(*)[12])where, nw, rows[i].territory)) {
      if (kept != i) rows[kept] = rows[i];
      kept++;
    }
  }
  if (!e) *n = kept;
  free(pt);
  free(it_ind);
  free(it_terr);
  return e;
}

/* The committee (must be territorial with a territory, in a plan a may read)
 * and its current rows with a->allowed, in display order. The caller holds a
 * transaction. */
static plam_err load(struct db *db, const struct actor *a, int64_t body_id, struct committee_body_rec *body,
                     struct committee_row **rows, size_t *n, struct field_error *fe) {
  *rows = NULL;
  *n = 0;
  if (!plan_is_staff(a) && a->role != ROLE_PILOT) return PLAM_ERR_FORBIDDEN;
  plam_err e = store_committee_body_get(db, body_id, body);
  if (e) return e;
  struct plan_rec p;
  if ((e = plan_get_readable(db, a, body->plan_id, &p))) return e;
  if (strcmp(body->kind, "territorial") || !body->territory_id[0])
    return field_fail(fe, "id", "cette instance n'est pas un comité territorial rattaché à un territoire");
  if ((e = store_committee_rows(db, body->plan_id, body->territory_id, rows, n))) return e;
  if ((e = keep_measured_here(db, body->plan_id, *rows, n))) return e;
  char day[11];
  today(day);
  struct committee_target_rec t[MAX_TARGETS];
  for (size_t i = 0; !e && i < *n; i++) {
    struct committee_row *r = &(*rows)[i];
    size_t nt = 0;
    e = store_committee_targets(db, r->indicator_id, r->territory, r->ref_territory, t, MAX_TARGETS, &nt);
    if (e) break;
    pick_targets(r, t, nt, day);
    int has, has_value;
    e = store_committee_last(db, r->indicator_id, r->territory, &has, &has_value, &r->last, r->last_on,
                             &r->last_measurement_id);
    r->has_last = has && has_value;
    if (e) break;
    if (i > 0 && (*rows)[i - 1].indicator_id == r->indicator_id) { /* its definition, for the bounds */
      memcpy(r->kind, (*rows)[i - 1].kind, sizeof r->kind);
      memcpy(r->aggregation, (*rows)[i - 1].aggregation, sizeof r->aggregation);
      r->ratio_scale = (*rows)[i - 1].ratio_scale;
    } else {
      struct indicator_rec ir;
      int64_t plan_id;
      if ((e = store_indicator_get(db, r->indicator_id, &ir, &plan_id))) break;
      snprintf(r->kind, sizeof r->kind, "%s", ir.kind);
      snprintf(r->aggregation, sizeof r->aggregation, "%s", ir.aggregation);
      r->ratio_scale = ir.ratio_scale;
    }
    if (i > 0 && (*rows)[i - 1].action_id == r->action_id) r->allowed = (*rows)[i - 1].allowed;
    else {
      e = plan_can_edit_action(db, a, r->action_id);
      r->allowed = !e;
      if (e == PLAM_ERR_FORBIDDEN) e = PLAM_OK;
    }
  }
  if (e) {
    free(*rows);
    *rows = NULL;
    *n = 0;
  }
  return e;
}

plam_err committee_workbook(struct db *db, const struct actor *a, int64_t body_id, char **out, size_t *out_len,
                            char name[128], struct field_error *fe) {
  *out = NULL;
  *out_len = 0;
  struct committee_body_rec body;
  struct committee_row *rows;
  size_t n;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = load(db, a, body_id, &body, &rows, &n, fe);
  store_read_end(db);
  if (e) return e;
  size_t k = 0; /* a pilot's workbook holds the rows they may fill */
  for (size_t i = 0; i < n; i++)
    if (rows[i].allowed) rows[k++] = rows[i];
  if (!k) { /* no empty file (issue 9, item 10): say why, as the page does */
    free(rows);
    field_fail(fe, "id",
               n ? "aucune ligne de ce classeur ne porte sur une action que vous pilotez : il n'y a rien à remplir"
                 : "aucun indicateur du plan n'est suivi sur ce territoire (décliné par département ou mesuré à "
                   "son échelle) : le classeur n'aurait aucune ligne");
    return PLAM_ERR_CONFLICT;
  }
  char day[11];
  today(day);
  snprintf(name, 128, "comite-%s-%s.xlsx", body.territory_id, day);
  e = committee_book_write(body.name, rows, k, out, out_len);
  free(rows);
  return e;
}

static void batch_id(int64_t upload_id, char out[64]) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  char ts[20];
  strftime(ts, sizeof ts, "%Y%m%dT%H%M%SZ", &tm);
  snprintf(out, 64, "comite-%lld-%s", (long long)upload_id, ts);
}

struct upload_arg {
  const struct committee_upload_rec *u;
  const char *diff_text;
  int64_t id;
};

static plam_err upload_tx(struct app_tx *tx, void *arg) {
  struct upload_arg *x = arg;
  const struct committee_upload_rec *u = x->u;
  plam_err e = store_committee_upload_insert(tx->db, u, x->diff_text, &x->id);
  if (e) return e;
  json_t *after = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:I}", "body_id", (json_int_t)u->body_id,
                            "territory_id", u->territory_id, "file", u->file_name, "file_sha256", u->file_sha256,
                            "file_size", (json_int_t)u->file_size, "rows", (json_int_t)u->rows_read, "changes",
                            (json_int_t)u->changes, "errors", (json_int_t)u->errors);
  return after ? app_audit(tx, "upload", "committee_uploads", x->id, NULL, after) : PLAM_ERR_NOMEM;
}

plam_err committee_upload(struct db *db, const struct actor *a, int64_t body_id, const void *data, size_t len,
                          const char *file_name, json_t **out, struct field_error *fe) {
  *out = NULL;
  if (!len) return field_fail(fe, "file", "le fichier est vide : envoyez le classeur XLSX rempli");
  if (file_name && (strlen(file_name) > 255 || !utf8_valid(file_name, strlen(file_name), NULL)))
    return field_fail(fe, "filename", "nom de fichier trop long (255 octets au plus) ou mal encodé");
  struct committee_body_rec body;
  struct committee_row *rows;
  size_t n;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = load(db, a, body_id, &body, &rows, &n, fe);
  store_read_end(db);
  if (e) return e;
  committee_rows_sort(rows, n);
  struct committee_diff d;
  e = committee_diff_compute(rows, n, data, len, &d);
  json_t *diff = e ? NULL : committee_diff_json(rows, &d);
  char *text = diff ? json_dumps(diff, JSON_COMPACT) : NULL;
  json_decref(diff);
  free(rows);
  if (e) return e; /* committee_diff_compute freed d */
  if (!text) {
    committee_diff_free(&d);
    return PLAM_ERR_NOMEM;
  }
  struct committee_upload_rec u;
  memset(&u, 0, sizeof u);
  u.body_id = body_id;
  u.plan_id = body.plan_id;
  snprintf(u.territory_id, sizeof u.territory_id, "%s", body.territory_id);
  u.uploaded_by = a->user_id;
  snprintf(u.file_name, sizeof u.file_name, "%s", file_name ? file_name : "");
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, data, (unsigned long long)len);
  for (int i = 0; i < (int)sizeof h; i++) snprintf(u.file_sha256 + 2 * i, 3, "%02x", h[i]);
  u.file_size = (int64_t)len;
  u.rows_read = (int64_t)d.rows;
  u.changes = (int64_t)d.nchanges;
  u.errors = (int64_t)d.total_errors;
  committee_diff_free(&d);
  struct upload_arg x = {&u, text, 0};
  e = app_write(db, a, upload_tx, &x, fe);
  free(text);
  if (e) return e;
  return committee_upload_json(db, a, x.id, out);
}

/* The upload's JSON: its record, the committee and the stored diff. */
static json_t *upload_json(const struct committee_upload_rec *u, const char *body_name, json_t *diff) {
  json_t *o = json_pack("{s:I, s:I, s:s, s:I, s:s, s:I, s:s, s:s, s:o, s:s, s:I, s:I, s:I, s:I, s:s, s:o, s:o, s:o}",
                        "id", (json_int_t)u->id, "body_id", (json_int_t)u->body_id, "body_name", body_name, "plan_id",
                        (json_int_t)u->plan_id, "territory_id", u->territory_id, "uploaded_by",
                        (json_int_t)u->uploaded_by, "uploader", u->uploader, "uploaded_at", u->uploaded_at, "file_name",
                        u->file_name[0] ? json_string(u->file_name) : json_null(), "file_sha256", u->file_sha256,
                        "file_size", (json_int_t)u->file_size, "rows", (json_int_t)u->rows_read, "changes_total",
                        (json_int_t)u->changes, "errors_count", (json_int_t)u->errors, "status", u->status,
                        "decided_by", u->decider[0] ? json_string(u->decider) : json_null(), "decided_at",
                        u->decided_at[0] ? json_string(u->decided_at) : json_null(), "batch",
                        u->batch[0] ? json_string(u->batch) : json_null());
  if (o && diff) json_object_update(o, diff);
  return o;
}

/* Every changed row of the diff is an action a may edit (and there is one). */
static plam_err may_edit_all(struct db *db, const struct actor *a, json_t *diff) {
  json_t *changes = json_object_get(diff, "changes");
  if (!json_array_size(changes)) return PLAM_ERR_FORBIDDEN;
  size_t i;
  json_t *c;
  json_array_foreach(changes, i, c) {
    plam_err e = plan_can_edit_action(db, a, json_integer_value(json_object_get(c, "action_id")));
    if (e) return e;
  }
  return PLAM_OK;
}

/* Who may see an upload: staff, its uploader, or a pilot of the action of
 * at least one changed row. */
static plam_err may_see(struct db *db, const struct actor *a, const struct committee_upload_rec *u, json_t *diff) {
  if (plan_is_staff(a) || (a->user_id && a->user_id == u->uploaded_by)) return PLAM_OK;
  size_t i;
  json_t *c;
  json_array_foreach(json_object_get(diff, "changes"), i, c) {
    plam_err e = plan_can_edit_action(db, a, json_integer_value(json_object_get(c, "action_id")));
    if (e != PLAM_ERR_FORBIDDEN) return e;
  }
  return PLAM_ERR_FORBIDDEN;
}

static plam_err read_upload(struct db *db, const struct actor *a, int64_t id, struct committee_upload_rec *u,
                            struct committee_body_rec *body, json_t **diff) {
  *diff = NULL;
  char *text = NULL;
  plam_err e = store_committee_upload_get(db, id, u, &text);
  if (!e) e = store_committee_body_get(db, u->body_id, body);
  struct plan_rec p;
  if (!e) e = plan_get_readable(db, a, u->plan_id, &p);
  if (!e && !(*diff = json_loads(text, 0, NULL))) e = PLAM_ERR_INTERNAL;
  free(text);
  if (!e) e = may_see(db, a, u, *diff);
  if (e) {
    json_decref(*diff);
    *diff = NULL;
  }
  return e;
}

plam_err committee_upload_json(struct db *db, const struct actor *a, int64_t upload_id, json_t **out) {
  *out = NULL;
  if (!plan_is_staff(a) && a->role != ROLE_PILOT) return PLAM_ERR_FORBIDDEN;
  struct committee_upload_rec u;
  struct committee_body_rec body;
  json_t *diff;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = read_upload(db, a, upload_id, &u, &body, &diff);
  store_read_end(db);
  if (e) return e;
  *out = upload_json(&u, body.name, diff);
  json_decref(diff);
  return *out ? PLAM_OK : PLAM_ERR_NOMEM;
}

static long find(const struct committee_row *rows, size_t n, int64_t ind, const char *terr) {
  for (size_t i = 0; i < n; i++)
    if (rows[i].indicator_id == ind && !strcmp(rows[i].territory, terr)) return (long)i;
  return -1;
}

/* Row i of the insert: the diff's change i, a value with the workbook as
 * its source. */
struct change_src {
  json_t *changes;
  const char *source;
};
static void change_row(void *ud, size_t i, struct store_meas_import *m) {
  const struct change_src *s = ud;
  json_t *c = json_array_get(s->changes, i);
  m->indicator_id = json_integer_value(json_object_get(c, "indicator_id"));
  m->territory_id = json_string_value(json_object_get(c, "territory_id"));
  m->value_on = json_string_value(json_object_get(c, "value_on"));
  m->has_value = 1;
  m->value = json_number_value(json_object_get(c, "value"));
  m->source = s->source;
  m->comment = json_string_value(json_object_get(c, "comment"));
}

/* Checks and inserts every change of the diff (one INSERT … SELECT, as the
 * file import); the caller holds the write transaction. */
static plam_err propose(struct db *db, const struct actor *a, const struct committee_upload_rec *u,
                        const struct committee_body_rec *body, json_t *diff, const char *batch, size_t *count,
                        struct field_error *fe) {
  struct committee_body_rec cur_body;
  struct committee_row *rows;
  size_t n;
  plam_err e = load(db, a, u->body_id, &cur_body, &rows, &n, fe);
  if (e) return e;
  json_t *changes = json_object_get(diff, "changes");
  size_t i;
  json_t *c;
  char fp[256], msg[200];
  json_array_foreach(changes, i, c) { /* rights first: a pilot learns nothing of other rows' state */
    long k = find(rows, n, json_integer_value(json_object_get(c, "indicator_id")),
                  json_string_value(json_object_get(c, "territory_id")) ?: "");
    if (k >= 0 && !rows[k].allowed) {
      snprintf(msg, sizeof msg, "ligne %lld : vous ne pilotez pas l'action %s",
               (long long)json_integer_value(json_object_get(c, "row")), rows[k].action_number);
      field_fail(fe, "changes", msg);
      e = PLAM_ERR_FORBIDDEN;
      goto done;
    }
  }
  json_array_foreach(changes, i, c) {
    long row = (long)json_integer_value(json_object_get(c, "row"));
    long k = find(rows, n, json_integer_value(json_object_get(c, "indicator_id")),
                  json_string_value(json_object_get(c, "territory_id")) ?: "");
    if (k >= 0) committee_row_fingerprint(&rows[k], fp, sizeof fp);
    const char *was = json_string_value(json_object_get(c, "fingerprint"));
    if (!json_is_string(json_object_get(c, "territory_id")) || !json_is_string(json_object_get(c, "value_on"))) {
      e = PLAM_ERR_INTERNAL; /* the stored diff always has them */
      goto done;
    }
    if (k < 0 || !was || strcmp(was, fp)) {
      snprintf(msg, sizeof msg, "ligne %ld : %s depuis le dépôt ; déposez un classeur à jour", row,
               k < 0 ? "la ligne ne fait plus partie du classeur du comité"
                     : "la cible ou la dernière valeur validée a changé");
      field_fail(fe, "changes", msg);
      e = PLAM_ERR_CONFLICT;
      goto done;
    }
  }
  char source[400];
  snprintf(source, sizeof source, "Classeur du comité territorial « %.300s » (dépôt n° %lld)", body->name,
           (long long)u->id);
  int64_t batch_id = 0;
  struct change_src src = {.changes = changes, .source = source};
  e = store_meas_batch_create(db, batch, a->user_id, &batch_id);
  if (!e) e = store_meas_import_all(db, json_array_size(changes), change_row, &src, a->user_id, batch_id);
  if (e) goto done;
  *count = json_array_size(changes);
done:
  free(rows);
  return e;
}

struct decide_arg {
  int64_t upload_id;
  int approve;
};

static plam_err decide_tx(struct app_tx *tx, void *arg) {
  const struct decide_arg *x = arg;
  struct db *db = tx->db;
  const struct actor *a = tx->a;
  struct field_error *fe = tx->fe;
  int approve = x->approve;
  struct committee_upload_rec u;
  struct committee_body_rec body;
  json_t *diff = NULL;
  char batch[64] = "";
  size_t count = 0;
  plam_err e = read_upload(db, a, x->upload_id, &u, &body, &diff);
  if (!e && strcmp(u.status, "pending")) {
    e = PLAM_ERR_CONFLICT;
    field_fail(fe, "status", !strcmp(u.status, "approved") ? "ce dépôt a déjà été approuvé" : "ce dépôt a été écarté");
  }
  /* discarding: staff, the uploader, or a pilot of every changed row; approving is checked row by row */
  if (!e && !approve && !plan_is_staff(a) && a->user_id != u.uploaded_by) e = may_edit_all(db, a, diff);
  if (!e && approve) {
    if (u.errors)
      e = field_fail(fe, "errors", "le classeur contient des erreurs : corrigez-le et déposez-le à nouveau");
    else if (!u.changes) e = field_fail(fe, "changes", "ce dépôt ne contient aucune nouvelle valeur à proposer");
    if (!e) {
      batch_id(u.id, batch);
      e = propose(db, a, &u, &body, diff, batch, &count, fe);
    }
    if (!e) e = store_plan_bump(db, u.plan_id);
  }
  if (!e)
    e = store_committee_upload_decide(db, u.id, approve ? "approved" : "discarded", a->user_id, approve ? batch : NULL);
  json_decref(diff);
  if (e) return e;
  json_t *before = json_pack("{s:s}", "status", "pending");
  json_t *after = approve ? json_pack("{s:s, s:s, s:I}", "status", "approved", "batch", batch, "measurements",
                                      (json_int_t)count)
                          : json_pack("{s:s}", "status", "discarded");
  if (!before || !after) {
    json_decref(before);
    json_decref(after);
    return PLAM_ERR_NOMEM;
  }
  return app_audit(tx, approve ? "approve" : "discard", "committee_uploads", u.id, before, after);
}

static plam_err decide(struct db *db, const struct actor *a, int64_t upload_id, int approve, json_t **out,
                       struct field_error *fe) {
  *out = NULL;
  if (!plan_is_staff(a) && a->role != ROLE_PILOT) return PLAM_ERR_FORBIDDEN;
  struct decide_arg x = {upload_id, approve};
  plam_err e = app_write(db, a, decide_tx, &x, fe);
  if (e) return e;
  return committee_upload_json(db, a, upload_id, out);
}

plam_err committee_approve(struct db *db, const struct actor *a, int64_t upload_id, json_t **out,
                           struct field_error *fe) {
  return decide(db, a, upload_id, 1, out, fe);
}

plam_err committee_discard(struct db *db, const struct actor *a, int64_t upload_id, json_t **out,
                           struct field_error *fe) {
  return decide(db, a, upload_id, 0, out, fe);
}

plam_err committee_list_json(struct db *db, const struct actor *a, json_t **out) {
  *out = NULL;
  if (!plan_is_staff(a) && a->role != ROLE_PILOT) return PLAM_ERR_FORBIDDEN;
  struct committee_body_rec *bodies = NULL;
  size_t nb = 0;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_committee_bodies(db, &bodies, &nb);
  json_t *arr = e ? NULL : json_array();
  if (!e && !arr) e = PLAM_ERR_NOMEM;
  struct committee_upload_rec ups[LIST_UPLOADS];
  for (size_t i = 0; !e && i < nb; i++) {
    struct committee_body_rec body;
    struct committee_row *rows;
    size_t n;
    plam_err le = load(db, a, bodies[i].id, &body, &rows, &n, NULL);
    if (le == PLAM_ERR_NOT_FOUND) continue; /* a draft plan the actor may not read */
    if ((e = le)) break;
    size_t allowed = 0;
    for (size_t k = 0; k < n; k++) allowed += rows[k].allowed != 0;
    free(rows);
    size_t nu = 0;
    if ((e = store_committee_uploads_of_body(db, body.id, ups, LIST_UPLOADS, &nu))) break;
    json_t *uploads = json_array();
    for (size_t k = 0; uploads && k < nu; k++) {
      json_array_append_new(uploads, json_pack("{s:I, s:s, s:s, s:s, s:I, s:I}", "id", (json_int_t)ups[k].id, "status",
                                               ups[k].status, "uploaded_at", ups[k].uploaded_at, "uploader",
                                               ups[k].uploader, "changes_total", (json_int_t)ups[k].changes,
                                               "errors_count", (json_int_t)ups[k].errors));
    }
    json_t *o = uploads ? json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:I, s:I, s:o}", "id", (json_int_t)body.id, "name",
                                    body.name, "plan_id", (json_int_t)body.plan_id, "plan_title", body.plan_title,
                                    "territory_id", body.territory_id, "territory_name", body.territory_name, "rows",
                                    (json_int_t)n, "rows_editable", (json_int_t)allowed, "uploads", uploads)
                        : NULL;
    if (!o || json_array_append_new(arr, o)) e = PLAM_ERR_NOMEM;
  }
  store_read_end(db);
  free(bodies);
  if (e) {
    json_decref(arr);
    return e;
  }
  *out = arr;
  return PLAM_OK;
}
