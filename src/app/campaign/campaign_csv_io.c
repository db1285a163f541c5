/* CSV import and export of campaign posts and candidates: see
 * campaign_csv_io.h. Existing records are matched through sorted indexes
 * (post code; candidate account id; name of a candidate without account)
 * built from the lists the store returns. */
#include "app/campaign/campaign_csv_io.h"
#include "app/campaign/campaign_int.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/access/write.h"
#include "store/store_tx.h"
#include "store/store.h"

/* Copies a cell the parser checked (campaign_csv.c: limits in characters,
 * records sized for them) whole; a value that does not fit is a bug, refused
 * (never stored shortened): *e becomes PLAM_ERR_INTERNAL. */
static void fit(plam_err *e, char *dst, size_t n, const char *src) {
  if (store_copy(dst, n, src) && !*e) *e = PLAM_ERR_INTERNAL;
}

static int is_staff(const struct actor *a) { return a->role == ROLE_ADMIN || a->role == ROLE_STAFF; }

static int frozen(const struct campaign_rec *c) { return !strcmp(c->status, "final") || !strcmp(c->status, "closed"); }

/* ---- indexes over existing records ---- */

struct idx {
  const char *key; /* post code or candidate name */
  int64_t num;     /* candidate account id */
  int pos;         /* position in the store's list */
};

static int cmp_str(const void *a, const void *b) {
  const struct idx *x = a, *y = b;
  int k = strcmp(x->key, y->key);
  return k ? k : (x->pos > y->pos) - (x->pos < y->pos);
}

static int cmp_num(const void *a, const void *b) {
  const struct idx *x = a, *y = b;
  return (x->num > y->num) - (x->num < y->num);
}

/* First entry with that key, or -1. */
static long find_str(const struct idx *v, size_t n, const char *key) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (strcmp(v[mid].key, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo < n && !strcmp(v[lo].key, key) ? (long)lo : -1;
}

static long find_num(const struct idx *v, size_t n, int64_t num) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (v[mid].num < num) lo = mid + 1;
    else hi = mid;
  }
  return lo < n && v[lo].num == num ? (long)lo : -1;
}

/* ---- posts ---- */

