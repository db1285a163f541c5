/* Transactions, for the layer above: app/ reaches the database through
 * store/ only, so these are the store's names for db/'s transactions. Reads
 * pair store_read_begin with store_read_end (one snapshot for several
 * queries). store_write_begin/end are for the write bracket alone
 * (src/app/access/write.c; scripts/check-writes.sh keeps it so). */
#ifndef PLAM_STORE_STORE_TX_H
#define PLAM_STORE_STORE_TX_H
#include "base/error.h"

struct db;

plam_err store_read_begin(struct db *db);
void store_read_end(struct db *db);
plam_err store_write_begin(struct db *db);
plam_err store_write_end(struct db *db, plam_err result);
/* Foreign-key enforcement on this connection, outside any transaction
 * (the measurement import checks the parents itself, once each). */
plam_err store_foreign_keys(struct db *db, int on);

#endif
