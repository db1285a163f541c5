/* Campaign runs: the engine bundle built from the database, the run itself
 * (engine + its independent checker, src/app/alloc), the stored result and
 * what each side may see of it. See campaign.h and docs/ALLOCATION.md.
 *
 * Bundle ids: a post is its campaign code, a candidate is "c" followed by
 * its database id. Eligibility: a post's phase, specialty and cesp_only and a
 * candidate's phase, specialty and "cesp" tag go into the bundle when set;
 * the engine then never assigns an ineligible candidate and explains why
 * ("poste réservé à la spécialité « … »"). Candidates are listed by id, posts by code, wishes and
 * rankings in their stored order; sorted keys and compact JSON make the
 * bundle bytes a function of the database content. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/alloc/alloc_run.h"
#include "app/access/text.h"
#include "app/access/write.h"
#include "app/campaign/campaign.h"
#include "store/store_tx.h"
#include "store/store.h"

#define RUN_RESULT_MAX ((size_t)256 << 20)

static void cand_bid(int64_t id, char out[32]) { snprintf(out, 32, "c%lld", (long long)id); }

static const char *post_code(const struct cpost_rec *posts, int np, int64_t id) {
  for (int i = 0; i < np; i++)
    if (posts[i].id == id) return posts[i].code;
  return NULL;
}

/* Builds the bundle of a campaign (inside the caller's transaction). */
static plam_err build_bundle(struct db *db, const struct campaign_rec *c, const char *round, char **out, size_t *len) {
  struct cpost_rec *posts = NULL;
  struct ccand_rec *cands = NULL;
  struct cpair *wishes = NULL, *ranks = NULL;
  int np = 0, nc = 0, nw = 0, nr = 0;
  int da = !strcmp(c->kind, "junior_doctors");
  plam_err e = store_cpost_list(db, c->id, &posts, &np);
  if (!e) e = store_ccand_list(db, c->id, &cands, &nc);
  if (!e) e = store_wish_all(db, c->id, &wishes, &nw);
  if (!e && da) e = store_ranking_all(db, c->id, &ranks, &nr);
  json_t *b = e ? NULL : json_object(), *jc = json_array(), *jp = json_array();
  if (!e && (!b || !jc || !jp)) e = PLAM_ERR_NOMEM;
  if (!e) {
    json_object_set_new(b, "algorithm", json_string(da ? "deferred-acceptance" : "serial-dictatorship"));
    if (da) json_object_set_new(b, "proposing", json_string("candidates"));
    json_object_set_new(b, "seed", json_integer(c->seed));
    json_object_set_new(b, "round", json_string(round));
    json_object_set_new(b, "label", json_string(c->title));
  }
  /* candidates by id (store lists them by priority: re-sort by id) */
  for (int i = 0; !e && i < nc; i++)
    for (int j = i + 1; j < nc; j++)
      if (cands[j].id < cands[i].id) {
        struct ccand_rec t = cands[i];
        cands[i] = cands[j];
        cands[j] = t;
      }
  int wi = 0;
  for (int i = 0; !e && i < nc; i++) {
    char id[32];
    cand_bid(cands[i].id, id);
    json_t *o = json_pack("{s:s, s:I, s:I}", "id", id, "rank", (json_int_t)cands[i].rank, "seniority",
                          (json_int_t)cands[i].seniority);
    json_t *tags = json_array(), *w = json_array();
    if (!o || !tags || !w) {
      json_decref(o);
      json_decref(tags);
      json_decref(w);
      e = PLAM_ERR_NOMEM;
      break;
    }
    /* eligibility values: only when set, so a campaign without any keeps
     * the bundle bytes (and hash) it had before migration 0008 */
    if (cands[i].phase[0]) json_object_set_new(o, "phase", json_string(cands[i].phase));
    if (cands[i].specialty[0]) json_object_set_new(o, "specialty", json_string(cands[i].specialty));
    if (cands[i].cesp) json_array_append_new(tags, json_string("cesp"));
    if (cands[i].subdivision) json_array_append_new(tags, json_string("subdivision"));
    while (wi < nw && wishes[wi].owner < cands[i].id) wi++;
    for (; wi < nw && wishes[wi].owner == cands[i].id; wi++) {
      const char *code = post_code(posts, np, wishes[wi].other);
      if (code) json_array_append_new(w, json_string(code));
    }
    json_object_set_new(o, "tags", tags);
    json_object_set_new(o, "wishes", w);
    json_array_append_new(jc, o);
  }
  for (int i = 0; !e && i < np; i++) {
    json_t *o = json_pack("{s:s, s:I}", "id", posts[i].code, "capacity", (json_int_t)posts[i].capacity);
    if (!o) {
      e = PLAM_ERR_NOMEM;
      break;
    }
    if (posts[i].cesp_only) json_object_set_new(o, "cesp_only", json_true());
    if (posts[i].phase[0]) json_object_set_new(o, "phase", json_string(posts[i].phase));
    if (posts[i].specialty[0]) json_object_set_new(o, "specialty", json_string(posts[i].specialty));
    if (posts[i].reserved_seats > 0)
      json_object_set_new(
        o, "reserved", json_pack("[{s:I, s:s}]", "seats", (json_int_t)posts[i].reserved_seats, "tag", "subdivision"));
    if (da) {
      json_t *r = json_array();
      for (int k = 0; r && k < nr; k++)
        if (ranks[k].owner == posts[i].id) {
          char id[32];
          cand_bid(ranks[k].other, id);
          json_array_append_new(r, json_string(id));
        }
      json_object_set_new(o, "ranking", r);
    }
    json_array_append_new(jp, o);
  }
  if (!e) {
    json_object_set(b, "candidates", jc);
    json_object_set(b, "posts", jp);
    char *s = json_dumps(b, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
    if (!s) e = PLAM_ERR_NOMEM;
    else {
      *out = s;
      *len = strlen(s);
    }
  }
  json_decref(b);
  json_decref(jc);
  json_decref(jp);
  free(posts);
  free(cands);
  free(wishes);
  free(ranks);
  return e;
}

static json_t *run_meta(const struct crun_rec *r) {
  return json_pack("{s:I, s:I, s:s, s:s, s:s, s:b, s:I, s:I, s:s}", "id", (json_int_t)r->id, "campaign_id",
                   (json_int_t)r->campaign_id, "round", r->round, "bundle_sha256", r->bundle_sha256, "engine_version",
                   r->engine_version, "check_ok", r->check_ok, "candidates", (json_int_t)r->candidates, "assigned",
                   (json_int_t)r->assigned, "created_at", r->created_at);
}

struct run_arg {
  int64_t campaign_id;
  const char *round;
  int final, ran;
  struct alloc_run run;
  struct buf res;
  char *bundle;
  size_t blen;
  json_t *meta; /* owned by the caller once the write committed */
};

static plam_err run_tx(struct app_tx *tx, void *arg) {
  struct run_arg *x = arg;
  struct db *db = tx->db;
  struct campaign_rec c, before;
  char err[ALLOC_ERRLEN + 64] = "";
  _Static_assert(sizeof err <= sizeof tx->fe->message, "the engine's message goes whole into the field error");
  struct crun_rec r;
  memset(&r, 0, sizeof r);
  plam_err e = store_campaign_get(db, x->campaign_id, &c);
  before = c;
  if (!e && strcmp(c.status, "wishes") && strcmp(c.status, "simulation"))
    e = field_fail(tx->fe, "round",
                   !strcmp(c.status, "draft") ? "ouvrez d'abord la campagne aux vœux"
                                              : "le tour définitif a déjà eu lieu");
  if (!e) e = build_bundle(db, &c, x->round, &x->bundle, &x->blen);
  if (!e) {
    x->ran = 1;
    e = alloc_run_bundle(&x->run, x->bundle, x->blen, err, sizeof err);
    if (e == PLAM_ERR_INVALID || e == PLAM_ERR_TOO_LARGE) {
      field_fail(tx->fe, "campaign", err);
      e = PLAM_ERR_INVALID;
    }
  }
  if (!e) e = alloc_result_write(&x->run, &x->res, NULL, err, sizeof err);
  if (!e && !x->run.check.ok) e = PLAM_ERR_INTERNAL; /* an engine bug: nothing is stored */
  if (!e) {
    r.campaign_id = x->campaign_id;
    strcpy(r.round, x->final ? "final" : "simulation");
    r.bundle = x->bundle;
    r.result = x->res.data;
    for (int i = 0; i < 32; i++) snprintf(r.bundle_sha256 + 2 * i, 3, "%02x", x->run.sha256[i]);
    e = store_copy(r.engine_version, sizeof r.engine_version, ALLOC_ENGINE_VERSION) ? PLAM_ERR_INTERNAL : PLAM_OK;
    r.check_ok = x->run.check.ok;
    r.candidates = x->run.inst.ncand;
    for (int i = 0; i < x->run.inst.ncand; i++) r.assigned += x->run.m.post[i] >= 0;
    r.created_by = tx->a->user_id;
    if (!e) e = store_crun_insert(db, &r, &r.id);
  }
  if (!e) {
    strcpy(c.status, x->final ? "final" : "simulation");
    e = store_campaign_update(db, &c);
    if (!e) e = store_campaign_get(db, x->campaign_id, &c);
  }
  if (!e) {
    struct crun_rec saved;
    e = store_crun_get(db, r.id, &saved);
    if (!e) {
      x->meta = run_meta(&saved);
      free(saved.bundle);
      free(saved.result);
    }
    if (!e && !x->meta) e = PLAM_ERR_NOMEM;
  }
  if (e) return e;
  return app_audit(tx, x->final ? "run_final" : "run_simulation", "campaign", x->campaign_id,
                   json_pack("{s:s}", "status", before.status),
                   json_pack("{s:s, s:O}", "status", c.status, "run", x->meta));
}

plam_err campaign_run(struct db *db, const struct actor *a, int64_t campaign_id, const char *round, json_t **out,
                      struct field_error *fe) {
  if (a->role != ROLE_ADMIN && a->role != ROLE_STAFF) return PLAM_ERR_FORBIDDEN;
  plam_err e = text_enum("round", round, campaign_rounds, 1, fe);
  if (e) return field_fail(fe, "round", "« simulation » ou « final » attendu");
  struct run_arg x;
  memset(&x, 0, sizeof x);
  x.campaign_id = campaign_id;
  x.round = round;
  x.final = !strcmp(round, "final");
  buf_init(&x.res, RUN_RESULT_MAX);
  e = app_write(db, a, run_tx, &x, fe);
  if (x.ran) alloc_run_release(&x.run);
  buf_release(&x.res);
  free(x.bundle);
  if (e) {
    json_decref(x.meta);
    return e;
  }
  *out = x.meta;
  return PLAM_OK;
}

plam_err campaign_runs(struct db *db, const struct actor *a, int64_t campaign_id, json_t **out) {
  if (a->role != ROLE_ADMIN && a->role != ROLE_STAFF) return PLAM_ERR_FORBIDDEN;
  struct campaign_rec c;
  struct crun_rec *rows = NULL;
  int n = 0;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_campaign_get(db, campaign_id, &c);
  if (!e) e = store_crun_list(db, campaign_id, &rows, &n);
  store_read_end(db);
  if (e) return e;
  json_t *arr = json_array();
  for (int i = 0; arr && i < n; i++) json_array_append_new(arr, run_meta(&rows[i]));
  free(rows);
  if (!arr) return PLAM_ERR_NOMEM;
  *out = arr;
  return PLAM_OK;
}

/* Statistics of a result against the campaign's posts: fill per territory,
 * fill of fragile posts' territories, wish obtained by rank band (from the
 * engine's statistics). */
static json_t *run_statistics(json_t *result, const struct cpost_rec *posts, int np) {
  json_t *terr = json_array(), *fr = json_pack("{s:i, s:i}", "seats", 0, "filled", 0);
  json_t *rp = json_object_get(result, "posts");
  size_t i;
  json_t *v;
  long long fseats = 0, ffilled = 0;
  json_array_foreach(rp, i, v) {
    const char *code = json_string_value(json_object_get(v, "post"));
    long long seats = json_integer_value(json_object_get(v, "seats"));
    long long filled = json_integer_value(json_object_get(v, "filled"));
    const struct cpost_rec *p = NULL;
    for (int k = 0; code && k < np; k++)
      if (!strcmp(posts[k].code, code)) p = &posts[k];
    const char *tid = p ? p->territory_id : "", *tname = p ? p->territory_name : "inconnu";
    if (p && p->fragile) {
      fseats += seats;
      ffilled += filled;
    }
    json_t *row = NULL;
    size_t j;
    json_t *t;
    json_array_foreach(terr, j, t) if (!strcmp(json_string_value(json_object_get(t, "territory_id")), tid)) row = t;
    if (!row) {
      row = json_pack("{s:s, s:s, s:I, s:I, s:b}", "territory_id", tid, "territory_name", tname, "seats", (json_int_t)0,
                      "filled", (json_int_t)0, "fragile", 0);
      if (!row) continue;
      json_array_append_new(terr, row);
    }
    json_object_set_new(row, "seats", json_integer(json_integer_value(json_object_get(row, "seats")) + seats));
    json_object_set_new(row, "filled", json_integer(json_integer_value(json_object_get(row, "filled")) + filled));
    if (p && p->fragile) json_object_set_new(row, "fragile", json_true());
  }
  json_object_set_new(fr, "seats", json_integer(fseats));
  json_object_set_new(fr, "filled", json_integer(ffilled));
  json_t *st = json_object_get(result, "statistics");
  json_t *bands = json_object_get(st, "rank_bands");
  return json_pack("{s:o, s:o, s:O, s:O, s:O, s:O}", "territories", terr, "fragile", fr, "rank_bands",
                   bands ? bands : json_array(), "by_wish",
                   json_object_get(st, "by_wish") ? json_object_get(st, "by_wish") : json_array(), "assigned",
                   json_object_get(st, "assigned") ? json_object_get(st, "assigned") : json_integer(0), "unassigned",
                   json_object_get(st, "unassigned") ? json_object_get(st, "unassigned") : json_integer(0));
}

plam_err campaign_run_get(struct db *db, const struct actor *a, int64_t run_id, json_t **out) {
  if (a->role != ROLE_ADMIN && a->role != ROLE_STAFF) return PLAM_ERR_FORBIDDEN;
  struct crun_rec r;
  struct cpost_rec *posts = NULL;
  struct ccand_rec *cands = NULL;
  int np = 0, nc = 0;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_crun_get(db, run_id, &r);
  if (!e) e = store_cpost_list(db, r.campaign_id, &posts, &np);
  if (!e) e = store_ccand_list(db, r.campaign_id, &cands, &nc);
  store_read_end(db);
  json_t *result = NULL;
  if (!e) {
    json_error_t je;
    result = json_loadb(r.result, r.result_len, 0, &je);
    if (!result) e = PLAM_ERR_INTERNAL;
  }
  if (!e) {
    json_t *doc = run_meta(&r), *assign = json_array();
    json_t *ra = json_object_get(result, "assignments"), *ru = json_object_get(result, "unassigned");
    for (int k = 0; assign && k < nc; k++) {
      char id[32];
      cand_bid(cands[k].id, id);
      json_t *row = json_pack("{s:I, s:s, s:I, s:I}", "candidate_id", (json_int_t)cands[k].id, "name", cands[k].name,
                              "rank", (json_int_t)cands[k].rank, "seniority", (json_int_t)cands[k].seniority);
      if (!row) continue;
      size_t i;
      json_t *v;
      json_object_set_new(row, "post_code", json_null());
      json_object_set_new(row, "wish", json_null());
      json_array_foreach(ra, i, v) if (!strcmp(json_string_value(json_object_get(v, "candidate")) ?: "", id)) {
        json_object_set(row, "post_code", json_object_get(v, "post"));
        json_object_set(row, "wish", json_object_get(v, "wish"));
      }
      int listed = json_is_string(json_object_get(row, "post_code"));
      json_array_foreach(ru, i, v) if (!strcmp(json_string_value(v) ?: "", id)) listed = 1;
      if (listed) json_array_append_new(assign, row);
      else json_decref(row); /* added after the run */
    }
    json_object_set_new(doc, "statistics", run_statistics(result, posts, np));
    json_object_set_new(doc, "check", json_incref(json_object_get(result, "check")));
    json_object_set_new(doc, "assignments", assign);
    *out = doc;
  }
  json_decref(result);
  if (r.bundle || r.result) {
    free(r.bundle);
    free(r.result);
  }
  free(posts);
  free(cands);
  return e;
}

plam_err campaign_run_raw(struct db *db, const struct actor *a, int64_t run_id, int which, char **data, size_t *len) {
  if (a->role != ROLE_ADMIN && a->role != ROLE_STAFF) return PLAM_ERR_FORBIDDEN;
  struct crun_rec r;
  plam_err e = store_crun_get(db, run_id, &r);
  if (e) return e;
  if (which) {
    *data = r.result;
    *len = r.result_len;
    free(r.bundle);
  } else {
    *data = r.bundle;
    *len = r.bundle_len;
    free(r.result);
  }
  return PLAM_OK;
}

/* The posts a candidate preferred to what they got, each with the engine's
 * sentence saying who holds its seats (result "posts"[].explanation, engine
 * 2.0.0 on: the candidate's own lines do not repeat it): [{wish, post,
 * explanation}], in wish order. The wishes are those of the run's own
 * bundle, not the current ones. Empty for older results (their lines said
 * it themselves) and when the bundle cannot be read. */
static json_t *my_wished_posts(const struct crun_rec *r, json_t *result, const char *cand_id, json_t *got_wish,
                               const char *got_post) {
  json_t *out = json_array(), *sentence = json_object(); /* post id -> its sentence, read once */
  size_t i, j;
  json_t *v, *g, *q;
  json_array_foreach(json_object_get(result, "posts"), i, v) {
    const char *code = json_string_value(json_object_get(v, "post"));
    json_t *text = json_object_get(v, "explanation");
    if (sentence && code && json_is_string(text)) json_object_set(sentence, code, text);
  }
  /* an older result has no sentences: its bundle need not be read */
  json_error_t je;
  json_t *bundle = out && json_object_size(sentence) ? json_loadb(r->bundle, r->bundle_len, 0, &je) : NULL,
         *wishes = NULL;
  json_array_foreach(json_object_get(bundle, "candidates"), i,
                     v) if (!strcmp(json_string_value(json_object_get(v, "id")) ?: "", cand_id))
    wishes = json_object_get(v, "wishes");
  long long got = json_is_integer(got_wish) ? json_integer_value(got_wish) : -1;
  json_array_foreach(wishes, i, g) {
    long long wish = (long long)i + 1;
    if (got > 0 && wish > got) break;
    json_t *one = json_is_array(g) ? json_incref(g) : json_pack("[O]", g);
    json_array_foreach(one, j, q) {
      const char *code = json_string_value(q);
      json_t *text = code ? json_object_get(sentence, code) : NULL;
      if (text && !(got_post && !strcmp(code, got_post)))
        json_array_append_new(
          out, json_pack("{s:I, s:s, s:O}", "wish", (json_int_t)wish, "post", code, "explanation", text));
    }
    json_decref(one);
  }
  json_decref(bundle);
  json_decref(sentence);
  return out ? out : json_array();
}

/* What ordered the candidate in the run: the seniority and rank the run's
 * bundle gave them, and the rule ("seniority_then_rank": serial
 * dictatorship of the interns' campaigns, more seniority choosing first and
 * the rank between equals; "site_ranking": each post's site ranks its
 * candidates). null when the bundle cannot be read. */
static json_t *my_priority(const struct crun_rec *r, const struct campaign_rec *c, const char *cand_id) {
  json_error_t je;
  json_t *bundle = json_loadb(r->bundle, r->bundle_len, 0, &je), *out = NULL, *v;
  size_t i;
  json_array_foreach(json_object_get(bundle, "candidates"), i, v) {
    if (out || strcmp(json_string_value(json_object_get(v, "id")) ?: "", cand_id)) continue;
    json_t *rank = json_object_get(v, "rank"), *sen = json_object_get(v, "seniority");
    out = json_pack("{s:s, s:I, s:o}", "rule", !strcmp(c->kind, "interns") ? "seniority_then_rank" : "site_ranking",
                    "seniority", (json_int_t)(json_is_integer(sen) ? json_integer_value(sen) : 0), "rank",
                    json_is_integer(rank) ? json_incref(rank) : json_null());
  }
  json_decref(bundle);
  return out ? out : json_null();
}

plam_err campaign_my_result(struct db *db, const struct actor *a, int64_t campaign_id, json_t **out) {
  struct campaign_rec c;
  struct ccand_rec me;
  enum campaign_access acc;
  struct crun_rec r;
  memset(&r, 0, sizeof r);
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_campaign_get(db, campaign_id, &c);
  if (!e) e = campaign_access(db, a, &c, &me, &acc);
  if (!e && acc != CAMPAIGN_CANDIDATE) e = PLAM_ERR_FORBIDDEN;
  int have = 0;
  if (!e) {
    e = store_crun_latest(db, campaign_id, &r);
    if (e == PLAM_ERR_NOT_FOUND) e = PLAM_OK;
    else if (!e) have = 1;
  }
  struct cpost_rec *posts = NULL;
  int np = 0;
  if (!e && have) e = store_cpost_list(db, campaign_id, &posts, &np);
  store_read_end(db);
  json_t *result = NULL;
  if (!e && have) {
    json_error_t je;
    result = json_loadb(r.result, r.result_len, 0, &je);
    if (!result) e = PLAM_ERR_INTERNAL;
  }
  if (!e) {
    json_t *doc = json_pack("{s:I, s:s}", "campaign_id", (json_int_t)campaign_id, "status", c.status);
    if (!doc) e = PLAM_ERR_NOMEM;
    else if (!have) {
      json_object_set_new(doc, "run", json_null());
    } else {
      char id[32];
      cand_bid(me.id, id);
      json_object_set_new(doc, "run",
                          json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)r.id, "round", r.round, "created_at",
                                    r.created_at, "bundle_sha256", r.bundle_sha256, "engine_version",
                                    r.engine_version));
      json_t *post = json_null(), *wish = json_null(), *seat = json_null(), *summary = json_null(),
             *details = json_array();
      size_t i;
      json_t *v;
      json_array_foreach(json_object_get(result, "assignments"), i, v) {
        if (strcmp(json_string_value(json_object_get(v, "candidate")) ?: "", id)) continue;
        const char *code = json_string_value(json_object_get(v, "post"));
        for (int k = 0; code && k < np; k++)
          if (!strcmp(posts[k].code, code)) {
            json_decref(post);
            post = cpost_to_json(&posts[k]);
          }
        json_decref(wish);
        wish = json_incref(json_object_get(v, "wish"));
        json_decref(seat);
        seat = json_incref(json_object_get(v, "seat"));
      }
      json_array_foreach(json_object_get(result, "explanations"), i, v) {
        if (strcmp(json_string_value(json_object_get(v, "candidate")) ?: "", id)) continue;
        json_decref(summary);
        summary = json_incref(json_object_get(v, "summary"));
        json_decref(details);
        details = json_incref(json_object_get(v, "details"));
      }
      json_object_set_new(doc, "in_run", json_boolean(json_is_string(summary)));
      json_object_set_new(doc, "post", post ? post : json_null());
      json_object_set_new(doc, "wish", wish ? wish : json_null());
      json_object_set_new(doc, "seat", seat ? seat : json_null());
      json_object_set_new(doc, "summary", summary ? summary : json_null());
      json_object_set_new(doc, "details", details ? details : json_array());
      json_t *wished = json_is_string(summary)
                         ? my_wished_posts(&r, result, id, wish, json_string_value(json_object_get(post, "code")))
                         : json_array();
      json_array_foreach(wished, i, v) { /* each post by its title too */
        const char *code = json_string_value(json_object_get(v, "post"));
        for (int k = 0; code && k < np; k++)
          if (!strcmp(posts[k].code, code)) json_object_set_new(v, "label", json_string(posts[k].label));
      }
      json_object_set_new(doc, "wished_posts", wished);
      json_object_set_new(doc, "priority", my_priority(&r, &c, id));
    }
    *out = doc;
  }
  json_decref(result);
  free(r.bundle);
  free(r.result);
  free(posts);
  return e;
}
