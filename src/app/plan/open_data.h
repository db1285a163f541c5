/* Open data of published plans (issue 3): the catalogue of published plans
 * and the whole of one published plan as JSON, read as the public reads it.
 * Only published plans appear (drafts and archived plans are
 * PLAM_ERR_NOT_FOUND). The plan document is the COPIL pack (copil.h: axes,
 * actions with their pilot organisations and latest weather, indicators with
 * targets and explained progress, current budget lines, money per funder),
 * each indicator carrying its validated values only (never proposed or
 * rejected ones), and nothing that names a person (no author, reviewer, login,
 * e-mail or contact person). Licence: Licence Ouverte / Open Licence 2.0.
 * The schema is in docs/FORMATS.md ("Open data"). */
#ifndef PLAM_APP_PLAN_OPEN_DATA_H
#define PLAM_APP_PLAN_OPEN_DATA_H
#include <jansson.h>
#include "base/error.h"

struct db;

#define OPEN_DATA_LICENCE "Licence Ouverte / Open Licence 2.0"
#define OPEN_DATA_LICENCE_URL "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

/* [{id, slug, region_id, region_name, title, start_year, end_year, status,
 *   licence, licence_url, updated_at, links{...}}] of published plans. */
plam_err open_data_plans_json(struct db *db, json_t **out);
/* {format, licence, licence_url, date, plan, progress, axes, actions_without_axis,
 *  budget, money, links}; PLAM_ERR_NOT_FOUND unless the plan is published. */
plam_err open_data_plan_json(struct db *db, int64_t plan_id, json_t **out);

#endif
