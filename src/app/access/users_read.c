/* Account reads for the command line (plam user, plam import --as): the
 * list, one account by login, and the actor of an account, so that cmd/
 * reaches accounts through app/ like the API does. Nothing is written, so
 * nothing is audited. See users.h. */
#include <stdio.h>
#include "app/access/roles.h"
#include "app/access/users.h"

plam_err users_list(struct db *db, const char *q, struct list_page *page, struct user_rec **out, int *n) {
  return store_user_list(db, q, page, out, n);
}

plam_err users_get_by_login(struct db *db, const char *login, struct user_rec *out) {
  if (!login || !*login) return PLAM_ERR_NOT_FOUND;
  return store_user_get_by_login(db, login, out, NULL, 0);
}

plam_err users_actor(struct db *db, const char *login, struct actor *a) {
  struct user_rec u;
  plam_err e = users_get_by_login(db, login, &u);
  if (e) return e;
  if (u.disabled) return PLAM_ERR_FORBIDDEN;
  int r = role_parse(u.role);
  actor_cli(a);
  a->user_id = u.id;
  snprintf(a->login, sizeof a->login, "%s", u.login);
  a->role = r < 0 ? ROLE_PUBLIC : (enum role)r;
  a->org_id = u.org_id;
  return PLAM_OK;
}
