/* Allocation campaign endpoints (/api/campaigns, /api/campaign-posts,
 * /api/campaign-candidates, /api/campaign-runs): parse, call app/campaign,
 * serialise. Scoping (own wishes, own organisation's posts, own result) is
 * decided in app/campaign*.c from the session's actor. */
#include <stdlib.h>
#include <string.h>
#include "api/api.h"
#include "api/campaign_handlers.h"
#include "app/campaign/campaign.h"

/* A non-negative integer field. */
static plam_err in_int(json_t *o, const char *key, int64_t *out, int *present, struct field_error *fe) {
  json_t *v = json_object_get(o, key);
  *present = v && !json_is_null(v);
  if (!*present) return PLAM_OK;
  if (!json_is_integer(v) || json_integer_value(v) < 0) return field_fail(fe, key, "un entier positif ou nul est attendu");
  *out = json_integer_value(v);
  return PLAM_OK;
}

/* Common tail: parse errors → envelope, else 200/201 with data. */
static plam_err reply(struct http_req *req, struct http_resp *resp, plam_err e, struct field_error *fe, int status,
                      json_t *data) {
  if (e) return api_fail(req, resp, e, fe);
  api_ok(resp, status, data);
  return PLAM_OK;
}

static plam_err ctx(struct http_req *req, struct db **db, struct actor *a) {
  *db = api_db(req);
  api_actor(req, a);
  return *db ? PLAM_OK : PLAM_ERR_DB;
}

/* GET handlers taking one {id} and an app function. */
typedef plam_err (*get_fn)(struct db *, const struct actor *, int64_t, json_t **);
static plam_err get_by_id(struct http_req *req, struct http_resp *resp, get_fn fn) {
  int64_t id;
  plam_err e = http_param_id(req, 0, &id);
  struct db *db;
  struct actor a;
  if (!e) e = ctx(req, &db, &a);
  json_t *out = NULL;
  if (!e) e = fn(db, &a, id, &out);
  if (e) return e;
  api_ok(resp, 200, out);
  return PLAM_OK;
}

/* Handlers taking one {id} and a JSON body: op reads the body and calls the
 * app function; parse, context and envelope are done once here. */
typedef plam_err (*body_op)(struct db *db, const struct actor *a, int64_t id, json_t *body, json_t **out,
                            struct field_error *fe);
static plam_err body_by_id(struct http_req *req, struct http_resp *resp, int status, body_op op) {
  int64_t id;
  plam_err e = http_param_id(req, 0, &id);
  if (e) return e;
  json_t *body, *out = NULL;
  struct field_error fe = {0};
  if ((e = http_body_json(req, &body))) return e;
  struct db *db;
  struct actor a;
  e = ctx(req, &db, &a);
  if (!e) e = op(db, &a, id, body, &out, &fe);
  json_decref(body);
  return reply(req, resp, e, &fe, status, out);
}

plam_err api_campaigns_list(struct http_req *req, struct http_resp *resp) {
  struct db *db;
  struct actor a;
  plam_err e = ctx(req, &db, &a);
  json_t *out = NULL;
  if (!e) e = campaigns_list(db, &a, &out);
  if (e) return e;
  api_ok(resp, 200, out);
  return PLAM_OK;
}

static plam_err campaign_read(json_t *body, struct campaign_input *in, struct field_error *fe) {
  static const char *const allowed[] = {"kind", "region", "title", "status", "seed", NULL};
  plam_err e = api_in_known(body, allowed, fe);
  if (!e) e = api_in_str(body, "kind", 0, &in->kind, fe);
  if (!e) e = api_in_str(body, "region", 0, &in->region, fe);
  if (!e) e = api_in_str(body, "title", 0, &in->title, fe);
  if (!e) e = api_in_str(body, "status", 0, &in->status, fe);
  if (!e) e = in_int(body, "seed", &in->seed, &in->has_seed, fe);
  return e;
}

plam_err api_campaigns_create(struct http_req *req, struct http_resp *resp) {
  json_t *body, *out = NULL;
  struct field_error fe = {0};
  plam_err e = http_body_json(req, &body);
  if (e) return e;
  struct campaign_input in = {0};
  struct db *db;
  struct actor a;
  e = campaign_read(body, &in, &fe);
  if (!e) e = ctx(req, &db, &a);
  if (!e) e = campaign_create(db, &a, &in, &out, &fe);
  json_decref(body);
  return reply(req, resp, e, &fe, 201, out);
}

plam_err api_campaigns_get(struct http_req *req, struct http_resp *resp) { return get_by_id(req, resp, campaign_get); }

