/* IATI 2.03 activity XML from plain structs: the open-data export of a plan's
 * results and budgets (one activity per plan, or one per action with the
 * plan as the reporting organisation's programme).
 *
 * iati_write fills a bounded buffer with an <iati-activities version="2.03">
 * document whose elements come in the order the schema's sequences require:
 * iati-identifier, reporting-org, title, description, participating-org,
 * activity-status, activity-date, recipient-country, location, sector,
 * budget, result. Texts are French (xml:lang="fr" on each activity) and
 * XML-escaped; money is in euro cents and written exactly with two decimals
 * in EUR with its value-date; indicator values are decimals with a point.
 * Codes are IATI codelist values: organisation roles (1 funding,
 * 2 accountable, 3 extending, 4 implementing), organisation types (10
 * government, 11 local government, 15 other public sector, 22 national NGO,
 * 70 private sector, 80 academic...), activity status (1 pipeline,
 * 2 implementation, 3 finalisation, 4 closed, 5 cancelled, 6 suspended),
 * budget type (1 original, 2 revised) and status (1 indicative,
 * 2 committed), result type (1 output, 2 outcome, 3 impact, 9 other) and
 * indicator measure (1 unit, 2 percentage, 3 nominal, 4 ordinal,
 * 5 qualitative).
 *
 * Nothing is written unless everything is valid: a missing required field,
 * a bad code, a date that is not YYYY-MM-DD, a period that ends before it
 * starts or text that is not valid UTF-8 (or holds characters XML 1.0
 * forbids) fails with PLAM_ERR_INVALID and a field_error naming the field
 * ("activites[0].budgets[1].debut") in French. */
#ifndef PLAM_FMT_IATI_H
#define PLAM_FMT_IATI_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/field.h"
#include "base/buf.h"
#include "base/error.h"

struct iati_org {
  const char *ref;  /* organisation identifier, e.g. "FR-SIRET-13000548100010"; optional for participants */
  const char *type; /* organisation type code, e.g. "10" */
  const char *name; /* French name */
  int role;         /* participating-org only: 1..4 */
};

struct iati_period {
  const char *start, *end; /* YYYY-MM-DD */
  bool has_target;
  double target;
  const char *target_comment;
  bool has_actual;
  double actual;
  const char *actual_comment;
};

struct iati_indicator {
  const char *title;
  const char *description; /* optional */
  int measure;             /* 1..5 */
  bool ascending;          /* higher is better */
  bool has_baseline;
  int baseline_year;
  const char *baseline_date; /* optional YYYY-MM-DD */
  double baseline;
  const char *baseline_comment;
  const struct iati_period *periods;
  size_t nperiods;
};

struct iati_result {
  int type; /* 1, 2, 3 or 9 */
  const char *title;
  const char *description;                 /* optional */
  const struct iati_indicator *indicators; /* at least one */
  size_t nindicators;
};

struct iati_budget {
  int type;                /* 1 original, 2 revised */
  int status;              /* 1 indicative, 2 committed */
  const char *start, *end; /* YYYY-MM-DD */
  int64_t value_cents;     /* >= 0 */
  const char *value_date;  /* YYYY-MM-DD */
};

struct iati_location {
  const char *ref;              /* optional, e.g. "REG-52" or "DEP-44" */
  const char *name;             /* "Pays de la Loire" */
  int level;                    /* 1 région, 2 département (ADM1 / ADM2) */
  const char *admin_vocabulary; /* optional geographic vocabulary, e.g. "G1" (GeoNames) */
  const char *admin_code;       /* code in that vocabulary */
};

struct iati_activity {
  const char *identifier;    /* "<reporting org ref>-<local id>" */
  struct iati_org reporting; /* ref and type required */
  const char *title;
  const char *description;             /* general description (required) */
  const char *objectives;              /* optional, description type 2 */
  const struct iati_org *participants; /* at least one */
  size_t nparticipants;
  int status;                                                          /* 1..6 */
  const char *planned_start, *actual_start, *planned_end, *actual_end; /* at least one start */
  const char *recipient_country;                                       /* NULL means "FR" */
  const struct iati_location *locations;
  size_t nlocations;
  const char *sector; /* optional OECD DAC 5-digit code, e.g. "12281" */
  const struct iati_budget *budgets;
  size_t nbudgets;
  const struct iati_result *results;
  size_t nresults;
  const char *last_updated; /* optional xsd:dateTime, e.g. "2024-06-30T12:00:00Z" */
};

/* Writes the document for acts[0..n) (n >= 1) into out (cleared first).
 * generated may be NULL or an xsd:dateTime. */
plam_err iati_write(struct buf *out, const char *generated, const struct iati_activity *acts, size_t n,
                    struct field_error *fe);

#endif
