/* The stored side of emergency recruitment (issue 11): the nomenclatures of
 * professions and qualifications, candidates (with their qualifications,
 * availability and pools), nested pools, employers' needs with their slots,
 * and the ranking of a stored need against the stored candidates through an
 * in-memory index (recruit_index.c) that reads only the candidates within
 * reach. The pure engine it feeds is recruit.h. Inputs are JSON objects of
 * the API's shape (the route spec checks their shape; the functions here
 * check the rules, and re-check every text and code, because the demo and
 * the CSV import reach them without the API). docs/RECRUITMENT.md, "Stored
 * side", describes the rules. */
#ifndef PLAM_APP_RECRUIT_RECRUIT_APP_H
#define PLAM_APP_RECRUIT_RECRUIT_APP_H
#include <jansson.h>
#include <stdint.h>
#include "app/access/audit.h"
#include "app/recruit/recruit.h"
#include "base/error.h"
#include "base/field.h"

struct db;

/* ---- the deployment's working-time limits (recruit_limits.c) ---- */
/* Bounds of each limit, in hours (the same as a bundle's "rules"). */
#define RECRUIT_LIMIT_MAX_HOURS_7D_LO 1
#define RECRUIT_LIMIT_MAX_HOURS_7D_HI 168
#define RECRUIT_LIMIT_MIN_REST_LO 0
#define RECRUIT_LIMIT_MIN_REST_HI 48
#define RECRUIT_LIMIT_MAX_SHIFT_LO 1
#define RECRUIT_LIMIT_MAX_SHIFT_HI 24
struct recruit_limit_def {
  const char *option; /* the command-line option and configuration key */
  const char *what;   /* French, for the messages */
  int lo, hi;
};
/* In the order max_hours_7d, min_rest_hours, max_shift_hours. */
extern const struct recruit_limit_def recruit_limit_defs[3];
/* Sets the limits (hours, in that order) for the process, before any thread
 * runs. A value outside its bounds: -1, nothing set, and a French message
 * naming the option in err. */
int recruit_limits_set(const long v[3], char *err, size_t n);
/* The limits in force (by default 48, 11 and 12 h). */
struct recruit_rules recruit_limits(void);

/* ---- nomenclatures (data/ref/professions.csv, qualifications.csv) ---- */
struct recruit_code {
  const char *code, *label, *group;
};
extern const struct recruit_code recruit_professions[];
extern const int recruit_nprofessions;
extern const struct recruit_code recruit_qualifications[];
extern const int recruit_nqualifications;
/* Codes alone, NULL-terminated, for the route specs and text_enum. */
extern const char *const recruit_profession_codes[];
extern const char *const recruit_qualification_codes[];
/* Index of a code in its table, or -1. */
int recruit_profession_find(const char *code);
int recruit_qualification_find(const char *code);
/* {"professions":[{code,label,group}], "qualifications":[{code,label}]} */
json_t *recruit_nomenclatures_json(void);

/* Tables of allowed values (the migration's CHECKs list the same). */
extern const char *const recruit_situations[];
extern const char *const recruit_contracts[];
extern const char *const recruit_need_reasons[];
extern const char *const recruit_urgencies[];
extern const char *const recruit_fill_modes[];
extern const char *const recruit_need_statuses[];
extern const char *const recruit_pool_levels[];
extern const char *const recruit_pool_statuses[];
extern const char *const recruit_avail_kinds[];

/* ---- pure helpers (recruit_rpps.c, recruit_avail.c, recruit_pool.c) ---- */

/* 1 when s is an RPPS number: 11 digits whose last is the Luhn key of the
 * first ten (see recruit_rpps.c for the rule and its source). */
int recruit_rpps_valid(const char *s);

/* Availability with exceptions: the union of the `available` intervals
 * minus the union of the `unavailable` ones, as sorted, disjoint, non-
 * touching intervals written into out (room for navail + nunavail
 * intervals always suffices). Returns the number written. */
int recruit_avail_cut(const struct recruit_iv *avail, int navail, const struct recruit_iv *unavail, int nunavail,
                      struct recruit_iv *out);

/* Pools reached by a need: the need's pools and every pool nested inside
 * one of them (children, grandchildren ...), open ones only; a closed pool
 * reaches no one, nor do the pools under it through it. ids/parent/open
 * describe every pool (n of them); need lists the need's pools. Writes the
 * reached ids, ascending, into out (room for n) and returns their count. */