static plam_err update_op(struct db *db, const struct actor *a, int64_t id, json_t *body, json_t **out,
                          struct field_error *fe) {
  struct campaign_input in = {0};
  plam_err e = campaign_read(body, &in, fe);
  return e ? e : campaign_update(db, a, id, &in, out, fe);
}

plam_err api_campaigns_update(struct http_req *req, struct http_resp *resp) {
  return body_by_id(req, resp, 200, update_op);
}

plam_err api_campaigns_posts(struct http_req *req, struct http_resp *resp) {
  return get_by_id(req, resp, campaign_posts);
}

static plam_err post_read(json_t *body, struct cpost_input *in, struct field_error *fe) {
  static const char *const allowed[] = {"code", "label", "phase", "specialty", "territory_id", "org_id", "capacity",
                                        "reserved_seats", "fragile", "cesp_only", NULL};
  in->fragile = in->cesp_only = -1;
  plam_err e = api_in_known(body, allowed, fe);
  if (!e) e = api_in_str(body, "code", 0, &in->code, fe);
  if (!e) e = api_in_str(body, "label", 0, &in->label, fe);
  if (!e) e = api_in_str(body, "phase", 0, &in->phase, fe);
  if (!e) e = api_in_str(body, "specialty", 0, &in->specialty, fe);
  if (!e) e = api_in_str(body, "territory_id", 0, &in->territory_id, fe);
  if (!e) e = api_in_id(body, "org_id", &in->org_id, &in->has_org, fe);
  if (!e) e = in_int(body, "capacity", &in->capacity, &in->has_capacity, fe);
  if (!e) e = in_int(body, "reserved_seats", &in->reserved_seats, &in->has_reserved, fe);
  if (!e) e = api_in_bool(body, "fragile", &in->fragile, fe);
  if (!e) e = api_in_bool(body, "cesp_only", &in->cesp_only, fe);
  return e;
}

static plam_err post_create_op(struct db *db, const struct actor *a, int64_t id, json_t *body, json_t **out,
                               struct field_error *fe) {
  struct cpost_input in = {0};
  plam_err e = post_read(body, &in, fe);
  return e ? e : campaign_post_create(db, a, id, &in, out, fe);
}

static plam_err post_update_op(struct db *db, const struct actor *a, int64_t id, json_t *body, json_t **out,
                               struct field_error *fe) {
  struct cpost_input in = {0};
  plam_err e = post_read(body, &in, fe);
  return e ? e : campaign_post_update(db, a, id, &in, out, fe);
}

plam_err api_campaigns_post_create(struct http_req *req, struct http_resp *resp) {
  return body_by_id(req, resp, 201, post_create_op);
}

plam_err api_campaign_posts_update(struct http_req *req, struct http_resp *resp) {
  return body_by_id(req, resp, 200, post_update_op);
}

plam_err api_campaigns_candidates(struct http_req *req, struct http_resp *resp) {
  return get_by_id(req, resp, campaign_candidates);
}

static plam_err cand_read(json_t *body, struct ccand_input *in, struct field_error *fe) {
  static const char *const allowed[] = {"login", "name", "rank", "seniority", "phase", "specialty", "cesp",
                                        "subdivision", NULL};
  in->cesp = in->subdivision = -1;
  plam_err e = api_in_known(body, allowed, fe);
  if (!e) e = api_in_str(body, "login", 0, &in->login, fe);
  if (!e) e = api_in_str(body, "name", 0, &in->name, fe);
  if (!e) e = in_int(body, "rank", &in->rank, &in->has_rank, fe);
  if (!e) e = in_int(body, "seniority", &in->seniority, &in->has_seniority, fe);
  if (!e) e = api_in_str(body, "phase", 0, &in->phase, fe);
  if (!e) e = api_in_str(body, "specialty", 0, &in->specialty, fe);
  if (!e) e = api_in_bool(body, "cesp", &in->cesp, fe);
  if (!e) e = api_in_bool(body, "subdivision", &in->subdivision, fe);
  return e;
}

static plam_err cand_create_op(struct db *db, const struct actor *a, int64_t id, json_t *body, json_t **out,
                               struct field_error *fe) {
  struct ccand_input in = {0};
  plam_err e = cand_read(body, &in, fe);
  return e ? e : campaign_candidate_create(db, a, id, &in, out, fe);
}

static plam_err cand_update_op(struct db *db, const struct actor *a, int64_t id, json_t *body, json_t **out,
                               struct field_error *fe) {
  struct ccand_input in = {0};
  plam_err e = cand_read(body, &in, fe);
  return e ? e : campaign_candidate_update(db, a, id, &in, out, fe);
}

plam_err api_campaigns_candidate_create(struct http_req *req, struct http_resp *resp) {
  return body_by_id(req, resp, 201, cand_create_op);
}