/* Resolves and writes the post rows (write_pass 0: resolve and count only). */
static plam_err posts_apply(struct db *db, int64_t campaign_id, struct ccsv_report *rep, int write_pass,
                            struct ccsv_result *res, json_t *created, json_t *updated) {
  struct cpost_rec *old = NULL;
  int nold = 0;
  struct campaign_rec camp;
  plam_err e = store_campaign_get(db, campaign_id, &camp);
  if (!e) e = store_cpost_list(db, campaign_id, &old, &nold);
  if (e) return e;
  struct idx *ix = malloc((nold ? (size_t)nold : 1) * sizeof *ix);
  if (!ix) {
    free(old);
    return PLAM_ERR_NOMEM;
  }
  for (int i = 0; i < nold; i++) ix[i] = (struct idx){old[i].code, 0, i};
  if (nold > 1) qsort(ix, (size_t)nold, sizeof *ix, cmp_str);
  size_t ncreate = 0;
  /* files list many posts of one site and département in a row: the last
   * lookup of each is kept */
  const char *last_org = NULL, *last_terr = NULL;
  int64_t last_org_id = 0;
  int last_org_site = 0; /* the last organisation may host the campaign's posts */
  for (size_t i = 0; !e && i < rep->n; i++) {
    const struct ccsv_post *r = &rep->posts[i];
    struct cpost_rec p;
    long at = find_str(ix, (size_t)nold, r->code);
    if (at >= 0) p = old[ix[at].pos];
    else {
      memset(&p, 0, sizeof p);
      p.campaign_id = campaign_id;
      fit(&e, p.code, sizeof p.code, r->code);
    }
    int ok = 1;
    int64_t org = last_org_id;
    int same_org = last_org && !strcmp(last_org, r->org);
    plam_err f = same_org ? PLAM_OK : store_org_find_by_name(db, r->org, &org);
    if (!f && !same_org) {
      struct org_rec o;
      f = store_org_get(db, org, &o);
      if (!f) f = campaign_site_check(db, &camp, &o, &last_org_site);
      if (!f) {
        last_org = r->org;
        last_org_id = org;
      }
    }
    if (f == PLAM_ERR_NOT_FOUND) {
      ccsv_error_add(rep, r->row, CCSV_P_ORG, "organisation « %.80s » inconnue (nom exact attendu)", r->org);
      ok = 0;
    } else if (f) {
      e = f;
      break;
    } else if (!last_org_site) {
      ccsv_error_add(rep, r->row, CCSV_P_ORG,
                     "« %.80s » ne peut pas accueillir de poste de la campagne : établissement, institut de "
                     "formation ou université d'un département de la région de la campagne attendu",
                     r->org);
      ok = 0;
    }
    struct territory_rec t;
    if (!last_terr || strcmp(last_terr, r->territory)) {
      f = store_territory_get(db, r->territory, &t);
      if (f == PLAM_ERR_NOT_FOUND || (!f && strcmp(t.level, "departement"))) {
        ccsv_error_add(rep, r->row, CCSV_P_TERRITORY, "département « %s » inconnu", r->territory);
        ok = 0;
      } else if (f) {
        e = f;
        break;
      } else last_terr = r->territory;
    }
    if (!ok) continue;
    /* an optional column absent from the file leaves an existing post's value */
    const int *has = rep->colmap;
    int keep = at >= 0;
    struct cpost_rec q = p;
    fit(&e, q.label, sizeof q.label, r->label);
    if (!keep || has[CCSV_P_PHASE] >= 0) fit(&e, q.phase, sizeof q.phase, r->phase);
    if (!keep || has[CCSV_P_SPECIALTY] >= 0) fit(&e, q.specialty, sizeof q.specialty, r->specialty);
    fit(&e, q.territory_id, sizeof q.territory_id, r->territory);
    if (e) break;
    q.org_id = org;
    if (!keep || has[CCSV_P_FRAGILE] >= 0) q.fragile = r->fragile;
    q.capacity = r->capacity;
    if (!keep || has[CCSV_P_RESERVED] >= 0) q.reserved_seats = r->reserved;
    if (!keep || has[CCSV_P_CESP] >= 0) q.cesp_only = r->cesp_only;
    if (q.reserved_seats > q.capacity) {
      ccsv_error_add(rep, r->row, CCSV_P_CAPACITY, "capacité %lld inférieure aux %lld places réservées du poste",
                     (long long)q.capacity, (long long)q.reserved_seats);
      continue;
    }
    int same = at >= 0 && !strcmp(q.label, p.label) && !strcmp(q.phase, p.phase) && !strcmp(q.specialty, p.specialty) &&
               !strcmp(q.territory_id, p.territory_id) && q.org_id == p.org_id && q.fragile == p.fragile &&
               q.capacity == p.capacity && q.reserved_seats == p.reserved_seats && q.cesp_only == p.cesp_only;
    if (at < 0) ncreate++;
    if (!write_pass) continue;
    if (at < 0) {
      int64_t id;
      e = store_cpost_insert(db, &q, &id);
      res->created++;
      json_array_append_new(created, json_string(q.code));
    } else if (!same) {
      e = store_cpost_update(db, &q);
      res->updated++;
      json_array_append_new(updated, json_string(q.code));
    } else res->unchanged++;
  }
  if (!e && !write_pass && (size_t)nold + ncreate > CAMPAIGN_MAX_ROWS)
    ccsv_error_add(rep, 0, -1, "la campagne compterait %zu postes : %d au plus", (size_t)nold + ncreate,
                   CAMPAIGN_MAX_ROWS);
  free(ix);
  free(old);
  return e;
}

/* ---- candidates ---- */

