/* The recruitment matching engine: public types and entry points. A bundle
 * (one need, its rules, the candidates) is plain arrays, read from JSON by
 * recruit_bundle_read or built directly by the store, the tests and the
 * benchmark. recruit_rank applies the hard rules to every candidate, in the
 * fixed order of enum recruit_rule, and keeps the `limit` best eligible ones
 * in a bounded heap ordered by recruit_cmp; recruit_result_write explains
 * and serialises the result. Nothing here touches a database, the network
 * or the clock: the same bundle gives the same bytes. Times are whole
 * minutes since 1970-01-01T00:00Z; every interval is half-open [start, end).
 * docs/RECRUITMENT.md defines every rule and the order precisely. */
#ifndef PLAM_APP_RECRUIT_RECRUIT_H
#define PLAM_APP_RECRUIT_RECRUIT_H
#include <stddef.h>
#include <stdint.h>
#include "base/buf.h"
#include "base/error.h"

/* Bounds: inputs beyond these are refused, naming the field. */
#define RECRUIT_MAX_BUNDLE_BYTES (128u * 1024 * 1024)
#define RECRUIT_MAX_CANDIDATES 100000
#define RECRUIT_MAX_SLOTS 100    /* slots of the need */
#define RECRUIT_MAX_LIST 64      /* qualifications, pools (need or candidate) */
#define RECRUIT_MAX_TIMES 1000   /* available intervals, shifts of one candidate */
#define RECRUIT_MAX_ID 128       /* bytes in an identifier or a code */
#define RECRUIT_MAX_COUNT 100000 /* offers_90d, no_shows_12m, past_missions */
#define RECRUIT_MAX_KM 20000.0   /* max_km: 0 to half the Earth's circumference */
#define RECRUIT_LIMIT_DEFAULT 50
#define RECRUIT_LIMIT_MAX 1000
#define RECRUIT_YEAR_MIN 1900
#define RECRUIT_YEAR_MAX 2999
#define RECRUIT_ERRLEN 512
#define RECRUIT_EARTH_KM 6371.0
#define RECRUIT_BAND_M 5000 /* ranking compares distances by 5 km bands first */
#define RECRUIT_WEEK_MIN (7 * 24 * 60)

/* Rule defaults when the bundle's "rules" omit them, and their ranges. */
#define RECRUIT_DEF_MAX_HOURS_7D 48
#define RECRUIT_DEF_MIN_REST_HOURS 11
#define RECRUIT_DEF_MAX_SHIFT_HOURS 12

/* Hard rules, in the order they are checked and reported: a candidate that
 * several rules exclude is reported under the first. */
enum recruit_rule {
  RECRUIT_OK = 0,
  RECRUIT_PROFESSION,
  RECRUIT_QUALIFICATION,
  RECRUIT_AVAILABILITY,
  RECRUIT_DISTANCE,
  RECRUIT_POOL,
  RECRUIT_OVERLAP,
  RECRUIT_HOURS_7D,
  RECRUIT_REST,
  RECRUIT_SHIFT_LENGTH,
  RECRUIT_RULE_COUNT
};
/* Names as written in the result ("profession" ...), indexed by the enum. */
extern const char *const recruit_rule_names[RECRUIT_RULE_COUNT];

struct recruit_iv {
  int64_t start, end; /* minutes since the epoch, UTC; start < end */
};

struct recruit_slot {
  int64_t start, end;
  int offset;  /* minutes east of UTC, as written in "end" */
  int32_t day; /* days since 1970-01-01 of the slot's last minute (end - 1) in that offset */
};

struct recruit_qual {
  const char *code;
  int32_t valid_until; /* days since 1970-01-01, inclusive */
};

struct recruit_cand {
  const char *id, *profession;
  double lat, lon, max_km;
  int offers_90d, no_shows_12m;
  int past_missions;     /* 0 when absent */
  int has_past_missions; /* the bundle gave the field */
  /* slices of the bundle's flat arrays */
  int qual_off, nqual;
  int avail_off, navail; /* sorted by start (the reader sorts), may overlap or touch: their union counts */
  int shift_off, nshift; /* sorted by start, pairwise disjoint (the reader checks) */
  int pool_off, npool;
};

struct recruit_need {
  const char *id, *profession;
  double lat, lon, max_km;
  const char **quals; /* required qualification codes */
  int nqual;
  const char **pools;
  int npool;
  struct recruit_slot *slots; /* sorted by start, pairwise disjoint (the reader checks) */
  int nslot;
};

struct recruit_rules {
  int max_hours_7d, min_rest_hours, max_shift_hours;
};

