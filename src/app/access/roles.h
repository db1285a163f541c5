/* Roles and permissions as data. A role is a code ("admin") with a French
 * label; a permission is a name ("user.write") with the set of roles that hold
 * it. Every route names one permission; the authorize hook asks roles_allows.
 * Adding a role or a permission means adding a row, not an if. */
#ifndef PLAM_APP_ACCESS_ROLES_H
#define PLAM_APP_ACCESS_ROLES_H

enum role {
  ROLE_PUBLIC = 0, /* anonymous visitor */
  ROLE_ADMIN,
  ROLE_STAFF,
  ROLE_PILOT,
  ROLE_PARTNER,
  ROLE_EMPLOYER,
  ROLE_CANDIDATE,
  ROLE_INSTITUTE,
  ROLE_INTERN,
  ROLE_LOCAL_AUTHORITY,
  ROLE__COUNT
};

struct role_info {
  enum role role;
  const char *code;
  const char *label; /* French */
};

struct perm_info {
  const char *name;
  unsigned roles;    /* bit (1u << role) for each role that holds it */
  const char *label; /* French description */
  int personal;      /* acting as oneself (a candidate's wishes, a site's rankings):
                        held only by the roles concerned, not by administrators */
};

extern const struct role_info roles_table[ROLE__COUNT];
extern const struct perm_info perms_table[];
extern const int perms_count;

/* Role for a code, or -1. "public" is not a role a user can have. */
int role_parse(const char *code);
const char *role_code(enum role r);
const char *role_label(enum role r);
/* 1 if role r holds permission perm; unknown permissions are denied. */
int roles_allows(enum role r, const char *perm);
/* 1 if perm is in the table. */
int perm_exists(const char *perm);

#endif