static plam_err cands_apply(struct db *db, int64_t campaign_id, struct ccsv_report *rep, int write_pass,
                            struct ccsv_result *res, json_t *created, json_t *updated) {
  struct ccand_rec *old = NULL;
  int nold = 0;
  plam_err e = store_ccand_list(db, campaign_id, &old, &nold);
  if (e) return e;
  struct idx *by_user = malloc((nold ? (size_t)nold : 1) * sizeof *by_user);
  struct idx *by_name = malloc((nold ? (size_t)nold : 1) * sizeof *by_name);
  if (!by_user || !by_name) {
    free(by_user);
    free(by_name);
    free(old);
    return PLAM_ERR_NOMEM;
  }
  size_t nu = 0, nn = 0;
  for (int i = 0; i < nold; i++) {
    if (old[i].user_id) by_user[nu++] = (struct idx){"", old[i].user_id, i};
    else by_name[nn++] = (struct idx){old[i].name, 0, i};
  }
  if (nu > 1) qsort(by_user, nu, sizeof *by_user, cmp_num);
  if (nn > 1) qsort(by_name, nn, sizeof *by_name, cmp_str);
  size_t ncreate = 0;
  for (size_t i = 0; !e && i < rep->n; i++) {
    const struct ccand_row *r = &rep->cands[i];
    long at = -1;
    int64_t user_id = 0;
    const char *account_name = NULL;
    struct user_rec u;
    if (*r->login) {
      plam_err f = store_user_get_by_login(db, r->login, &u, NULL, 0);
      if (f == PLAM_ERR_NOT_FOUND) {
        ccsv_error_add(rep, r->row, CCSV_C_LOGIN, "compte « %.64s » inconnu", r->login);
        continue;
      }
      if (f) {
        e = f;
        break;
      }
      if (strcmp(u.role, "intern") && strcmp(u.role, "candidate")) {
        ccsv_error_add(rep, r->row, CCSV_C_LOGIN, "le compte « %.64s » doit avoir le rôle « interne » ou « candidat »",
                       r->login);
        continue;
      }
      user_id = u.id;
      account_name = u.display_name;
      long k = find_num(by_user, nu, user_id);
      if (k >= 0) at = by_user[k].pos;
    } else {
      long k = find_str(by_name, nn, r->name);
      if (k >= 0 && (size_t)k + 1 < nn && !strcmp(by_name[k + 1].key, r->name)) {
        ccsv_error_add(rep, r->row, CCSV_C_NAME,
                       "plusieurs candidats sans compte s'appellent « %.80s » : "
                       "modifiez-les un par un dans la page de la campagne",
                       r->name);
        continue;
      }
      if (k >= 0) at = by_name[k].pos;
    }
    struct ccand_rec p;
    if (at >= 0) p = old[at];
    else {
      memset(&p, 0, sizeof p);
      p.campaign_id = campaign_id;
      p.user_id = user_id;
      fit(&e, p.name, sizeof p.name, account_name ? account_name : "");
    }
    const int *has = rep->colmap;
    int keep = at >= 0;
    struct ccand_rec q = p;
    if (*r->name) fit(&e, q.name, sizeof q.name, r->name);
    q.rank = r->rank;
    if (!keep || has[CCSV_C_SENIORITY] >= 0) q.seniority = r->seniority;
    if (!keep || has[CCSV_C_PHASE] >= 0) fit(&e, q.phase, sizeof q.phase, r->phase);
    if (!keep || has[CCSV_C_SPECIALTY] >= 0) fit(&e, q.specialty, sizeof q.specialty, r->specialty);
    if (e) break;
    if (!keep || has[CCSV_C_CESP] >= 0) q.cesp = r->cesp;
    if (!keep || has[CCSV_C_SUBDIVISION] >= 0) q.subdivision = r->subdivision;
    int same = at >= 0 && !strcmp(q.name, p.name) && q.rank == p.rank && q.seniority == p.seniority &&
               q.cesp == p.cesp && q.subdivision == p.subdivision && !strcmp(q.phase, p.phase) &&
               !strcmp(q.specialty, p.specialty);
    if (at < 0) ncreate++;
    if (!write_pass) continue;
    if (at < 0) {
      int64_t id = 0;
      e = store_ccand_insert(db, &q, &id);
      res->created++;
      json_array_append_new(created, json_integer(id));
    } else if (!same) {
      e = store_ccand_update(db, &q);
      res->updated++;
      json_array_append_new(updated, json_integer(q.id));
    } else res->unchanged++;
  }
  if (!e && !write_pass && (size_t)nold + ncreate > CAMPAIGN_MAX_ROWS)
    ccsv_error_add(rep, 0, -1, "la campagne compterait %zu candidats : %d au plus", (size_t)nold + ncreate,
                   CAMPAIGN_MAX_ROWS);
  free(by_user);
  free(by_name);
  free(old);
  return e;
}

static int cmp_rank(const void *a, const void *b) {
  const struct ccand_rec *x = a, *y = b;
  return (x->rank > y->rank) - (x->rank < y->rank);
}

/* After the candidates were written: two candidates of the campaign never
 * share a rank (campaign_rank_holder). Each file row whose rank another
 * candidate also holds is an error in the "rang" column. */
static plam_err ranks_check(struct db *db, int64_t campaign_id, struct ccsv_report *rep) {
  struct ccand_rec *all = NULL;
  int n = 0;
  plam_err e = store_ccand_list(db, campaign_id, &all, &n);
  if (e) return e;
  if (n > 1) qsort(all, (size_t)n, sizeof *all, cmp_rank);
  for (size_t i = 0; i < rep->n; i++) {
    int64_t r = rep->cands[i].rank;
    int lo = 0, hi = n; /* first candidate with rank >= r */
    while (lo < hi) {
      int mid = lo + (hi - lo) / 2;
      if (all[mid].rank < r) lo = mid + 1;
      else hi = mid;
    }
    if (lo + 1 < n && all[lo].rank == r && all[lo + 1].rank == r)
      ccsv_error_add(rep, rep->cands[i].row, CCSV_C_RANK,
                     "le rang %lld est déjà celui d'un autre candidat de la campagne : deux candidats n'ont jamais le "
                     "même rang",
                     (long long)r);
  }
  free(all);
  return PLAM_OK;
}

struct csv_arg {
  int64_t campaign_id;
  enum ccsv_kind kind;
  const char *filename;
  struct ccsv_report *rep;
  struct ccsv_result *res;
};

