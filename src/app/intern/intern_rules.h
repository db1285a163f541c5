/* The pure rules of the internships module (no database), unit-tested on
 * their own: semesters and university years, the disclosure rule of the
 * evaluations (at least INTERN_MIN_RESPONDENTS respondents, no subtraction
 * between the fixed views) and the alert rules.
 *
 * Semesters are named by their first month: "YYYY-11" (winter: November to
 * April) and "YYYY-05" (summer: May to October). The university year
 * "YYYY-YYYY+1" holds YYYY-11 and YYYY+1-05.
 *
 * Disclosure (docs/ARCHITECTURE.md, Decisions): the only views are site x
 * university year and site x semester, over closed semesters only (a closed
 * semester takes no more answers, so a published figure never changes).
 *   - a year is shown when both its semesters are closed and it has at least
 *     min respondents;
 *   - a semester is shown when its year is shown and every semester of that
 *     year has either no respondent or at least min.
 * So a shown semester is never the difference of two shown figures minus a
 * hidden one: either both semesters (and the year, their sum) are shown, or
 * only the year. Nothing is published across sites. */
#ifndef PLAM_APP_INTERN_INTERN_RULES_H
#define PLAM_APP_INTERN_INTERN_RULES_H
#include <stdint.h>

#define INTERN_MIN_RESPONDENTS 5

/* 1 when s is "YYYY-05" or "YYYY-11" with YYYY in 2000..2099. */
int intern_semester_valid(const char *s);
/* 1 when y is "YYYY-YYYY+1", YYYY in 2000..2098. */
int intern_year_valid(const char *y);
/* The university year of a valid semester ("2026-05" -> "2025-2026"). */
void intern_semester_year(const char *sem, char year[10]);
/* The two semesters of a valid year, winter then summer. */
void intern_year_semesters(const char *year, char winter[8], char summer[8]);
/* First and last day of a valid semester (YYYY-MM-DD). */
void intern_semester_days(const char *sem, char first[11], char last[11]);

struct intern_disclosure {
  int year;   /* the year's aggregate may be shown */
  int sem[2]; /* each semester's (winter, summer) */
};
/* n[i]: respondents of semester i of the year; closed[i]: its collection is
 * closed; min: the threshold (INTERN_MIN_RESPONDENTS). */
void intern_disclose(const int64_t n[2], const int closed[2], int64_t min, struct intern_disclosure *d);

/* Alert rules. The sums of one site's answers for one semester and the
 * site's dropouts of the year; each rule fires on its own threshold. */
enum intern_rule {
  IRULE_HARASSMENT = 0, /* any answer reports harassment or violence (threshold: count above which; 0) */
  IRULE_HOURS,          /* average hours per week above threshold (48) */
  IRULE_REST,           /* share (%) of answers with a night shift whose rest was not taken above threshold */
  IRULE_SUPERVISION,    /* share (%) of answers saying there was no supervisor above threshold */
  IRULE_DROPOUTS,       /* dropouts linked to the site in the year above threshold */
  IRULE__COUNT
};
extern const char *const intern_rule_codes[]; /* by enum intern_rule, NULL-terminated */

struct intern_sums {
  int64_t n, sum_hours, nights, rest_not_taken, no_supervisor, harassment;
};
struct intern_rule_cfg {
  int enabled;
  double threshold;
};
/* Whether rule r fires, and the value it compares (*value). Dropouts use
 * `dropouts`, the others `s` (a rule with no answer to judge never fires). */
int intern_rule_fires(enum intern_rule r, const struct intern_rule_cfg *cfg, const struct intern_sums *s,
                      int64_t dropouts, double *value);

#endif