plam_err api_campaign_candidates_update(struct http_req *req, struct http_resp *resp) {
  return body_by_id(req, resp, 200, cand_update_op);
}

/* Reads {key: [ids...]} (the only field) into a malloc'd array. */
static plam_err id_list(json_t *body, const char *key, int max, int64_t **out, int *n, struct field_error *fe) {
  const char *const allowed[] = {key, NULL};
  *out = NULL;
  *n = 0;
  plam_err e = api_in_known(body, allowed, fe);
  if (e) return e;
  json_t *arr = json_object_get(body, key);
  if (!json_is_array(arr)) return field_fail(fe, key, "une liste d'identifiants est attendue");
  size_t len = json_array_size(arr);
  if (len > (size_t)max) return field_fail(fe, key, "liste trop longue");
  int64_t *v = malloc((len ? len : 1) * sizeof *v);
  if (!v) return PLAM_ERR_NOMEM;
  for (size_t i = 0; i < len; i++) {
    json_t *x = json_array_get(arr, i);
    if (!json_is_integer(x) || json_integer_value(x) <= 0) {
      free(v);
      return field_fail(fe, key, "une liste d'identifiants entiers positifs est attendue");
    }
    v[i] = json_integer_value(x);
  }
  *out = v;
  *n = (int)len;
  return PLAM_OK;
}

plam_err api_campaigns_wishes(struct http_req *req, struct http_resp *resp) {
  return get_by_id(req, resp, campaign_my_wishes);
}

/* PUT of an ordered id list (a candidate's wishes, a site's ranking). */
static plam_err wishes_op(struct db *db, const struct actor *a, int64_t id, json_t *body, json_t **out,
                          struct field_error *fe) {
  int64_t *ids = NULL;
  int n = 0;
  plam_err e = id_list(body, "posts", CAMPAIGN_MAX_LIST, &ids, &n, fe);
  if (!e) e = campaign_set_my_wishes(db, a, id, ids, n, out, fe);
  free(ids);
  return e;
}

static plam_err ranking_op(struct db *db, const struct actor *a, int64_t id, json_t *body, json_t **out,
                           struct field_error *fe) {
  int64_t *ids = NULL;
  int n = 0;
  plam_err e = id_list(body, "candidates", CAMPAIGN_MAX_ROWS, &ids, &n, fe);
  if (!e) e = campaign_set_ranking(db, a, id, ids, n, out, fe);
  free(ids);
  return e;
}

plam_err api_campaigns_wishes_put(struct http_req *req, struct http_resp *resp) {
  return body_by_id(req, resp, 200, wishes_op);
}

plam_err api_campaign_posts_ranking(struct http_req *req, struct http_resp *resp) {
  return get_by_id(req, resp, campaign_ranking);
}

plam_err api_campaign_posts_ranking_put(struct http_req *req, struct http_resp *resp) {
  return body_by_id(req, resp, 200, ranking_op);
}

static plam_err run_op(struct db *db, const struct actor *a, int64_t id, json_t *body, json_t **out,
                       struct field_error *fe) {
  static const char *const allowed[] = {"round", NULL};
  const char *round = NULL;
  plam_err e = api_in_known(body, allowed, fe);
  if (!e) e = api_in_str(body, "round", 1, &round, fe);
  return e ? e : campaign_run(db, a, id, round, out, fe);
}

plam_err api_campaigns_run(struct http_req *req, struct http_resp *resp) {
  return body_by_id(req, resp, 201, run_op);
}

plam_err api_campaigns_runs(struct http_req *req, struct http_resp *resp) {
  return get_by_id(req, resp, campaign_runs);
}

plam_err api_campaign_runs_get(struct http_req *req, struct http_resp *resp) {
  return get_by_id(req, resp, campaign_run_get);
}

static plam_err run_raw(struct http_req *req, struct http_resp *resp, int which) {
  int64_t id;
  plam_err e = http_param_id(req, 0, &id);
  struct db *db;
  struct actor a;
  if (!e) e = ctx(req, &db, &a);
  char *data = NULL;
  size_t len = 0;
  if (!e) e = campaign_run_raw(db, &a, id, which, &data, &len);
  if (e) return e;
  resp->status = 200;
  resp->raw = data;
  resp->raw_len = len;
  resp->content_type = "application/json; charset=utf-8";
  return PLAM_OK;
}

plam_err api_campaign_runs_bundle(struct http_req *req, struct http_resp *resp) { return run_raw(req, resp, 0); }
plam_err api_campaign_runs_result(struct http_req *req, struct http_resp *resp) { return run_raw(req, resp, 1); }

plam_err api_campaigns_my_result(struct http_req *req, struct http_resp *resp) {
  return get_by_id(req, resp, campaign_my_result);
}
