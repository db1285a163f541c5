/* Transactions for the layer above: see store_tx.h. */
#include "store/store_tx.h"
#include "db/db.h"

plam_err store_read_begin(struct db *db) { return db_read_begin(db); }
void store_read_end(struct db *db) { db_read_end(db); }
plam_err store_write_begin(struct db *db) { return db_write_begin(db); }
plam_err store_write_end(struct db *db, plam_err result) { return db_write_end(db, result); }
plam_err store_foreign_keys(struct db *db, int on) { return db_foreign_keys(db, on); }
