/* Account administration endpoints (/api/users). */
#include "api/api.h"
#include "api/handlers.h"
#include "app/access/password.h"
#include "app/access/users.h"

static const struct api_field list_query[] = {API_PAGE_QUERY, API_S("q", 200, 800, 0), API_END};
const struct api_input api_users_list_in = {.query = list_query};
plam_err api_users_list(struct api_call *c) {
  struct list_page page;
  json_t *items = NULL;
  call_page(c, &page.limit, &page.offset);
  plam_err e = users_list_json(c->db, call_str(c, "q"), &page, &items);
  if (!e) api_list(c->resp, items, page.total, page.limit, page.offset);
  return e;
}

plam_err api_users_get(struct api_call *c) {
  struct user_rec u;
  plam_err e = users_get(c->db, c->id, &u);
  return call_reply(c, e, 200, e ? NULL : users_to_json(&u));
}

#define USER_FIELDS(req) \
  API_R("login", 64, struct user_rec, login, req), API_R("display_name", 200, struct user_rec, display_name, 0), \
    API_R("email", 254, struct user_rec, email, 0), API_E("role", users_roles, req), API_REF("org_id", 0), \
    API_S("password", PASSWORD_MAX_BYTES, PASSWORD_MAX_BYTES, 0), API_B("disabled", 0), API_END
static const struct api_field create_fields[] = {USER_FIELDS(API_REQUIRED)};
static const struct api_field update_fields[] = {USER_FIELDS(0)};
const struct api_input api_users_create_in = {.body = API_BODY_JSON, .fields = create_fields};
const struct api_input api_users_update_in = {.body = API_BODY_JSON, .fields = update_fields};

static struct user_input user_read(const struct api_call *c) {
  struct user_input in = {.login = call_str(c, "login"),
                          .display_name = call_str(c, "display_name"),
                          .email = call_str(c, "email"),
                          .role = call_str(c, "role"),
                          .password = call_str(c, "password")};
  in.org_id = call_int(c, "org_id", NULL);
  in.has_org = call_has(c, "org_id");
  in.disabled = call_bool(c, "disabled", -1);
  return in;
}

plam_err api_users_create(struct api_call *c) {
  struct user_input in = user_read(c);
  struct user_rec u;
  plam_err e = users_create(c->db, &c->actor, &in, &u, &c->fe);
  return call_reply(c, e, 201, e ? NULL : users_to_json(&u));
}

plam_err api_users_update(struct api_call *c) {
  struct user_input in = user_read(c);
  struct user_rec u;
  plam_err e = in.login      ? field_fail(&c->fe, "login", "l'identifiant ne peut pas être modifié")
               : in.password ? field_fail(&c->fe, "password", "utilisez /api/users/{id}/password")
                             : users_update(c->db, &c->actor, c->id, &in, &u, &c->fe);
  return call_reply(c, e, 200, e ? NULL : users_to_json(&u));
}

static const struct api_field password_fields[] = {
  API_S("password", PASSWORD_MAX_BYTES, PASSWORD_MAX_BYTES, API_REQUIRED), API_END};
const struct api_input api_users_password_in = {.body = API_BODY_JSON, .fields = password_fields};
plam_err api_users_password(struct api_call *c) {
  plam_err e = users_set_password(c->db, &c->actor, c->id, call_str(c, "password"), &c->fe);
  if (!e) c->resp->status = 204;
  return e;
}