int recruit_pools_reached(const int64_t *ids, const int64_t *parent, const int *open, int n, const int64_t *need,
                          int nneed, int64_t *out);

/* ---- candidates (recruit_cand.c) ---- */

/* Creates (id 0) or replaces candidate id from in ({first_name, last_name,
 * email, phone, profession, rpps, situation, commune | lat+lon, max_km,
 * contracts: [..], qualifications: [{code, valid_until, verified}],
 * availability: [{kind, start, end}], pools: [ids], active}). A candidate
 * (role candidate) creates and edits only their own record; plan staff any.
 * *out: the candidate's full view. */
plam_err recruit_cand_save(struct db *db, const struct actor *a, int64_t id, json_t *in, json_t **out,
                           struct field_error *fe);
/* Full view (contact included): the candidate themself and plan staff. */
plam_err recruit_cand_get(struct db *db, const struct actor *a, int64_t id, json_t **out);
/* The actor's own candidate record (PLAM_ERR_NOT_FOUND when none). */
plam_err recruit_cand_me(struct db *db, const struct actor *a, json_t **out);
/* Plan staff: a page of candidates (full views). */
plam_err recruit_cand_list(struct db *db, const struct actor *a, const char *profession, long limit, long offset,
                           json_t **out, int64_t *total);
/* The rules on combining activities that public agents see (French). */
json_t *recruit_cumul_json(void);

/* ---- pools (recruit_pool.c) ---- */
plam_err recruit_pool_create(struct db *db, const struct actor *a, json_t *in, json_t **out, struct field_error *fe);
/* Plan staff open or close a pool (status "open" | "closed"). */
plam_err recruit_pool_set_status(struct db *db, const struct actor *a, int64_t id, const char *status, json_t **out,
                                 struct field_error *fe);
/* Every pool with its level, parent, status and member count. */
plam_err recruit_pool_list(struct db *db, const struct actor *a, json_t **out);

/* ---- needs (recruit_need.c) ---- */
/* Creates a need ({establishment_id, unit_id, profession, qualifications,
 * slots: [{start, end}], headcount, reason, contract, pay, urgency, max_km,
 * fill_mode, pools, description, status}) for an establishment of the
 * actor's organisation (employer) or any (plan staff). */
plam_err recruit_need_create(struct db *db, const struct actor *a, json_t *in, json_t **out, struct field_error *fe);
/* Moves a need to status along the allowed transitions (recruit_need.c). */
plam_err recruit_need_set_status(struct db *db, const struct actor *a, int64_t id, const char *status, json_t **out,
                                 struct field_error *fe);
plam_err recruit_need_get(struct db *db, const struct actor *a, int64_t id, json_t **out);
plam_err recruit_need_list(struct db *db, const struct actor *a, json_t **out);
/* 1 when a need may move from status `from` to `to`. */
int recruit_need_transition_ok(const char *from, const char *to);

/* ---- ranking a stored need (recruit_store_rank.c, recruit_index.c) ---- */

/* Ranks need id against the stored candidates within its reach (the
 * in-memory index), at time now (seconds since the epoch: the 12 months of
 * no-shows count back from it). *out: {need, ranked: [{candidate_id, label,
 * profession, rank, distance_km, reasons}], excluded: [{candidate_id, label,
 * rule, explanation}], considered, index}: no contact detail. Employers see
 * the needs of their organisation, plan staff all. */
plam_err recruit_need_rank(struct db *db, const struct actor *a, int64_t id, int64_t now, json_t **out);

/* The same ranking as bytes of the engine's result document, built either
 * through the index (prefiltered = 1) or from every stored candidate
 * (prefiltered = 0: the reference the unit test compares with); with
 * prefiltered = 2, through the index, only the ranked part is written
 * ({"ranked":[the engine's lines],"excluded_count":n}: the top-k answer
 * without the French explanation of every excluded candidate). limit 0:
 * the engine's default. Used by the tests and the benchmark. */
plam_err recruit_need_rank_doc(struct db *db, int64_t id, int64_t now, int prefiltered, int limit, struct buf *out,
                               int *considered);

