/* SQL of a person's own data (cand, issue 11): everything stored about an
 * account and its candidate record, read part by part for the export, and
 * the erasure (docs/RECRUITMENT.md, "Données personnelles"). Each export
 * part is one query bound with the user id, the candidate id (0: none) or
 * both (enum store_cand_by; audit_log.entity_id is text); its columns are typed by a table so that the caller builds JSON without
 * knowing SQL. Every value is bound; the caller owns the transaction. */
#ifndef PLAM_STORE_STORE_CAND_H
#define PLAM_STORE_STORE_CAND_H
#include <stdint.h>
#include "base/error.h"
#include "db/db.h"

#define STORE_CAND_MAX_ROWS 20000 /* rows of one part (the audit entries are the most) */

enum store_cand_kind { SCK_INT, SCK_REAL, SCK_TEXT, SCK_BOOL, SCK_JSON /* text holding JSON */ };

struct store_cand_col {
  const char *name;
  enum store_cand_kind kind;
};

/* What a part's statement is bound with: ?1 the user id; ?1 the candidate
 * id; or ?1 the user id, ?2 the candidate id, ?3 and ?4 both as text. */
enum store_cand_by { STORE_CAND_BY_USER, STORE_CAND_BY_CANDIDATE, STORE_CAND_BY_BOTH };

/* One export part: its name in the export, its columns, whether it is one
 * object (1) or a list (0), and its parameters. */
struct store_cand_part {
  const char *name;
  const struct store_cand_col *cols;
  int ncols, single;
  enum store_cand_by by;
  const char *sql;
};
extern const struct store_cand_part store_cand_parts[];
extern const int store_cand_nparts;

/* One value of a row (valid during the callback). */
struct store_cand_val {
  int is_null;
  int64_t i;
  double d;
  const char *s;
};
typedef plam_err (*store_cand_row_fn)(void *ud, const struct store_cand_part *p, const struct store_cand_val *v);

/* Runs part p for user uid and candidate cid, calling fn on every row. */
plam_err store_cand_part_rows(struct db *db, const struct store_cand_part *p, int64_t uid, int64_t cid,
                              store_cand_row_fn fn, void *ud);

/* Confirmed shifts of candidate cid that end after now_min (minutes). */
plam_err store_cand_upcoming(struct db *db, int64_t cid, int64_t now_min, int64_t *n);

/* What an erasure changed (counts). */
struct store_cand_erased {
  int64_t offers_withdrawn, qualifications, availability, pools, messages, sessions;
  int64_t evaluations; /* internship evaluations unlinked from the account (student, session 12) */
};
/* Erases user uid and its candidate record cid (0: none) at now (seconds):
 * the open offers are withdrawn and every offer's ranking reasons cleared;
 * qualifications, availability and pool memberships deleted; the candidate
 * row kept as an anonymous, inactive tombstone (profession and département
 * only: the establishments' statistics); the messages to the person's
 * addresses deleted from the outbox; the account's internship evaluations
 * unlinked from it (author_id NULL: they stay in the sites' sums); sessions
 * and the pending verification ended; the account kept as a disabled tombstone with login new_login, no
 * name, no address and the unusable hash. */
plam_err store_cand_erase(struct db *db, int64_t uid, int64_t cid, int64_t now, const char *new_login, const char *hash,
                          struct store_cand_erased *out);

/* How offers reach candidate cid (candidates.contact_by: email, sms, both)
 * and the phone they gave. PLAM_ERR_NOT_FOUND: no such candidate. */
plam_err store_cand_contact_get(struct db *db, int64_t cid, char by[8], char phone[81]);
plam_err store_cand_contact_set(struct db *db, int64_t cid, const char *by);

/* Whether organisation org_id may see candidate cid's qualifications: one
 * of its establishments' needs has an offer the candidate accepted and did
 * not take back (accepted_at set; not undone nor declined). */
plam_err store_cand_employer_may(struct db *db, int64_t cid, int64_t org_id, int *may);
/* A candidate's declared qualification, with who verified it (0: nobody)
 * and when ("" when not). PLAM_ERR_NOT_FOUND: not declared. */
plam_err store_cand_qual_get(struct db *db, int64_t cid, const char *code, char valid_until[11], int64_t *verified_by,
                             char verified_at[32]);
/* Records that user by verified it now (the transaction's time). */
plam_err store_cand_qual_verify(struct db *db, int64_t cid, const char *code, int64_t by);

#endif
