/* Account administration endpoints (/api/users). */
#include <stdlib.h>
#include "api/api.h"
#include "api/handlers.h"
#include "app/access/users.h"

plam_err api_users_list(struct http_req *req, struct http_resp *resp) {
  long limit, offset;
  plam_err e = api_page(req, &limit, &offset);
  if (e) return e;
  struct db *db = api_db(req);
  if (!db) return PLAM_ERR_DB;
  struct list_page page = {.limit = limit, .offset = offset};
  struct user_rec *rows;
  int n;
  e = store_user_list(db, http_query_get(req, "q"), &page, &rows, &n);
  if (e) return e;
  json_t *items = json_array();
  for (int i = 0; items && i < n; i++) json_array_append_new(items, users_to_json(&rows[i]));
  free(rows);
  if (!items) return PLAM_ERR_NOMEM;
  api_list(resp, items, page.total, limit, offset);
  return PLAM_OK;
}

plam_err api_users_get(struct http_req *req, struct http_resp *resp) {
  int64_t id;
  plam_err e = http_param_id(req, 0, &id);
  struct db *db = api_db(req);
  if (!e && !db) e = PLAM_ERR_DB;
  struct user_rec u;
  if (!e) e = store_user_get(db, id, &u);
  if (e) return e;
  api_ok(resp, 200, users_to_json(&u));
  return PLAM_OK;
}

/* Reads the user fields of body into in. */
static plam_err users_api_read(json_t *body, struct user_input *in, struct field_error *fe) {
  static const char *const allowed[] = {"login", "display_name", "email", "role", "org_id", "password", "disabled", NULL};
  int disabled = -1;
  plam_err e = api_in_known(body, allowed, fe);
  if (!e) e = api_in_str(body, "login", 0, &in->login, fe);
  if (!e) e = api_in_str(body, "display_name", 0, &in->display_name, fe);
  if (!e) e = api_in_str(body, "email", 0, &in->email, fe);
  if (!e) e = api_in_str(body, "role", 0, &in->role, fe);
  if (!e) e = api_in_str(body, "password", 0, &in->password, fe);
  if (!e) e = api_in_id(body, "org_id", &in->org_id, &in->has_org, fe);
  if (!e) e = api_in_bool(body, "disabled", &disabled, fe);
  in->disabled = disabled;
  return e;
}

plam_err api_users_create(struct http_req *req, struct http_resp *resp) {
  json_t *body;
  struct field_error fe = {0};
  plam_err e = http_body_json(req, &body);
  if (e) return e;
  struct user_input in = {0};
  e = users_api_read(body, &in, &fe);
  if (!e && !in.login) e = field_fail(&fe, "login", "ce champ est obligatoire");
  if (!e && !in.role) e = field_fail(&fe, "role", "ce champ est obligatoire");
  struct db *db = api_db(req);
  if (!e && !db) e = PLAM_ERR_DB;
  struct actor a;
  api_actor(req, &a);
  struct user_rec u;
  if (!e) e = users_create(db, &a, &in, &u, &fe);
  json_decref(body);
  if (e) return api_fail(req, resp, e, &fe);
  api_ok(resp, 201, users_to_json(&u));
  return PLAM_OK;
}

plam_err api_users_update(struct http_req *req, struct http_resp *resp) {
  int64_t id;
  plam_err e = http_param_id(req, 0, &id);
  if (e) return e;
  json_t *body;
  struct field_error fe = {0};
  e = http_body_json(req, &body);
  if (e) return e;
  struct user_input in = {0};
  e = users_api_read(body, &in, &fe);
  if (!e && (in.login || in.password))
    e = field_fail(&fe, in.login ? "login" : "password",
                   in.login ? "l'identifiant ne peut pas être modifié" : "utilisez /api/users/{id}/password");
  struct db *db = api_db(req);
  if (!e && !db) e = PLAM_ERR_DB;
  struct actor a;
  api_actor(req, &a);
  struct user_rec u;
  if (!e) e = users_update(db, &a, id, &in, &u, &fe);
  json_decref(body);
  if (e) return api_fail(req, resp, e, &fe);
  api_ok(resp, 200, users_to_json(&u));
  return PLAM_OK;
}

plam_err api_users_password(struct http_req *req, struct http_resp *resp) {
  int64_t id;
  plam_err e = http_param_id(req, 0, &id);
  if (e) return e;
  json_t *body;
  struct field_error fe = {0};
  e = http_body_json(req, &body);
  if (e) return e;
  static const char *const allowed[] = {"password", NULL};
  const char *pw = NULL;
  e = api_in_known(body, allowed, &fe);
  if (!e) e = api_in_str(body, "password", 1, &pw, &fe);
  struct db *db = api_db(req);
  if (!e && !db) e = PLAM_ERR_DB;
  struct actor a;
  api_actor(req, &a);
  if (!e) e = users_set_password(db, &a, id, pw, &fe);
  json_decref(body);
  if (e) return api_fail(req, resp, e, &fe);
  resp->status = 204;
  return PLAM_OK;
}
