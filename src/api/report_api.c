/* The COPIL pack (XLSX workbook), the printable HTML report and the open
 * data of published plans over HTTP: call app/copil.h or app/open_data.h
 * under the caller's rights, send the bytes. */
#include <stdio.h>
#include "api/api.h"
#include "api/report_handlers.h"
#include "app/plan/copil.h"
#include "app/plan/open_data.h"

plam_err api_plans_copil_xlsx(struct api_call *c) {
  char *data = NULL;
  size_t len = 0;
  plam_err e = copil_xlsx_bytes(c->db, &c->actor, c->id, &data, &len);
  if (e) return e;
  char name[96];
  snprintf(name, sizeof name, "dossier-copil-plan-%lld.xlsx", (long long)c->id);
  return api_attachment(c->req, c->resp, data, len, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        name);
}

plam_err api_plans_report_html(struct api_call *c) {
  struct buf out;
  buf_init(&out, (size_t)64 << 20);
  plam_err e = report_html(c->db, &c->actor, c->id, &out);
  return call_buf(c, e, &out, "text/html; charset=utf-8");
}

plam_err api_open_data_plans(struct api_call *c) {
  json_t *list = NULL;
  plam_err e = open_data_plans_json(c->db, &list);
  if (!e) api_list(c->resp, list, (int64_t)json_array_size(list), (long)json_array_size(list), 0);
  return e;
}

static plam_err open_data_plan(struct db *db, const struct actor *a, int64_t id, json_t **out) {
  (void)a; /* open data: the same for everyone */
  return open_data_plan_json(db, id, out);
}
plam_err api_open_data_plan(struct api_call *c) { return call_view(c, open_data_plan); }
