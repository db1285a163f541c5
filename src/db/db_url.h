/* PostgreSQL connection URLs (postgresql://user[:password]@host[:port]/dbname
 * [?param=value&…], also postgres://): recognised, checked with a French
 * reason before libpq sees them, and redacted for logs (the password, in the
 * user part or as a password= parameter, becomes "***"). Pure functions, no
 * libpq: unit-tested and fuzzed (tests/fuzz/fuzz_db_url.c). */
#ifndef PLAM_DB_DB_URL_H
#define PLAM_DB_DB_URL_H
#include <stddef.h>

#define DB_URL_MAX 1024

struct db_url {
  char user[128];
  int has_password;
  char host[256];
  int port; /* 0: libpq's default (5432) */
  char dbname[128];
};

/* 1 when s starts with postgresql:// or postgres:// (case-insensitive). */
int db_url_is_pg(const char *s);
/* Parses and checks s; 0 on success, else -1 with a French reason in why[n]. */
int db_url_parse(const char *s, struct db_url *u, char *why, size_t n);
/* Copies s into out[n] with any password replaced by "***" (cut to fit). */
void db_url_redact(const char *s, char *out, size_t n);

#endif
