/* The COPIL pack of a plan (issue 3): everything a steering committee reads
 * about a plan, gathered once and rendered three ways: an XLSX workbook
 * (copil_xlsx.c), a printable HTML report (report_html.c) and, stripped of
 * anything personal or unvalidated, the open-data JSON (open_data.c).
 *
 * The pack is a JSON object built from the plan detail (plan_detail_json),
 * the dashboard (plan_dashboard_json: progress with its explanation, latest
 * weather, money) and the current budget lines (plan_budget_json), all read
 * under the caller's rights (plan_get_readable: drafts stay hidden):
 *   plan     {id, slug, title, long_title, region_id, region_name, start_year,
 *             end_year, status, summary, axis_label, launched_on, updated_at}
 *   date     reference date of the progress figures (YYYY-MM-DD)
 *   progress the plan's combined progress (formula, reason, coverage, parts)
 *   axes[]   {id, number, title, description, progress, actions[], budget[]}
 *            actions[] {id, number, title, status, objective, pilots[],
 *                       copilots[] (organisation names), progress, weather
 *                       ({level, judged_on, comment} or null), indicators[]}
 *            indicators[] {id, code, name, unit, kind, direction, scope_id,
 *                          targets[] ({kind, due_on, value} at the scope, by
 *                          date), result (the dashboard's explained result,
 *                          without per-territory detail)}
 *   actions_without_axis[], budget_without_axis[]
 *   budget[] every current line {id, label, funder_org_id, funder_name, fund,
 *            year_from, year_to, planned_cents, committed_cents, paid_cents,
 *            action_id, axis_id, action_number}
 *   money    {by_funder[] (+ funder_name), plan} from the dashboard
 * No person appears in it: partners are organisations; the weather keeps its
 * level, date and comment, not its author. */
#ifndef PLAM_APP_PLAN_COPIL_H
#define PLAM_APP_PLAN_COPIL_H
#include <jansson.h>
#include "app/access/audit.h"
#include "base/buf.h"

struct db;

/* Builds the pack (new reference in *out). PLAM_ERR_NOT_FOUND when a may
 * not read the plan. */
plam_err copil_pack_json(struct db *db, const struct actor *a, int64_t plan_id, json_t **out);

/* French labels of codes (never NULL; the code itself when unknown). */
const char *copil_action_status_label(const char *code);
/* The status of a packed action, "Statut non renseigné" when nobody gave it
 * (status_known false), and its number, "réf. interne 1.1" when plam
 * numbered it (number_in_source false). */
const char *copil_action_status_text(json_t *action);
void copil_action_ref(json_t *action, char *out, size_t size);
/* "au moins ", "environ ", "au plus " for a record's qualifier, else "". */
const char *copil_qualifier_prefix(json_t *record);
const char *copil_weather_label(const char *code);
const char *copil_plan_status_label(const char *code);
/* "2022–2027", "depuis 2022", "jusqu'en 2027" or "non précisée". */
void copil_period_text(json_t *plan, char *out, size_t size);
/* "3 indicateurs renseignés sur 4 ; 10 territoires sur 12" for a combined
 * progress, "5 territoires renseignés sur 5 ; 7 valeurs" for an indicator. */
void copil_coverage_text(json_t *progress, char *out, size_t size);
/* "42,5 %"; for an aggregate whose weighted mean is empty, its headline
 * figure with its coverage ("42,5 % sur 3 indicateurs renseignés sur 19");
 * "non calculé" only when no indicator below has a figure. */
void copil_percent_text(json_t *progress, char *out, size_t size);
/* 1 when the figure is the complete weighted mean (or an indicator's own). */
int copil_progress_complete(json_t *progress);
/* What an indicator's current value is, by its accumulation: "Dernière
 * valeur validée", "Cumul des valeurs validées depuis la référence"... */
const char *copil_current_label(json_t *indicator);
/* A money total's stage ("planned", "committed", "paid") as text: "Inconnu"
 * when no line gives it, the sum when every line does, else "total des
 * montants connus : X € (k lignes sur n)". Unknown amounts never count as 0. */
void copil_amount_text(json_t *total, const char *stage, char *out, size_t size);
/* French number: "1 234,5" (at most 2 decimals, trailing zeros dropped). */
void copil_number_text(double v, char *out, size_t size);
/* "12 345,67 €" from cents. */
void copil_euros_text(int64_t cents, char *out, size_t size);
/* "31/12/2024" from "2024-12-31" ("" when s is NULL or empty). */
void copil_date_text(const char *iso, char *out, size_t size);

/* ---- renderings ---- */
/* The workbook (copil_xlsx.c): a summary sheet and one sheet per axis. */
plam_err copil_xlsx_write(json_t *pack, const char *path);
/* Pack + workbook into a malloc'd byte string (through a temporary file in
 * TMPDIR or /tmp). */
plam_err copil_xlsx_bytes(struct db *db, const struct actor *a, int64_t plan_id, char **data, size_t *len);
/* The printable report (report_html.c), appended to out. */
plam_err report_html_write(json_t *pack, struct buf *out);
plam_err report_html(struct db *db, const struct actor *a, int64_t plan_id, struct buf *out);

#endif
