/* Territorial committee workbooks over HTTP: GET the committee list and a
 * committee's XLSX workbook, POST the filled workbook's bytes (an upload
 * route, like the measurement import), GET an upload's diff, POST its
 * approval or discarding. Parse, call app/committee.h, serialise. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "api/api.h"
#include "api/committee_handlers.h"
#include "app/committee.h"

#define XLSX_MIME "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

plam_err api_committees_list(struct http_req *req, struct http_resp *resp) {
  struct db *db = api_db(req);
  if (!db) return PLAM_ERR_DB;
  struct actor a;
  api_actor(req, &a);
  json_t *out;
  plam_err e = committee_list_json(db, &a, &out);
  if (e) return e;
  api_ok(resp, 200, out);
  return PLAM_OK;
}

plam_err api_gov_bodies_workbook(struct http_req *req, struct http_resp *resp) {
  int64_t id;
  struct db *db;
  struct actor a;
  plam_err e = api_start_id(req, &id, &db, &a);
  if (e) return e;
  char *book;
  size_t len;
  char name[128];
  struct field_error fe = {0};
  e = committee_workbook(db, &a, id, &book, &len, name, &fe);
  if (e) return e == PLAM_ERR_INVALID ? api_fail(req, resp, e, &fe) : e;
  return api_attachment(req, resp, book, len, XLSX_MIME, name);
}

plam_err api_gov_bodies_workbook_upload(struct http_req *req, struct http_resp *resp) {
  int64_t id;
  plam_err e = http_param_id(req, 0, &id);
  if (e) return e;
  struct db *db = api_db(req);
  if (!db) return PLAM_ERR_DB;
  const char *ct = http_header_get(req, "Content-Type");
  if (ct && !strstr(ct, "spreadsheetml") && strncmp(ct, "application/octet-stream", 24)) {
    struct field_error fe = {0};
    field_fail(&fe, "Content-Type", "envoyez le classeur rempli en XLSX (" XLSX_MIME ")");
    return api_fail(req, resp, PLAM_ERR_FILE_TYPE, &fe);
  }
  struct actor a;
  api_actor(req, &a);
  json_t *out;
  struct field_error fe = {0};
  e = committee_upload(db, &a, id, req->body.data ? req->body.data : "", req->body.len,
                       http_query_get(req, "filename"), &out, &fe);
  if (e) return e == PLAM_ERR_INVALID ? api_fail(req, resp, e, &fe) : e;
  api_ok(resp, 201, out);
  return PLAM_OK;
}

plam_err api_committee_uploads_get(struct http_req *req, struct http_resp *resp) {
  int64_t id;
  struct db *db;
  struct actor a;
  plam_err e = api_start_id(req, &id, &db, &a);
  if (e) return e;
  json_t *out;
  if ((e = committee_upload_json(db, &a, id, &out))) return e;
  api_ok(resp, 200, out);
  return PLAM_OK;
}

/* approve or discard */
static plam_err decide(struct http_req *req, struct http_resp *resp, int approve) {
  int64_t id;
  struct db *db;
  struct actor a;
  plam_err e = api_start_id(req, &id, &db, &a);
  if (e) return e;
  json_t *out;
  struct field_error fe = {0};
  e = approve ? committee_approve(db, &a, id, &out, &fe) : committee_discard(db, &a, id, &out, &fe);
  if (e) return fe.field[0] ? api_fail(req, resp, e, &fe) : e;
  api_ok(resp, 200, out);
  return PLAM_OK;
}

plam_err api_committee_uploads_approve(struct http_req *req, struct http_resp *resp) { return decide(req, resp, 1); }
plam_err api_committee_uploads_discard(struct http_req *req, struct http_resp *resp) { return decide(req, resp, 0); }
