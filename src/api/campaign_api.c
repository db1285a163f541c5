/* Allocation campaign endpoints (/api/campaigns, /api/campaign-posts,
 * /api/campaign-candidates, /api/campaign-runs): the checked input, a call
 * to app/campaign, the JSON. Scoping (own wishes, own organisation's posts,
 * own result) is decided in app/campaign*.c from the session's actor. */
#include <stdlib.h>
#include "api/api.h"
#include "api/campaign_handlers.h"
#include "app/campaign/campaign.h"

plam_err api_campaigns_list(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = campaigns_list(c->db, &c->actor, &out);
  return call_reply(c, e, 200, out);
}
plam_err api_campaigns_get(struct api_call *c) { return call_view(c, campaign_get); }
plam_err api_campaigns_posts(struct api_call *c) { return call_view(c, campaign_posts); }
plam_err api_campaigns_sites(struct api_call *c) { return call_view(c, campaign_sites); }
plam_err api_campaigns_candidates(struct api_call *c) { return call_view(c, campaign_candidates); }
plam_err api_campaigns_wishes(struct api_call *c) { return call_view(c, campaign_my_wishes); }
plam_err api_campaign_posts_ranking(struct api_call *c) { return call_view(c, campaign_ranking); }
plam_err api_campaigns_runs(struct api_call *c) { return call_view(c, campaign_runs); }
plam_err api_campaign_runs_get(struct api_call *c) { return call_view(c, campaign_run_get); }
plam_err api_campaigns_my_result(struct api_call *c) { return call_view(c, campaign_my_result); }

/* ---- campaigns ---- */
static const struct api_field campaign_fields[] = {API_E("kind", campaign_kinds, 0),
                                                   API_R("region", 11, struct campaign_rec, region, 0),
                                                   API_R("title", 200, struct campaign_rec, title, 0),
                                                   API_E("status", campaign_statuses, 0),
                                                   API_I("seed", 0, 9007199254740991LL, 0),
                                                   API_END};
const struct api_input api_campaign_in = {.body = API_BODY_JSON, .fields = campaign_fields};

static struct campaign_input campaign_read(const struct api_call *c) {
  struct campaign_input in = {.kind = call_str(c, "kind"),
                              .region = call_str(c, "region"),
                              .title = call_str(c, "title"),
                              .status = call_str(c, "status")};
  in.seed = call_int(c, "seed", &in.has_seed);
  return in;
}
plam_err api_campaigns_create(struct api_call *c) {
  struct campaign_input in = campaign_read(c);
  json_t *out = NULL;
  plam_err e = campaign_create(c->db, &c->actor, &in, &out, &c->fe);
  return call_reply(c, e, 201, out);
}
plam_err api_campaigns_update(struct api_call *c) {
  struct campaign_input in = campaign_read(c);
  json_t *out = NULL;
  plam_err e = campaign_update(c->db, &c->actor, c->id, &in, &out, &c->fe);
  return call_reply(c, e, 200, out);
}

/* ---- posts and candidates ---- */
#define RULE(n) API_S(n, 100, 128, 0) /* an eligibility value: the engine's identifier limit */
static const struct api_field post_fields[] = {API_R("code", 32, struct cpost_rec, code, 0),
                                               API_R("label", 200, struct cpost_rec, label, 0),
                                               RULE("phase"),
                                               RULE("specialty"),
                                               API_R("territory_id", 11, struct cpost_rec, territory_id, 0),
                                               API_REF("org_id", 0),
                                               API_I("capacity", 0, 1000, 0),
                                               API_I("reserved_seats", 0, 1000, 0),
                                               API_B("fragile", 0),
                                               API_B("cesp_only", 0),
                                               API_END};
const struct api_input api_cpost_in = {.body = API_BODY_JSON, .fields = post_fields};

static struct cpost_input post_read(const struct api_call *c) {
  struct cpost_input in = {.code = call_str(c, "code"),
                           .label = call_str(c, "label"),
                           .specialty = call_str(c, "specialty"),
                           .territory_id = call_str(c, "territory_id"),
                           .phase = call_str(c, "phase")};
  in.org_id = call_int(c, "org_id", NULL);
  in.has_org = call_has(c, "org_id");
  in.capacity = call_int(c, "capacity", &in.has_capacity);
  in.reserved_seats = call_int(c, "reserved_seats", &in.has_reserved);
  in.fragile = call_bool(c, "fragile", -1);
  in.cesp_only = call_bool(c, "cesp_only", -1);
  return in;
}
plam_err api_campaigns_post_create(struct api_call *c) {
  struct cpost_input in = post_read(c);
  json_t *out = NULL;
  plam_err e = campaign_post_create(c->db, &c->actor, c->id, &in, &out, &c->fe);
  return call_reply(c, e, 201, out);
}
plam_err api_campaign_posts_update(struct api_call *c) {
  struct cpost_input in = post_read(c);
  json_t *out = NULL;
  plam_err e = campaign_post_update(c->db, &c->actor, c->id, &in, &out, &c->fe);
  return call_reply(c, e, 200, out);
}