static plam_err csv_import_tx(struct app_tx *tx, void *arg) {
  const struct csv_arg *x = arg;
  struct ccsv_report *rep = x->rep;
  struct campaign_rec c;
  plam_err e = store_campaign_get(tx->db, x->campaign_id, &c);
  if (!e && frozen(&c)) {
    ccsv_error_add(rep, 0, -1, "le résultat définitif est publié : la campagne est figée");
    e = PLAM_ERR_INVALID;
  }
  /* first pass: resolve every row and collect the errors */
  if (!e)
    e = x->kind == CCSV_POSTS ? posts_apply(tx->db, x->campaign_id, rep, 0, x->res, NULL, NULL)
                              : cands_apply(tx->db, x->campaign_id, rep, 0, x->res, NULL, NULL);
  if (!e && rep->total_errors) e = PLAM_ERR_INVALID;
  json_t *created = NULL, *updated = NULL;
  if (!e) {
    created = json_array();
    updated = json_array();
    if (!created || !updated) e = PLAM_ERR_NOMEM;
  }
  if (!e)
    e = x->kind == CCSV_POSTS ? posts_apply(tx->db, x->campaign_id, rep, 1, x->res, created, updated)
                              : cands_apply(tx->db, x->campaign_id, rep, 1, x->res, created, updated);
  if (!e && x->kind == CCSV_CANDIDATES) e = ranks_check(tx->db, x->campaign_id, rep);
  if (!e && rep->total_errors) e = PLAM_ERR_INVALID;
  if (!e) {
    json_t *after = json_pack("{s:s, s:s?, s:I, s:O, s:O, s:I}", "list", x->kind == CCSV_POSTS ? "posts" : "candidates",
                              "file", x->filename, "rows", (json_int_t)x->res->rows, "created", created, "updated",
                              updated, "unchanged", (json_int_t)x->res->unchanged);
    e = after ? app_audit(tx, x->kind == CCSV_POSTS ? "import_posts" : "import_candidates", "campaign", x->campaign_id,
                          NULL, after)
              : PLAM_ERR_NOMEM;
  }
  json_decref(created);
  json_decref(updated);
  return e;
}

plam_err campaign_csv_import(struct db *db, const struct actor *a, int64_t campaign_id, enum ccsv_kind kind,
                             const char *data, size_t len, const char *filename, struct ccsv_report *rep,
                             struct ccsv_result *res) {
  memset(rep, 0, sizeof *rep);
  memset(res, 0, sizeof *res);
  if (!is_staff(a)) return PLAM_ERR_FORBIDDEN;
  plam_err e = ccsv_parse(kind, data, len, rep);
  if (e) return e;
  res->rows = rep->rows;
  res->cp1252 = rep->cp1252;
  struct csv_arg x = {campaign_id, kind, filename, rep, res};
  e = app_write(db, a, csv_import_tx, &x, NULL);
  ccsv_errors_sort(rep);
  return e;
}

json_t *ccsv_errors_json(const struct ccsv_report *rep) {
  json_t *arr = json_array();
  for (size_t i = 0; arr && i < rep->nerrors; i++) {
    const struct ccsv_error *x = &rep->errors[i];
    json_t *o = json_pack("{s:I, s:I, s:s, s:s}", "row", (json_int_t)x->row, "col", (json_int_t)x->col, "column",
                          x->column, "message", x->message);
    if (!o || json_array_append_new(arr, o)) {
      json_decref(arr);
      return NULL;
    }
  }
  if (arr && rep->total_errors > rep->nerrors) {
    char msg[96];
    snprintf(msg, sizeof msg, "… et %zu autres erreurs", rep->total_errors - rep->nerrors);
    json_array_append_new(
      arr, json_pack("{s:I, s:I, s:s, s:s}", "row", (json_int_t)0, "col", (json_int_t)0, "column", "", "message", msg));
  }
  return arr ? json_pack("{s:o, s:I}", "errors", arr, "errors_total", (json_int_t)rep->total_errors) : NULL;
}

plam_err campaign_csv_export(struct db *db, const struct actor *a, int64_t campaign_id, enum ccsv_kind kind,
                             struct buf *out) {
  if (!is_staff(a)) return PLAM_ERR_FORBIDDEN;
  plam_err e = store_read_begin(db);
  if (e) return e;
  struct campaign_rec c;
  struct cpost_rec *posts = NULL;
  struct ccand_rec *cands = NULL;
  int n = 0;
  e = store_campaign_get(db, campaign_id, &c);
  if (!e)
    e = kind == CCSV_POSTS ? store_cpost_list(db, campaign_id, &posts, &n)
                           : store_ccand_list(db, campaign_id, &cands, &n);
  store_read_end(db);
  if (!e) e = kind == CCSV_POSTS ? ccsv_write_posts(out, posts, n) : ccsv_write_cands(out, cands, n);
  free(posts);
  free(cands);
  return e;
}
