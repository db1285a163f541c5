/* Demo data for `plam init --demo`: the organisations of the three seed
 * regions and one account per role, with documented passwords, so a new user
 * can log in as each role at once. Never for production. */
#ifndef PLAM_APP_ACCESS_ACCESS_DEMO_H
#define PLAM_APP_ACCESS_ACCESS_DEMO_H
#include "base/error.h"

struct db;

struct demo_account {
  const char *login, *password, *display_name, *role, *org_name;
};
extern const struct demo_account demo_accounts[];
extern const int demo_accounts_count;

/* Loads the demo organisations and accounts (skipping those that exist). */
plam_err access_demo_load(struct db *db);

#endif
