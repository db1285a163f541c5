/* Pure governance rules: kinds and statuses, the decision status changes
 * allowed, a meeting's default status and a decision's overdue flag. Tables,
 * no database: unit-tested in tests/unit/app/governance/test_governance.c. */
#include <string.h>
#include <time.h>
#include "app/governance/governance.h"

static int in_list(const char *v, const char *const *list) {
  if (!v) return 0;
  for (; *list; list++)
    if (!strcmp(v, *list)) return 1;
  return 0;
}

const char *const gov_body_kinds[] = {"copil", "technical", "territorial", "followup", "conference", "other", NULL};
const char *const gov_meeting_statuses[] = {"planned", "held", "cancelled", NULL};
const char *const gov_decision_statuses[] = {"open", "in_progress", "done", "dropped", NULL};
const char *const gov_target_kinds[] = {"baseline", "intermediate", "final", NULL};

int gov_body_kind_valid(const char *kind) { return in_list(kind, gov_body_kinds); }

int gov_meeting_status_valid(const char *status) { return in_list(status, gov_meeting_statuses); }

const char *gov_meeting_default_status(const char *held_on, const char *today) {
  return held_on && today && strcmp(held_on, today) > 0 ? "planned" : "held";
}

/* status, its label, and the statuses it may go to. A done decision may be
 * reopened (in progress), a dropped one taken up again (open); done and
 * dropped do not turn into each other. */
static const struct {
  const char *status, *label;
  const char *const to[4];
} decision_statuses[] = {
  {"open", "à faire", {"in_progress", "done", "dropped", NULL}},
  {"in_progress", "en cours", {"open", "done", "dropped", NULL}},
  {"done", "faite", {"in_progress", NULL}},
  {"dropped", "abandonnée", {"open", NULL}},
};
enum { N_DECISION_STATUSES = sizeof decision_statuses / sizeof decision_statuses[0] };

int gov_decision_status_valid(const char *status) { return gov_decision_status_label(status) != NULL; }

const char *gov_decision_status_label(const char *status) {
  for (int i = 0; status && i < N_DECISION_STATUSES; i++)
    if (!strcmp(decision_statuses[i].status, status)) return decision_statuses[i].label;
  return NULL;
}

int gov_decision_transition_ok(const char *from, const char *to) {
  if (!gov_decision_status_valid(from) || !gov_decision_status_valid(to)) return 0;
  if (!strcmp(from, to)) return 1;
  for (int i = 0; i < N_DECISION_STATUSES; i++)
    if (!strcmp(decision_statuses[i].status, from)) return in_list(to, decision_statuses[i].to);
  return 0;
}

int gov_decision_overdue(const char *status, const char *due_on, const char *today) {
  if (!status || !due_on || !*due_on || !today) return 0;
  if (strcmp(status, "open") && strcmp(status, "in_progress")) return 0;
  return strcmp(due_on, today) < 0;
}

void gov_today(char out[11]) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  if (!strftime(out, 11, "%Y-%m-%d", &tm)) out[0] = '\0';
}
