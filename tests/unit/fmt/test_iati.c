/* Unit tests for the IATI 2.03 writer (app/iati.h): a plausible regional
 * plan activity (an ARS reporting, funders and implementers, a région and a
 * département, yearly budgets, an outcome with a baseline, targets and
 * actuals) is written, checked for escaping and element order, and
 * validated with xmllint against the IATI 2.03 schema shipped in the
 * repository (data/iati-2.03): the test fails if the schema or xmllint is
 * missing. Invalid input names its field in
 * French and writes nothing; a full buffer fails cleanly. The export of a
 * plan (plan_iati.c) gives as actuals the indicator's value aggregated to
 * its scope as the progress engine computes it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "fmt/iati.h"
#include "app/plan/plan.h"
#include "app/plan/plan_io.h"
#include "db/db.h"
#include "db/migrate.h"

static const struct iati_org participants[] = {
  {.ref = "FR-SIRET-13000548100010", .type = "10", .name = "ARS Pays de la Loire", .role = 1},
  {.ref = "FR-SIRET-23440003400013", .type = "11", .name = "Région Pays de la Loire", .role = 1},
  {.ref = "FR-SIRET-13000548100010", .type = "10", .name = "ARS Pays de la Loire", .role = 2},
  {.type = "15", .name = "Pôle emploi & OPCO Santé", .role = 4},
};

static const struct iati_location locations[] = {
  {.ref = "REG-52", .name = "Pays de la Loire", .level = 1, .admin_vocabulary = "G1", .admin_code = "2988289"},
  {.ref = "DEP-44", .name = "Loire-Atlantique", .level = 2},
};

static const struct iati_budget budgets[] = {
  {.type = 1,
   .status = 2,
   .start = "2022-01-01",
   .end = "2022-12-31",
   .value_cents = 125000000,
   .value_date = "2022-01-01"},
  {.type = 1, .status = 1, .start = "2023-01-01", .end = "2023-12-31", .value_cents = 99, .value_date = "2023-01-01"},
};

static const struct iati_period periods[] = {
  {.start = "2022-01-01",
   .end = "2022-12-31",
   .has_target = true,
   .target = 250,
   .has_actual = true,
   .actual = 212,
   .actual_comment = "Bilan au 31/12/2022 : 212 contrats < cible"},
  {.start = "2023-01-01", .end = "2023-12-31", .has_target = true, .target = 500},
};

static const struct iati_indicator indicators[] = {
  {.title = "Nombre de contrats PEC « aides-soignants » signés",
   .measure = 1,
   .ascending = true,
   .has_baseline = true,
   .baseline_year = 2021,
   .baseline_date = "2021-12-31",
   .baseline = 0,
   .periods = periods,
   .nperiods = 2},
  {.title = "Taux de postes vacants d'IDE",
   .description = "Postes vacants / postes budgétés",
   .measure = 2,
   .ascending = false,
   .has_baseline = true,
   .baseline_year = 2022,
   .baseline = 7.5,
   .baseline_comment = "Enquête ARS 2022"},
};

static const struct iati_result results[] = {
  {.type = 2,
   .title = "Attirer et former : plus de professionnels formés",
   .description = "Axe 1 du plan",
   .indicators = indicators,
   .nindicators = 2},
};

static struct iati_activity sample(void) {
  struct iati_activity a = {
    .identifier = "FR-SIRET-13000548100010-PLAM-2022-1.1",
    .reporting = {.ref = "FR-SIRET-13000548100010", .type = "10", .name = "ARS Pays de la Loire"},
    .title = "Fiche action 1.1 : contrats PEC pour les métiers du soin",
    .description = "Financer des parcours emploi compétences (2 500 € par contrat) "
                   "vers les métiers d'aide-soignant & d'ASH.",
    .objectives = "500 contrats d'ici fin 2023",
    .participants = participants,
    .nparticipants = 4,
    .status = 2,
    .planned_start = "2022-01-01",
    .actual_start = "2022-03-15",
    .planned_end = "2027-12-31",
    .locations = locations,
    .nlocations = 2,
    .sector = "12281",
    .budgets = budgets,
    .nbudgets = 2,
    .results = results,
    .nresults = 1,
    .last_updated = "2024-06-30T12:00:00Z",
  };
  return a;
}

static bool exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

/* Validates the document with xmllint against the IATI 2.03 schema shipped
 * in data/iati-2.03 (both must be there: a missing one fails the test). */
