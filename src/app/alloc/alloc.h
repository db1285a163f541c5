/* The allocation engine: public types and entry points. An instance is plain
 * arrays (candidates, posts, territories, flattened wish and ranking lists)
 * read from a JSON bundle by alloc_bundle_read or built directly by tests.
 * The pipeline is: apportion territories (alloc_apportion) -> break ties with
 * the seeded lottery and build strict preference tables (alloc_prefs_build)
 * -> solve (alloc_sd_solve, alloc_da_candidates_solve, alloc_da_posts_solve)
 * -> verify with the independent checker (alloc_check.h) -> explain
 * (alloc_explain) -> write the result (alloc_result_write). alloc_run does
 * all of it. Nothing here touches a database, the network or the clock.
 * docs/ALLOCATION.md defines every rule precisely. */
#ifndef PLAM_APP_ALLOC_ALLOC_H
#define PLAM_APP_ALLOC_ALLOC_H
#include <stddef.h>
#include <stdint.h>
#include "base/arena.h"
#include "base/error.h"

#define ALLOC_ENGINE_NAME "plam-alloc"
#define ALLOC_ENGINE_VERSION "2.0.0"

/* Bounds: inputs beyond these are refused with a clear error. */
#define ALLOC_MAX_BUNDLE_BYTES (256u * 1024 * 1024)
#define ALLOC_MAX_CANDIDATES 1000000
#define ALLOC_MAX_POSTS 200000
#define ALLOC_MAX_TERRITORIES 10000
#define ALLOC_MAX_LIST 100000      /* wishes of one candidate, ranking of one post */
#define ALLOC_MAX_ENTRIES 40000000 /* all wishes + all rankings */
#define ALLOC_MAX_CAPACITY 1000000 /* seats of one post */
#define ALLOC_MAX_SEATS 10000000   /* seats of all posts */
#define ALLOC_MAX_RESERVES 16      /* reserved groups per post */
#define ALLOC_MAX_TAGS 32          /* distinct tags in a bundle */
#define ALLOC_MAX_ID 128           /* bytes in an identifier */
#define ALLOC_MAX_RANK 1000000000LL
#define ALLOC_MAX_SENIORITY 1000
#define ALLOC_ERRLEN 512

enum alloc_algorithm { ALLOC_SERIAL_DICTATORSHIP, ALLOC_DEFERRED_ACCEPTANCE };
enum alloc_proposing { ALLOC_PROPOSE_CANDIDATES, ALLOC_PROPOSE_POSTS };
enum alloc_round { ALLOC_ROUND_FINAL, ALLOC_ROUND_SIMULATION };

struct alloc_cand {
  const char *id;        /* NUL-terminated, owned by the instance arena */
  long long rank;        /* exam rank, >= 1; 0 when absent */
  int seniority;         /* semesters validated; more chooses first */
  const char *phase;     /* interned (compare pointers) or NULL */
  const char *specialty; /* interned or NULL */
  uint32_t tags;         /* bit t: carries inst->tag_name[t] */
  int wish_off, nwish;   /* slice of inst->wish_post / wish_group */
};

struct alloc_reserve {
  int tag; /* index into inst->tag_name */
  int seats;
  int strict; /* 1: only tagged candidates; 0: tagged first */
};

struct alloc_post {
  const char *id;
  int capacity;      /* as given */
  int seats;         /* effective capacity (after apportionment) */
  int territory;     /* index into inst->terr or -1 */
  const char *phase; /* eligibility; NULL = any */
  const char *specialty;
  int cesp_only;       /* only candidates tagged "cesp" */
  int has_ranking;     /* ranking given (required for deferred acceptance) */
  int rank_off, nrank; /* slice of inst->rank_cand / rank_group */
  int res_off, nres;   /* slice of inst->res, in seat-filling order */
};

struct alloc_territory {
  const char *id;
  double base, weight; /* share = base * weight */
  int fragile;
  double exact; /* exact quota before rounding */
  int quota;    /* seats granted by the apportionment */
  int supply;   /* sum of the capacities of its posts */
};

struct alloc_instance {
  enum alloc_algorithm algorithm;
  enum alloc_proposing proposing;
  enum alloc_round round;
  uint64_t seed;
  int apportion;             /* 1 when "apportionment" was given */
  long long apportion_seats; /* seats to share among territories */
  int ncand, npost, nterr, ntag;
  struct alloc_cand *cand;
  struct alloc_post *post;
  struct alloc_territory *terr;
  int *wish_post, *wish_group; /* group = 0-based index in the outer list */
  int *rank_cand, *rank_group; /* ties share a group number */
  int nwish_total, nrank_total;
  struct alloc_reserve *res;
  int nres_total;
  const char *tag_name[ALLOC_MAX_TAGS];
  int cesp_tag;       /* tag index of "cesp", or -1 */
  struct arena arena; /* strings and tables */
};

/* Zeroes an instance and its arena (cap in bytes). */
void alloc_instance_init(struct alloc_instance *inst, size_t arena_cap);
void alloc_instance_release(struct alloc_instance *inst);
/* Whether any post has a reserved group. */
int alloc_instance_has_reserves(const struct alloc_instance *inst);
/* Whether a post's phase, specialty and CESP rule admit a candidate; when
 * not, *why (may be NULL) gets the failing rule (see enum alloc_reason). */
