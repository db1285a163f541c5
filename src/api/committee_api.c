/* Territorial committee workbooks over HTTP: GET the committee list and a
 * committee's XLSX workbook, POST the filled workbook's bytes (an upload
 * route, like the measurement import), GET an upload's diff, POST its
 * approval or discarding. Call app/committee.h, serialise. */
#include "api/api.h"
#include "api/committee_handlers.h"
#include "app/committee/committee.h"

#define XLSX_MIME "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

plam_err api_committees_list(struct api_call *c) {
  json_t *out = NULL;
  plam_err e = committee_list_json(c->db, &c->actor, &out);
  return call_reply(c, e, 200, out);
}

plam_err api_gov_bodies_workbook(struct api_call *c) {
  char *book;
  size_t len;
  char name[128];
  plam_err e = committee_workbook(c->db, &c->actor, c->id, &book, &len, name, &c->fe);
  return e ? e : api_attachment(c->req, c->resp, book, len, XLSX_MIME, name);
}

static const char *const workbook_media[] = {"*spreadsheetml", "application/octet-stream", NULL};
static const struct api_field upload_query[] = {API_S("filename", 255, 255, 0), API_END};
const struct api_input api_workbook_upload_in = {.body = API_BODY_RAW,
                                                 .query = upload_query,
                                                 .media = workbook_media,
                                                 .media_hint = "envoyez le classeur rempli en XLSX (" XLSX_MIME ")"};
plam_err api_gov_bodies_workbook_upload(struct api_call *c) {
  json_t *out = NULL;
  const struct buf *body = &c->req->body;
  plam_err e = committee_upload(c->db, &c->actor, c->id, body->data ? body->data : "", body->len,
                                call_str(c, "filename"), &out, &c->fe);
  return call_reply(c, e, 201, out);
}

plam_err api_committee_uploads_get(struct api_call *c) { return call_view(c, committee_upload_json); }

/* approve or discard */
static plam_err decide(struct api_call *c, int approve) {
  json_t *out = NULL;
  plam_err e = approve ? committee_approve(c->db, &c->actor, c->id, &out, &c->fe)
                       : committee_discard(c->db, &c->actor, c->id, &out, &c->fe);
  return call_reply(c, e, 200, out);
}
plam_err api_committee_uploads_approve(struct api_call *c) { return decide(c, 1); }
plam_err api_committee_uploads_discard(struct api_call *c) { return decide(c, 0); }