static void schema_check(const struct buf *bb) {
  const struct buf b = *bb;
  char schema[1100];
  snprintf(schema, sizeof schema, "%s/data/iati-2.03/iati-activities-schema.xsd", PLAM_SOURCE_DIR);
  if (!exists(schema)) fail_msg("IATI schema not found at %s", schema);
  assert_true(system("command -v xmllint >/dev/null 2>&1") == 0); /* apt: libxml2-utils */
  char path[] = "/tmp/plam-test-iati-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, b.data, b.len), (ssize_t)b.len);
  close(fd);
  char cmd[2400];
  snprintf(cmd, sizeof cmd, "xmllint --noout --schema '%s' '%s'", schema, path);
  int rc = system(cmd);
  if (rc != 0) {
    fprintf(stderr, "%s\n", b.data);
    fail_msg("xmllint rejected the IATI document (%d)", rc);
  }
  unlink(path);
}

static void test_sample_validates(void **state) {
  (void)state;
  struct buf b;
  buf_init(&b, 1 << 20);
  struct iati_activity acts[2] = {sample(), sample()};
  acts[1].identifier = "FR-SIRET-13000548100010-PLAM-2022";
  acts[1].title = "Plan de mobilisation Pays de la Loire 2022-2027";
  acts[1].nlocations = 0;
  acts[1].nresults = 0;
  acts[1].sector = NULL;
  acts[1].objectives = NULL;
  acts[1].actual_start = NULL;
  acts[1].last_updated = NULL;
  struct field_error fe;
  assert_int_equal(iati_write(&b, "2024-07-01T08:00:00Z", acts, 2, &fe), PLAM_OK);
  const char *x = b.data;
  assert_non_null(strstr(x, "<iati-activities version=\"2.03\" generated-datetime=\"2024-07-01T08:00:00Z\">"));
  assert_non_null(strstr(x, "xml:lang=\"fr\" default-currency=\"EUR\""));
  assert_non_null(strstr(x, "<narrative>Pôle emploi &amp; OPCO Santé</narrative>"));
  assert_non_null(strstr(x, "d&apos;aide-soignant &amp; d&apos;ASH"));
  assert_non_null(strstr(x, "212 contrats &lt; cible"));
  assert_non_null(strstr(x, "<participating-org type=\"15\" role=\"4\">"));
  assert_non_null(strstr(x, "<value currency=\"EUR\" value-date=\"2022-01-01\">1250000.00</value>"));
  assert_non_null(strstr(x, ">0.99</value>"));
  assert_non_null(strstr(x, "<baseline iso-date=\"2021-12-31\" year=\"2021\" value=\"0\"/>"));
  assert_non_null(strstr(x, "<baseline year=\"2022\" value=\"7.5\">"));
  assert_non_null(strstr(x, "<indicator measure=\"2\" ascending=\"0\">"));
  assert_non_null(strstr(x, "<activity-date type=\"2\" iso-date=\"2022-03-15\"/>"));
  assert_non_null(strstr(x, "<feature-designation code=\"ADM2\"/>"));
  /* schema order: participating-org before activity-status before budget before result */
  assert_true(strstr(x, "<participating-org") < strstr(x, "<activity-status"));
  assert_true(strstr(x, "<sector") < strstr(x, "<budget"));
  assert_true(strstr(x, "</budget>") < strstr(x, "<result"));

  schema_check(&b);
  buf_release(&b);
}

static void expect_invalid(struct iati_activity a, const char *field, const char *msg_part) {
  struct buf b;
  buf_init(&b, 1 << 20);
  struct field_error fe;
  memset(&fe, 0, sizeof fe);
  assert_int_equal(iati_write(&b, NULL, &a, 1, &fe), PLAM_ERR_INVALID);
  if (strcmp(fe.field, field) != 0 || !strstr(fe.message, msg_part))
    fail_msg("got %s \"%s\", want %s \"%s\"", fe.field, fe.message, field, msg_part);
  assert_true(b.len == 0);
  buf_release(&b);
}

