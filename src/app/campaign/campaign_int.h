/* Helpers shared inside the campaign module (not for other layers). */
#ifndef PLAM_APP_CAMPAIGN_INT_H
#define PLAM_APP_CAMPAIGN_INT_H
#include "app/campaign/campaign.h"
#include "store/store.h"

/* *ok = 1 when o may host the campaign's posts: the same rule as the list
 * campaign_sites offers (a place of care or training in a département of the
 * campaign's région). The API, the CSV import and the demo all check it. */
plam_err campaign_site_check(struct db *db, const struct campaign_rec *c, const struct org_rec *o, int *ok);

#endif