struct recruit_bundle {
  struct recruit_rules rules;
  struct recruit_need need;
  int limit;
  int ncand;
  struct recruit_cand *cand;
  struct recruit_qual *qual; /* flat arrays sliced by the candidates */
  struct recruit_iv *avail, *shift;
  const char **pool;
  void *owner; /* reader's storage (strings, arrays); NULL when built by hand */
};

/* Reads a bundle (JSON bytes). On failure returns PLAM_ERR_INVALID,
 * PLAM_ERR_TOO_LARGE or PLAM_ERR_NOMEM and writes a French message naming
 * the field by its JSON path into err. Release with recruit_bundle_release
 * in every case. */
plam_err recruit_bundle_read(struct recruit_bundle *b, const char *data, size_t len, char *err, size_t errlen);
void recruit_bundle_release(struct recruit_bundle *b);
/* Sets the rule defaults and the default limit (for bundles built by hand). */
void recruit_bundle_defaults(struct recruit_bundle *b);

/* ISO 8601 date-time with its offset, to the minute:
 * YYYY-MM-DDThh:mm[:00](Z|+hh:mm|-hh:mm). Returns 0 and the instant in
 * minutes since the epoch (UTC) and the offset in minutes, or -1. */
int recruit_time_parse(const char *s, int64_t *minutes, int *offset);
/* "YYYY-MM-DD" to days since 1970-01-01, or -1 when not a date. */
int recruit_date_parse(const char *s, int32_t *days);
/* Days since 1970-01-01 of a civil date, and back. */
int64_t recruit_days_from_civil(int y, int m, int d);
void recruit_civil_from_days(int64_t days, int *y, int *m, int *d);

/* Great-circle distance by the haversine formula on a 6,371 km sphere,
 * rounded to the metre, in km (a double that prints exactly with %.3f). */
double recruit_distance_km(double lat1, double lon1, double lat2, double lon2);

/* Per-candidate working memory of the time rules (grown on demand). */
struct recruit_scratch {
  struct recruit_iv *iv;
  uint8_t *is_slot;
  int64_t *pre;
  int cap;
};
void recruit_scratch_release(struct recruit_scratch *s);

/* Why a candidate is excluded, with the figures its explanation cites. */
struct recruit_verdict {
  enum recruit_rule rule;
  double distance_km;
  int which;             /* index of the slot, the need's qualification ... the rule concerns */
  int64_t a, b, c, d;    /* times (minutes) or days the explanation cites */
  int64_t worked, limit; /* minutes */
};

/* Applies the hard rules to candidate c in order and stops at the first
 * that excludes it; returns its rule (RECRUIT_OK when eligible). v may be
 * NULL. The need's slots must be sorted and disjoint. */
enum recruit_rule recruit_check(const struct recruit_bundle *b, int c, struct recruit_scratch *s,
                                struct recruit_verdict *v);

/* Ranking key of an eligible candidate (see recruit_cmp). */
struct recruit_key {
  int64_t band, dist_m;
  int missions, no_shows, offers;
  const char *id;
  int cand;
};
void recruit_key_of(const struct recruit_bundle *b, int c, double distance_km, struct recruit_key *k);
/* The total order of the ranking: < 0 when a ranks before b. Distance band
 * (5 km) ascending, past missions descending, no-shows ascending, offers
 * ascending, exact distance ascending, candidate id ascending (bytes). */
int recruit_cmp(const struct recruit_key *a, const struct recruit_key *b);

struct recruit_result {
  int nranked;
  struct recruit_key *ranked; /* best first, at most limit */
  uint8_t *rule;              /* per candidate: enum recruit_rule */
  int nexcluded;
};

/* Checks every candidate and selects the limit best eligible ones with a
 * bounded heap: O(n log limit) comparisons. Release with
 * recruit_result_release in every case. */
plam_err recruit_rank(const struct recruit_bundle *b, struct recruit_result *r);
void recruit_result_release(struct recruit_result *r);

/* Writes the result document (docs/RECRUITMENT.md) into out: ranked
 * candidates with their French reasons, excluded ones sorted by id with
 * their rule and French explanation. Deterministic bytes. */
plam_err recruit_result_write(const struct recruit_bundle *b, const struct recruit_result *r, struct buf *out);

/* French texts, exposed for tests: the reasons of a ranked candidate
 * (up to 4 lines of out[i][n]) and the explanation of an exclusion. */
int recruit_reasons(const struct recruit_bundle *b, const struct recruit_key *k, char out[][128], int max);
void recruit_explain(const struct recruit_bundle *b, int c, const struct recruit_verdict *v, char *out, size_t n);

#endif
