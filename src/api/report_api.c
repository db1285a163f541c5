/* The COPIL pack (XLSX workbook), the printable HTML report and the open
 * data of published plans over HTTP: parse the id, call app/copil.h or
 * app/open_data.h under the caller's rights, send the bytes. */
#include <stdio.h>
#include <stdlib.h>
#include "api/api.h"
#include "api/report_handlers.h"
#include "app/plan/copil.h"
#include "app/plan/open_data.h"

plam_err api_plans_copil_xlsx(struct http_req *req, struct http_resp *resp) {
  int64_t id;
  struct db *db;
  struct actor a;
  plam_err e = api_start_id(req, &id, &db, &a);
  if (e) return e;
  char *data = NULL;
  size_t len = 0;
  e = copil_xlsx_bytes(db, &a, id, &data, &len);
  if (e) return e;
  char name[96];
  snprintf(name, sizeof name, "dossier-copil-plan-%lld.xlsx", (long long)id);
  return api_attachment(req, resp, data, len, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        name);
}

plam_err api_plans_report_html(struct http_req *req, struct http_resp *resp) {
  int64_t id;
  struct db *db;
  struct actor a;
  plam_err e = api_start_id(req, &id, &db, &a);
  if (e) return e;
  struct buf out;
  buf_init(&out, (size_t)64 << 20);
  e = report_html(db, &a, id, &out);
  if (e) {
    buf_release(&out);
    return e;
  }
  resp->status = 200;
  resp->raw = buf_detach(&out, &resp->raw_len);
  resp->content_type = "text/html; charset=utf-8";
  return resp->raw ? PLAM_OK : PLAM_ERR_NOMEM;
}

plam_err api_open_data_plans(struct http_req *req, struct http_resp *resp) {
  struct db *db = api_db(req);
  if (!db) return PLAM_ERR_DB;
  json_t *list = NULL;
  plam_err e = open_data_plans_json(db, &list);
  if (e) return e;
  api_list(resp, list, (int64_t)json_array_size(list), (long)json_array_size(list), 0);
  return PLAM_OK;
}

plam_err api_open_data_plan(struct http_req *req, struct http_resp *resp) {
  int64_t id;
  plam_err e = http_param_id(req, 0, &id);
  if (e) return e;
  struct db *db = api_db(req);
  if (!db) return PLAM_ERR_DB;
  json_t *doc = NULL;
  e = open_data_plan_json(db, id, &doc);
  if (e) return e;
  api_ok(resp, 200, doc);
  return PLAM_OK;
}