static void test_invalid_input(void **state) {
  (void)state;
  struct iati_activity a = sample();
  a.identifier = "";
  expect_invalid(a, "activites[0].identifiant", "obligatoire");
  a = sample();
  a.title = "caf\xE9";
  expect_invalid(a, "activites[0].titre", "texte invalide");
  a = sample();
  a.description = "bip\x07";
  expect_invalid(a, "activites[0].description", "caractère de contrôle");
  a = sample();
  a.nparticipants = 0;
  expect_invalid(a, "activites[0].participants", "au moins une");
  a = sample();
  struct iati_org bad_role[] = {{.name = "X", .role = 5}};
  a.participants = bad_role;
  a.nparticipants = 1;
  expect_invalid(a, "activites[0].participants[0]", "rôle");
  a = sample();
  a.status = 0;
  expect_invalid(a, "activites[0].statut", "statut");
  a = sample();
  a.planned_start = NULL;
  a.actual_start = NULL;
  expect_invalid(a, "activites[0].debut_prevu", "date de début");
  a = sample();
  a.planned_end = "31/12/2027";
  expect_invalid(a, "activites[0].fin_prevue", "AAAA-MM-JJ");
  a = sample();
  struct iati_budget bb[] = {budgets[0], budgets[1]};
  bb[1].end = "2022-12-31";
  a.budgets = bb;
  expect_invalid(a, "activites[0].budgets[1].fin", "précède");
  bb[1] = budgets[1];
  bb[1].value_date = "2023-02-29";
  expect_invalid(a, "activites[0].budgets[1].date_valeur", "AAAA-MM-JJ");
  bb[1] = budgets[1];
  bb[1].value_cents = -1;
  expect_invalid(a, "activites[0].budgets[1]", "négatif");
  a = sample();
  struct iati_result rr[] = {results[0]};
  rr[0].nindicators = 0;
  a.results = rr;
  expect_invalid(a, "activites[0].resultats[0]", "au moins un indicateur");
  rr[0] = results[0];
  struct iati_indicator ii[] = {indicators[0], indicators[1]};
  ii[1].measure = 9;
  rr[0].indicators = ii;
  expect_invalid(a, "activites[0].resultats[0].indicateurs[1]", "mesure");
  a = sample();
  struct iati_location ll[] = {locations[0]};
  ll[0].admin_code = NULL;
  a.locations = ll;
  a.nlocations = 1;
  expect_invalid(a, "activites[0].lieux[0]", "vont ensemble");
  struct buf b;
  buf_init(&b, 1024);
  struct field_error fe;
  assert_int_equal(iati_write(&b, NULL, NULL, 0, &fe), PLAM_ERR_INVALID);
  assert_string_equal(fe.field, "activites");
  /* a buffer too small: nothing half-written */
  a = sample();
  assert_int_equal(iati_write(&b, NULL, &a, 1, &fe), PLAM_ERR_TOO_LARGE);
  assert_true(b.len == 0);
  buf_release(&b);
}

/* ---- plan export: actuals aggregated to the indicator's scope ----------- */
static struct db *pdb;

static void sqlx(const char *q) {
  if (db_exec(pdb, q)) fail_msg("%s: %s", db_errmsg(pdb), q);
}

static void value(int64_t ind, const char *terr, const char *on, const char *v, const char *num, const char *den) {
  char q[512];
  snprintf(q, sizeof q,
           "INSERT INTO measurements(indicator_id, territory_id, value_on, value, numerator, denominator, source) "
           "VALUES (%lld, '%s', '%s', %s, %s, %s, 's')",
           (long long)ind, terr, on, v, num, den);
  sqlx(q);
  sqlx("INSERT INTO measurement_reviews(measurement_id, decision) VALUES (last_insert_rowid(), 'validated')");
}

/* A count measured per département: each period's actual is the sum over the
 * départements of their latest value (revisions: the later row), none when
 * a département has no value yet (a partial sum is not the région's figure);
 * a percentage: recomputed from the summed numerators and denominators
 * (40 / 400 = 10 %), not the mean of the départements' rates (16.7 %). */
