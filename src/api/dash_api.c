/* The recruitment dashboards over HTTP (issue 11, "Dashboards and the
 * plan"): the view with its filters, its CSV export, and the links of plan
 * indicators to the measures with their recomputation. Shapes are checked
 * by the specs below; rules and scope by app/dash. */
#include <stdio.h>
#include "api/dash_handlers.h"
#include "app/dash/dash.h"
#include "app/recruit/recruit_app.h"
#include "base/buf.h"

#define ID_MAX_ 9007199254740991LL

static const struct api_field query_fields[] = {API_D("from", 0),
                                                API_D("to", 0),
                                                API_S("departement", 7, 7, 0),
                                                API_I("area_id", 1, ID_MAX_, 0),
                                                API_S("profession", 32, 32, 0),
                                                API_E("by", dash_bys, 0),
                                                API_END};
const struct api_input api_dash_query_in = {.query = query_fields};

static const struct api_field link_fields[] = {API_REF("indicator_id", API_REQUIRED),
                                               API_E("metric", dash_metrics, API_REQUIRED),
                                               API_S("profession", 32, 32, 0), API_END};
const struct api_input api_dash_link_in = {.body = API_BODY_JSON, .fields = link_fields};

static struct dash_query query_of(const struct api_call *c) {
  return (struct dash_query){.from = call_str(c, "from"),
                             .to = call_str(c, "to"),
                             .departement = call_str(c, "departement"),
                             .profession = call_str(c, "profession"),
                             .by = call_str(c, "by"),
                             .area_id = call_int(c, "area_id", NULL)};
}

plam_err api_dash_view(struct api_call *c) {
  struct dash_query q = query_of(c);
  json_t *out = NULL;
  plam_err e = dash_view(c->db, &c->actor, &q, &out, &c->fe);
  return call_reply(c, e, 200, out);
}

plam_err api_dash_csv(struct api_call *c) {
  struct dash_query q = query_of(c);
  struct buf out;
  buf_init(&out, (size_t)16 << 20);
  plam_err e = dash_csv(c->db, &c->actor, &q, &out, &c->fe);
  if (e) {
    buf_release(&out);
    return e;
  }
  size_t len;
  char *data = buf_detach(&out, &len);
  char name[64];
  snprintf(name, sizeof name, "recrutement-%s.csv", q.by && q.by[0] ? q.by : "departement");
  return api_attachment(c->req, c->resp, data, len, "text/csv; charset=utf-8", name);
}

plam_err api_dash_links(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = dash_links_list(c->db, &c->actor, &out);
  return call_reply(c, e, 200, out);
}

plam_err api_dash_link_create(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = dash_link_create(c->db, &c->actor, call_int(c, "indicator_id", NULL), call_str(c, "metric"),
                                call_str(c, "profession"), &out, &c->fe);
  return call_reply(c, e, 201, out);
}

plam_err api_dash_link_delete(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = dash_link_delete(c->db, &c->actor, c->id, &out);
  return call_reply(c, e, 200, out);
}

plam_err api_dash_measure(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = dash_measure_now(c->db, &c->actor, &out);
  return call_reply(c, e, 200, out);
}