/* A stored need's ranking for a module that acts on it (the offers'
 * waves): the engine's result, the bundle it ranked (recruit_reasons) and
 * the stored id of each bundle candidate. */
struct recruit_need_ranking {
  struct recruit_result r;
  const struct recruit_bundle *b;
  const int64_t *cand_ids;
  void *priv;
};
/* Ranks need id at now as recruit_need_rank does (through the index), the
 * candidates whose id is in exclude (any order) left out before ranking;
 * limit: the ranked list's size (0: the engine's default). No access check:
 * the caller's. Release out with recruit_need_ranking_release in every
 * case. PLAM_ERR_CONFLICT: the need has no slot or no location. */
plam_err recruit_need_ranking(struct db *db, int64_t id, int64_t now, int limit, const int64_t *exclude, int nexclude,
                              struct recruit_need_ranking *out);
void recruit_need_ranking_release(struct recruit_need_ranking *rk);

/* The process-wide candidate index: built from the database on first use,
 * rebuilt when the database's candidate generation moved. Forces a
 * rebuild now (benchmark) and reports its size. */
plam_err recruit_index_refresh(struct db *db, int64_t *ncand);
/* Frees the index (tests, end of process). */
void recruit_index_reset(void);
/* ---- seasonal campaigns for students (recruit_season.c, season) ---- */
/* Plan staff: {name, starts_on, ends_on (AAAA-MM-JJ), description, posts
 * [profession codes], admitted [student codes ETU-…]}; creates its pool. */
plam_err recruit_season_create(struct db *db, const struct actor *a, json_t *in, json_t **out, struct field_error *fe);
/* Public: every campaign; one with its open needs ("offers"). */
plam_err recruit_season_list(struct db *db, json_t **out);
plam_err recruit_season_get(struct db *db, int64_t id, json_t **out);
/* A student (role candidate, with a profile of an admitted code) joins the campaign's pool. */
plam_err recruit_season_apply(struct db *db, const struct actor *a, int64_t id, json_t **out, struct field_error *fe);
/* A campaign's statuses (migration 0021's CHECK). */
extern const char *const recruit_season_statuses[];
/* Plan staff close a campaign (no new applications nor attached needs; the
 * attached needs and the pool stay) or reopen it until its last day. */
plam_err recruit_season_set_status(struct db *db, const struct actor *a, int64_t id, const char *status, json_t **out,
                                   struct field_error *fe);

/* Counters of the process-wide index (tests, docs): full loads from the
 * database and candidates reloaded one by one after writes (season). */
void recruit_index_stats(int64_t *full_loads, int64_t *cand_updates);

/* ---- CSV import (recruit_csv.c, recruit_cand.c, recruit_need.c) ---- */
#define RECRUIT_CSV_MAX_ERRORS 500
#define RECRUIT_CSV_MAX_ROWS 100000
/* True when data is a zip archive (an XLSX workbook) rather than CSV text. */
int recruit_is_xlsx(const char *data, size_t len);
/* Reads a candidates (needs = 0) or needs (needs = 1) CSV file, or the first
 * sheet of an XLSX workbook (same columns; recruit_is_xlsx), into rows,
 * one JSON object of the API's shape per data row (with "_row", its line),
 * and errors [{row, col, column, message}] (French; at most
 * RECRUIT_CSV_MAX_ERRORS kept, *total_errors counts all). Pure. */
plam_err recruit_csv_parse(int needs, const char *data, size_t len, json_t **rows, json_t **errors,
                           size_t *total_errors);
/* Imports a file: every row is checked by the rules of a single create, in
 * one write transaction; any error (*errors, *total_errors) writes nothing
 * (PLAM_ERR_INVALID). On success *created is the number of rows written
 * and *ids their new ids, in file order.
 * Candidates: plan staff only; needs: an employer for their organisation's
 * establishments, or plan staff. */
plam_err recruit_cand_import(struct db *db, const struct actor *a, const char *data, size_t len, json_t **errors,
                             size_t *total_errors, int64_t *created, json_t **ids);
plam_err recruit_need_import(struct db *db, const struct actor *a, const char *data, size_t len, json_t **errors,
                             size_t *total_errors, int64_t *created, json_t **ids);

/* ---- demo (recruit_demo.c) ---- */
plam_err recruit_demo_load(struct db *db);

#endif