static void test_plan_actuals(void **state) {
  (void)state;
  char dir[] = "/tmp/plam-test-iati-plan-XXXXXX", path[64];
  assert_non_null(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/t.db", dir);
  int applied = 0;
  assert_int_equal(db_open(path, DB_OPEN_CREATE, &pdb), PLAM_OK);
  assert_int_equal(db_migrate(pdb, &applied), PLAM_OK);
  sqlx("BEGIN");
  sqlx("INSERT INTO plans(id, slug, region_id, title, status, start_year, end_year) VALUES (900, 'iati-t', "
       "'REG-52', 'Plan IATI', 'published', 2022, 2024)");
  sqlx("INSERT INTO plan_territories(plan_id, territory_id) VALUES (900, 'DEP-44'), (900, 'DEP-49')");
  sqlx("INSERT INTO plan_axes(id, plan_id, number, title, weight) VALUES (9000, 900, '1', 'Axe', 1)");
  sqlx("INSERT INTO plan_actions(id, plan_id, axis_id, number, title, weight) VALUES (90000, 900, 9000, '1.1', "
       "'Action', 1)");
  sqlx("INSERT INTO indicators(id, action_id, code, name, kind, direction, accumulation, aggregation, ratio_scale, "
       "frequency, scope_id, breakdown, weight) VALUES "
       "(901, 90000, 'contrats', 'Contrats', 'count', 'higher', 'level', 'sum', 1, 'yearly', 'REG-52', "
       "'departement', 1), "
       "(902, 90000, 'taux', 'Taux', 'percent', 'higher', 'level', 'ratio', 100, 'yearly', 'REG-52', "
       "'departement', 1)");
  sqlx("INSERT INTO indicator_targets(indicator_id, territory_id, kind, due_on, value) VALUES "
       "(901, 'REG-52', 'baseline', '2021-12-31', 10), (901, 'REG-52', 'intermediate', '2022-06-30', 30), "
       "(901, 'REG-52', 'intermediate', '2022-12-31', 50), (901, 'REG-52', 'final', '2023-12-31', 100), "
       "(902, 'REG-52', 'baseline', '2021-12-31', 5), (902, 'REG-52', 'final', '2023-12-31', 20)");
  value(901, "DEP-44", "2022-06-30", "20", "NULL", "NULL");
  value(901, "DEP-44", "2022-06-30", "25", "NULL", "NULL"); /* revision */
  value(901, "DEP-49", "2022-09-30", "12", "NULL", "NULL");
  value(901, "DEP-44", "2023-06-30", "40", "NULL", "NULL");
  value(901, "DEP-49", "2023-09-30", "30", "NULL", "NULL");
  value(902, "DEP-44", "2023-03-31", "30", "30", "100");
  value(902, "DEP-49", "2023-03-31", "3.33", "10", "300");
  sqlx("COMMIT");

  struct actor a;
  memset(&a, 0, sizeof a);
  a.role = ROLE_STAFF;
  struct buf b;
  buf_init(&b, 1 << 20);
  struct field_error fe;
  memset(&fe, 0, sizeof fe);
  assert_int_equal(plan_iati_xml(pdb, &a, 900, &b, &fe), PLAM_OK);
  const char *x = b.data;
  int nperiods = 0, nactuals = 0;
  for (const char *q = x; (q = strstr(q, "<period>")); q++) nperiods++;
  for (const char *q = x; (q = strstr(q, "<actual ")); q++) nactuals++;
  assert_int_equal(nperiods, 4);
  assert_int_equal(nactuals, 3); /* none at 2022-06-30: DEP-49 had no value yet */
  const char *p1 = strstr(x, "<period-end iso-date=\"2022-06-30\"/>");
  const char *p2 = strstr(x, "<period-end iso-date=\"2022-12-31\"/>");
  assert_non_null(p1);
  assert_non_null(p2);
  assert_true(strstr(p1, "<actual ") > p2);             /* the first actual is after the second period's start */
  assert_non_null(strstr(p2, "<actual value=\"37\">")); /* 25 (revised) + 12 */
  assert_non_null(strstr(x, "<actual value=\"70\">"));  /* 40 + 30 */
  assert_non_null(strstr(x, "<actual value=\"10\">"));  /* 100 x 40 / 400 */
  assert_null(strstr(x, "<actual value=\"16."));        /* never the mean of the rates */
  assert_non_null(strstr(x, "somme de 2 territoires"));
  assert_non_null(strstr(x, "40 / 400 (ratio recalculé sur les totaux)"));
  schema_check(&b);
  buf_release(&b);
  db_close(pdb);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_sample_validates),
    cmocka_unit_test(test_invalid_input),
    cmocka_unit_test(test_plan_actuals),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