static const struct api_field cand_fields[] = {API_R("login", 64, struct ccand_rec, login, 0),
                                               API_R("name", 200, struct ccand_rec, name, 0),
                                               API_I("rank", 1, 1000000000, 0),
                                               API_I("seniority", 0, 1000, 0),
                                               RULE("phase"),
                                               RULE("specialty"),
                                               API_B("cesp", 0),
                                               API_B("subdivision", 0),
                                               API_END};
const struct api_input api_ccand_in = {.body = API_BODY_JSON, .fields = cand_fields};

static struct ccand_input cand_read(const struct api_call *c) {
  struct ccand_input in = {.login = call_str(c, "login"),
                           .name = call_str(c, "name"),
                           .phase = call_str(c, "phase"),
                           .specialty = call_str(c, "specialty")};
  in.rank = call_int(c, "rank", &in.has_rank);
  in.seniority = call_int(c, "seniority", &in.has_seniority);
  in.cesp = call_bool(c, "cesp", -1);
  in.subdivision = call_bool(c, "subdivision", -1);
  return in;
}
plam_err api_campaigns_candidate_create(struct api_call *c) {
  struct ccand_input in = cand_read(c);
  json_t *out = NULL;
  plam_err e = campaign_candidate_create(c->db, &c->actor, c->id, &in, &out, &c->fe);
  return call_reply(c, e, 201, out);
}
plam_err api_campaign_candidates_update(struct api_call *c) {
  struct ccand_input in = cand_read(c);
  json_t *out = NULL;
  plam_err e = campaign_candidate_update(c->db, &c->actor, c->id, &in, &out, &c->fe);
  return call_reply(c, e, 200, out);
}

/* ---- ordered lists: a candidate's wishes, a site's ranking ---- */
static const struct api_field wishes_fields[] = {API_L("posts", CAMPAIGN_MAX_LIST, API_REQUIRED), API_END};
const struct api_input api_wishes_in = {.body = API_BODY_JSON, .fields = wishes_fields};
static const struct api_field ranking_fields[] = {API_L("candidates", CAMPAIGN_MAX_ROWS, API_REQUIRED), API_END};
const struct api_input api_ranking_in = {.body = API_BODY_JSON, .fields = ranking_fields};

static plam_err ordered(struct api_call *c, int wishes) {
  const char *key = wishes ? "posts" : "candidates";
  int max = wishes ? CAMPAIGN_MAX_LIST : CAMPAIGN_MAX_ROWS, n = 0;
  int64_t *ids = malloc((size_t)max * sizeof *ids);
  json_t *out = NULL;
  plam_err e = ids ? PLAM_OK : PLAM_ERR_NOMEM;
  if (!e) call_ids(c, key, ids, max, &n);
  if (!e)
    e = wishes ? campaign_set_my_wishes(c->db, &c->actor, c->id, ids, n, &out, &c->fe)
               : campaign_set_ranking(c->db, &c->actor, c->id, ids, n, &out, &c->fe);
  free(ids);
  return call_reply(c, e, 200, out);
}
plam_err api_campaigns_wishes_put(struct api_call *c) { return ordered(c, 1); }
plam_err api_campaign_posts_ranking_put(struct api_call *c) { return ordered(c, 0); }

/* ---- runs ---- */
static const struct api_field run_fields[] = {API_E("round", campaign_rounds, API_REQUIRED), API_END};
const struct api_input api_run_in = {.body = API_BODY_JSON, .fields = run_fields};
plam_err api_campaigns_run(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = campaign_run(c->db, &c->actor, c->id, call_str(c, "round"), &out, &c->fe);
  return call_reply(c, e, 201, out);
}

static plam_err run_raw(struct api_call *c, int which) {
  char *data = NULL;
  size_t len = 0;
  plam_err e = campaign_run_raw(c->db, &c->actor, c->id, which, &data, &len);
  return e ? e : call_raw(c, data, len, "application/json; charset=utf-8");
}
plam_err api_campaign_runs_bundle(struct api_call *c) { return run_raw(c, 0); }
plam_err api_campaign_runs_result(struct api_call *c) { return run_raw(c, 1); }