int alloc_instance_eligible(const struct alloc_instance *inst, int c, int p, int *why);

/* Reads a bundle (JSON bytes) into inst, which must be freshly initialised.
 * On failure returns PLAM_ERR_INVALID / PLAM_ERR_TOO_LARGE / PLAM_ERR_NOMEM
 * and writes a French message naming the field into err. */
plam_err alloc_bundle_read(struct alloc_instance *inst, const char *data, size_t len, char *err, size_t errlen);

/* Territorial apportionment: when inst->apportion, computes each
 * territory's quota (largest remainder over base*weight, capped by supply)
 * and lowers post seats so each territory's posts hold exactly its quota. */
plam_err alloc_apportion(struct alloc_instance *inst, char *err, size_t errlen);
/* Largest remainder on plain arrays: shares[i] >= 0, caps[i] >= 0 (or NULL),
 * ties on remainders broken by lot[i] ascending. Writes quota[] and exact[]. */
plam_err alloc_apportion_largest_remainder(int n, const double *shares, const int *caps, const uint64_t *lot,
                                           long long total, int *quota, double *exact);

/* Why a wish is not acceptable. */
enum alloc_reason {
  ALLOC_OK = 0,
  ALLOC_WHY_PHASE,      /* post for another phase */
  ALLOC_WHY_SPECIALTY,  /* post for another specialty */
  ALLOC_WHY_CESP,       /* post for CESP signatories only */
  ALLOC_WHY_NOT_RANKED, /* the post did not rank the candidate */
  ALLOC_WHY_NO_SEAT     /* the post has no seat (capacity or apportionment) */
};

/* Strict preference tables built from an instance by the seeded tie-break.
 * Owned arrays (free with alloc_prefs_release). */
struct alloc_prefs {
  int ncand, npost;
  uint8_t lot_key[16]; /* SipHash key derived from the seed */
  uint64_t *cand_lot;  /* lottery number per candidate */
  uint64_t *post_lot;  /* lottery number per post (unused by solvers) */
  int *order;          /* serial-dictatorship priority: order[i] = candidate */
  int *gpos;           /* position of each candidate in order */
  /* Candidate side: acceptable posts in strict preference order. */
  int *cp_off;                     /* ncand + 1 */
  int *cp_post, *cp_key, *cp_wish; /* post, its strict key for c, wish group + 1 */
  /* Post side: acceptable candidates in strict priority order. */
  int *pp_off;           /* npost + 1 */
  int *pp_cand, *pp_pos; /* candidate, position of the post in c's strict list */
  /* Per original wish entry: reason it is not acceptable (ALLOC_OK if it
   * is), the post's strict key for the candidate and the entry's position in
   * the candidate's strict list (-1 when not acceptable). */
  uint8_t *wish_reason;
  int *wish_key, *wish_pos;
  /* Per wish entry, deferred acceptance only: the post's ranking group
   * (0-based, before tie-breaking) of the candidate, -1 when not ranked;
   * lets the explanations read it without a lookup in the post's ranking. */
  int *wish_rgroup;
  int ties_cand, ties_post; /* tie groups with more than one member, broken */
  int reserves;             /* instance has reserved groups */
  int post_side;            /* pp_* built (deferred acceptance, posts proposing) */
};

plam_err alloc_prefs_build(const struct alloc_instance *inst, struct alloc_prefs *pr);
void alloc_prefs_release(struct alloc_prefs *pr);
/* The lottery number of an id (or of a pair of ids when id2 is not NULL):
 * SipHash-2-4 under the seed's key of domain, 0x00, id[, 0x00, id2], read as
 * a big-endian 64-bit integer — see docs/ALLOCATION.md. */
uint64_t alloc_lottery(const uint8_t key[16], char domain, const char *id, const char *id2);
/* The lottery key of a seed: first 16 bytes of SHA-256("plam-alloc-lottery-v1:" seed). */
void alloc_lottery_key(uint64_t seed, uint8_t key[16]);

/* A matching: per candidate, post index (-1 unassigned), reserved group of
 * the seat within the post (-1 = an open seat) and wish group + 1 (0 if
 * unassigned). Owned arrays. */
struct alloc_match {
  int ncand;
  int *post, *group, *wish;
  long long proposals; /* solver statistics (not in the result file) */
};

plam_err alloc_match_init(struct alloc_match *m, int ncand);
void alloc_match_release(struct alloc_match *m);

plam_err alloc_sd_solve(const struct alloc_instance *inst, const struct alloc_prefs *pr, struct alloc_match *m);
plam_err alloc_da_candidates_solve(const struct alloc_instance *inst, const struct alloc_prefs *pr,
                                   struct alloc_match *m);
/* Same, processing free candidates in the order proc[0..ncand) (a
 * permutation; NULL = index order). The result does not depend on it. */
plam_err alloc_da_candidates_solve_order(const struct alloc_instance *inst, const struct alloc_prefs *pr,
                                         struct alloc_match *m, const int *proc);
plam_err alloc_da_posts_solve(const struct alloc_instance *inst, const struct alloc_prefs *pr, struct alloc_match *m);
/* Runs the algorithm the instance asks for. */
plam_err alloc_solve(const struct alloc_instance *inst, const struct alloc_prefs *pr, struct alloc_match *m, char *err,
                     size_t errlen);

#endif
