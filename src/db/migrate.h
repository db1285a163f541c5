/* Numbered schema migrations, embedded in the binary at build time from
 * src/db/migrations/NNNN_name.sql, and for PostgreSQL from
 * src/db/migrations/pg/ (see cmake/embed_migrations.cmake). Each
 * runs once, in order, in its own write transaction, and is recorded in the
 * schema_migrations table. A migration not recorded is applied even when a
 * later one is (numbers taken by parallel branches: 0010 merged after 0011). */
#ifndef PLAM_DB_MIGRATE_H
#define PLAM_DB_MIGRATE_H
#include "base/error.h"

struct db;
struct db_migration {
  int version;
  const char *name;
  const char *sql;
};
extern const struct db_migration db_migrations[];
/* PostgreSQL's: src/db/migrations/pg/NNNN_name.sql where the SQL differs,
 * else the SQLite file of that number; same count and numbers. */
extern const struct db_migration db_migrations_pg[];
extern const int db_migration_count;

/* Applies pending migrations; *applied receives how many ran (may be NULL).
 * Refuses a database newer than the binary (PLAM_ERR_CONFLICT). */
plam_err db_migrate(struct db *db, int *applied);
/* Applies every migration of the engine, in order, inside the caller's open
 * write transaction, and records them: for a new, empty database whose
 * schema must appear all at once or not at all (plam db copy; PostgreSQL's
 * DDL is transactional). Migrations marked foreign_keys=OFF run as they are
 * (PostgreSQL enforces foreign keys anyway; an empty database breaks none). */
plam_err db_migrate_in_tx(struct db *db);
/* Current schema version of the database (0 when empty). */
plam_err db_schema_version(struct db *db, int *version);
int db_schema_latest(void);

#endif
