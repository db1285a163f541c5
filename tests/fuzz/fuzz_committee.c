/* libFuzzer target for the committee workbook diff (app/committee.h):
 * arbitrary bytes are compared, as an uploaded workbook, with three fixed
 * rows. The diff must keep its invariants (errors within the cap, no change
 * once there is an error, every change pointing at a row and holding a real
 * date) and its JSON must build. Errors are expected; crashes, leaks and
 * undefined behaviour are not. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/committee/committee.h"

static struct committee_row rows[3] = {
  {.action_id = 5,
   .indicator_id = 11,
   .territory = "DEP-44",
   .action_number = "1.5",
   .action_title = "Réfugiés",
   .indicator_code = "pdl-1.5",
   .indicator_name = "Intégrés",
   .unit = "personnes",
   .ref_territory = "REG-52",
   .has_baseline = 1,
   .baseline = 0,
   .baseline_on = "2022-03-15",
   .has_target = 1,
   .target = 40,
   .target_on = "2026-12-31",
   .allowed = 1,
   .kind = "count",
   .aggregation = "sum",
   .ratio_scale = 1},
  {.action_id = 9,
   .indicator_id = 20,
   .territory = "DEP-44",
   .action_number = "3.3",
   .action_title = "Postes",
   .indicator_code = "pdl-3.3",
   .indicator_name = "Postes hors CHU",
   .unit = "postes",
   .has_last = 1,
   .last = 4,
   .last_on = "2022-03-15",
   .last_measurement_id = 77,
   .allowed = 0,
   .kind = "amount",
   .aggregation = "sum",
   .ratio_scale = 1},
  {.action_id = 9,
   .indicator_id = 21,
   .territory = "DEP-44",
   .action_number = "3.3",
   .action_title = "Postes",
   .indicator_code = "pdl-3.3b",
   .indicator_name = "Autres",
   .allowed = 1,
   .kind = "amount",
   .aggregation = "sum",
   .ratio_scale = 1},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct committee_diff d;
  if (committee_diff_compute(rows, 3, data, size, &d) != PLAM_OK) return 0;
  if (d.nerrors > COMMITTEE_MAX_ERRORS || d.nerrors > d.total_errors) abort();
  if (d.total_errors && d.nchanges) abort();
  for (size_t i = 0; i < d.nchanges; i++) {
    if (d.changes[i].idx >= 3 || strlen(d.changes[i].value_on) != 10 || !rows[d.changes[i].idx].allowed) abort();
  }
  json_t *j = committee_diff_json(rows, &d);
  if (j) {
    char *s = json_dumps(j, JSON_COMPACT);
    free(s);
    json_decref(j);
  }
  committee_diff_free(&d);
  return 0;
}
