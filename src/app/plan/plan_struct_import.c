/* Plan structure import (see plan_struct.h): the file is read into the model
 * (plan_struct_read.c), then checked in full against itself and the
 * database (one read transaction): the new plan's identifier is free, every
 * territory exists, axis and action numbers, indicator codes, figure codes
 * and organisation names are unique, every reference (action -> axis,
 * partner -> axis/action/organisation, target -> indicator, ...) names a row
 * of the file, organisations are in the Organisations sheet or already known,
 * indicator codes are free in the whole database. Only a file without any
 * error is written: one write transaction creates the missing
 * organisations (each audited like orgs_create), the draft plan and every
 * row, bumps the plan's generation and appends one audit entry with the
 * counts. Keys are looked up through sorted arrays (a hostile file of 50,000
 * rows stays fast). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/access/orgs.h"
#include "app/access/write.h"
#include "app/plan/plan.h"
#include "app/plan/plan_struct_int.h"
#include "app/access/roles.h"
#include "store/store_tx.h"
#include "store/store.h"
#include "store/store_plan_struct.h"

/* ---- a sorted key -> index map ------------------------------------------- */

struct kent {
  const char *key;
  size_t idx; /* row index in its table */
  int64_t id; /* database id once written */
};
struct kmap {
  struct kent *e;
  size_t n;
};
static int kent_cmp(const void *x, const void *y) {
  const struct kent *a = x, *b = y;
  int c = strcmp(a->key, b->key);
  return c ? c : (a->idx > b->idx) - (a->idx < b->idx);
}
/* Builds the map of column col of table t (empty cells skipped) and reports
 * each duplicate at its row. */
static plam_err kmap_build(struct kmap *m, const struct ps_book *b, enum ps_table_id t, int col, struct ps_report *rep,
                           const char *what) {
  m->n = 0;
  m->e = calloc(b->n[t] ? b->n[t] : 1, sizeof *m->e);
  if (!m->e) return PLAM_ERR_NOMEM;
  for (size_t i = 0; i < b->n[t]; i++)
    if (b->rows[t][i].cells[col]) m->e[m->n++] = (struct kent){b->rows[t][i].cells[col], i, 0};
  qsort(m->e, m->n, sizeof *m->e, kent_cmp);
  for (size_t i = 1; i < m->n; i++)
    if (!strcmp(m->e[i].key, m->e[i - 1].key))
      ps_report_add(rep, t, b->rows[t][m->e[i].idx].line, ps_tables[t].cols[col].header,
                    "%s « %.60s » déjà utilisé ligne %u", what, m->e[i].key, b->rows[t][m->e[i - 1].idx].line);
  return PLAM_OK;
}
static struct kent *kmap_find(const struct kmap *m, const char *key) {
  if (!key || !m->n) return NULL;
  size_t lo = 0, hi = m->n;
  while (lo < hi) { /* first entry with that key */
    size_t mid = (lo + hi) / 2;
    if (strcmp(m->e[mid].key, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo < m->n && !strcmp(m->e[lo].key, key) ? &m->e[lo] : NULL;
}

/* ---- the checks ----------------------------------------------------------- */

struct im {
  struct db *db;
  const struct actor *a;
  const struct ps_import_options *opt;
  struct ps_book b;
  struct ps_report *rep;
  struct kmap axes, actions, inds, orgs, figs;
  char (*terrs)[12];
  size_t nterrs;
  int64_t *org_ids; /* per Organisations row: existing id, 0 = to create */
  char slug[65];
  plam_err e;
};

static int terr_cmp(const void *x, const void *y) { return strcmp(x, y); }
static int terr_known(const struct im *m, const char *id) {
  return id && strlen(id) < 12 && bsearch(id, m->terrs, m->nterrs, sizeof *m->terrs, terr_cmp);
}

#define CELL(t, i, c) (m->b.rows[t][i].cells[c])
#define LINE(t, i) (m->b.rows[t][i].line)
#define ERR(t, i, c, ...) ps_report_add(m->rep, t, LINE(t, i), ps_tables[t].cols[c].header, __VA_ARGS__)

static void check_terr(struct im *m, enum ps_table_id t, size_t i, int c) {
  const char *v = CELL(t, i, c);
  if (v && !terr_known(m, v)) ERR(t, i, c, "territoire « %.20s » inconnu (FR, REG-52, DEP-44…)", v);
}
static void check_list(struct im *m, enum ps_table_id t, size_t i, int c) {
  const char *v = CELL(t, i, c);
  char id[16];
  while (v && *v) {
    size_t l = strcspn(v, " ");
    snprintf(id, sizeof id, "%.*s", (int)(l < 15 ? l : 15), v);
    if (!terr_known(m, id)) ERR(t, i, c, "territoire « %s » inconnu", id);
    v += l;
    while (*v == ' ') v++;
  }
}
static void check_min(struct im *m, enum ps_table_id t, size_t i, int c, double min, int strict) {
  const char *v = CELL(t, i, c);
  if (!v) return;
  double d = strtod(v, NULL);
  if (strict ? d <= min : d < min) ERR(t, i, c, "doit être %s %g", strict ? "supérieur à" : "au moins", min);
}
static void check_year(struct im *m, enum ps_table_id t, size_t i, int c) {
  const char *v = CELL(t, i, c);
  if (v && (atoll(v) < 1990 || atoll(v) > 2100)) ERR(t, i, c, "année entre 1990 et 2100 attendue");
}
static void check_ref(struct im *m, enum ps_table_id t, size_t i, int c, const struct kmap *k, const char *what) {
  const char *v = CELL(t, i, c);
  if (v && !kmap_find(k, v)) ERR(t, i, c, "%s « %.60s » absent de la table correspondante", what, v);
}
/* Organisation named in the file's sheet or already in the database. */
static void check_org(struct im *m, enum ps_table_id t, size_t i, int c) {
  const char *v = CELL(t, i, c);
  if (!v || kmap_find(&m->orgs, v)) return;
  int64_t id;
  plam_err e = store_org_find_by_name(m->db, v, &id);
  if (e == PLAM_ERR_NOT_FOUND)
    ERR(t, i, c, "organisation « %.80s » inconnue : ajoutez-la à la feuille « Organisations »", v);
  else if (e && !m->e) m->e = e;
}
/* Exactly one of axis and action, or neither (the plan). */
static void check_place(struct im *m, enum ps_table_id t, size_t i, int cax, int cac) {
  if (CELL(t, i, cax) && CELL(t, i, cac)) ERR(t, i, cac, "indiquez un axe ou une action, pas les deux");
  check_ref(m, t, i, cax, &m->axes, "axe");
  check_ref(m, t, i, cac, &m->actions, "action");
}

static int prefix_valid(const char *s) {
  size_t n = strlen(s);
  if (n > 32) return 0;
  for (size_t i = 0; i < n; i++)
    if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
          s[i] == '_' || s[i] == '.'))
      return 0;
  return 1;
}

static int slug_valid(const char *s) {
  size_t n = strlen(s);
  if (n < 2 || n > 64 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9'))) return 0;
  for (size_t i = 0; i < n; i++)
    if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-')) return 0;
  return 1;
}

static const char *org_kind_code(const char *text) {
  char want[80], f[80];
  ps_fold(text, want, sizeof want);
  for (int k = 0; k < org_kinds_count; k++) {
    ps_fold(org_kinds[k].label, f, sizeof f);
    if (!strcmp(f, want)) return org_kinds[k].code;
    ps_fold(org_kinds[k].code, f, sizeof f);
    if (!strcmp(f, want)) return org_kinds[k].code;
  }
  return NULL;
}

static void check_plan(struct im *m) {
  if (m->opt && m->opt->code_prefix && !prefix_valid(m->opt->code_prefix))
    ps_report_add(m->rep, -1, 0, "préfixe des codes",
                  "préfixe « %.40s » invalide : 32 caractères au plus parmi a-z, A-Z, 0-9, - _ .", m->opt->code_prefix);
  if (m->b.n[PS_PLAN] != 1) return;
  const char *slug = m->opt && m->opt->slug && *m->opt->slug ? m->opt->slug : CELL(PS_PLAN, 0, P_SLUG);
  snprintf(m->slug, sizeof m->slug, "%s", slug ? slug : "");
  if (slug && !slug_valid(slug)) {
    ERR(PS_PLAN, 0, P_SLUG, "identifiant « %.64s » invalide : 2 à 64 caractères a-z, 0-9 et -", slug);
  } else if (slug) {
    int64_t id;
    plam_err e = store_plan_find_slug(m->db, slug, &id);
    if (!e) ERR(PS_PLAN, 0, P_SLUG, "un plan d'identifiant « %s » existe déjà : choisissez un autre identifiant", slug);
    else if (e != PLAM_ERR_NOT_FOUND && !m->e) m->e = e;
  }
  const char *reg = CELL(PS_PLAN, 0, P_REGION);
  if (reg && (strncmp(reg, "REG-", 4) || !terr_known(m, reg)))
    ERR(PS_PLAN, 0, P_REGION, "région « %.20s » inconnue (REG-52…)", reg);
  check_year(m, PS_PLAN, 0, P_START);
  check_year(m, PS_PLAN, 0, P_END);
  const char *sy = CELL(PS_PLAN, 0, P_START), *ey = CELL(PS_PLAN, 0, P_END);
  if (sy && ey && atoll(ey) < atoll(sy)) ERR(PS_PLAN, 0, P_END, "l'année de fin précède l'année de début");
  check_org(m, PS_PLAN, 0, P_OWNER);
  check_list(m, PS_PLAN, 0, P_TERRS);
}

static void check_orgs(struct im *m) {
  m->org_ids = calloc(m->b.n[PS_ORGS] ? m->b.n[PS_ORGS] : 1, sizeof *m->org_ids);
  if (!m->org_ids) {
    m->e = PLAM_ERR_NOMEM;
    return;
  }
  for (size_t i = 0; i < m->b.n[PS_ORGS]; i++) {
    const char *name = CELL(PS_ORGS, i, O_NAME), *kind = CELL(PS_ORGS, i, O_KIND);
    if (kind && !org_kind_code(kind)) ERR(PS_ORGS, i, O_KIND, "type d'organisation « %.60s » inconnu", kind);
    check_terr(m, PS_ORGS, i, O_TERR);
    if (!name) continue;
    plam_err e = store_org_find_by_name(m->db, name, &m->org_ids[i]);
    if (e == PLAM_ERR_NOT_FOUND) {
      m->org_ids[i] = 0;
      struct org_input in = {.name = name, .kind = kind ? org_kind_code(kind) : NULL};
      struct org_rec o;
      memset(&o, 0, sizeof o);
      struct field_error fe = {0};
      if (in.kind && orgs_check_input(&in, &o, &fe)) ERR(PS_ORGS, i, O_NAME, "%s", fe.message);
    } else if (e && !m->e) {
      m->e = e;
    }
  }
}

/* A role given twice to one organisation at one place (axis, action or the
 * plan): composite keys sorted, neighbours compared. */
static void check_partner_dups(struct im *m) {
  size_t n = m->b.n[PS_PARTNERS];
  if (n < 2) return;
  struct kent *k = calloc(n, sizeof *k);
  char **keys = calloc(n, sizeof *keys);
  if (!k || !keys) {
    m->e = PLAM_ERR_NOMEM;
    free(k);
    free(keys);
    return;
  }
  for (size_t i = 0; i < n && !m->e; i++) {
    size_t len = 8;
    for (int c = R_AXIS; c <= R_ROLE; c++) len += strlen(ps_cell(&m->b.rows[PS_PARTNERS][i], c)) + 1;
    if (!(keys[i] = malloc(len))) {
      m->e = PLAM_ERR_NOMEM;
      break;
    }
    snprintf(keys[i], len, "%s\x1f%s\x1f%s\x1f%s", ps_cell(&m->b.rows[PS_PARTNERS][i], R_AXIS),
             ps_cell(&m->b.rows[PS_PARTNERS][i], R_ACTION), ps_cell(&m->b.rows[PS_PARTNERS][i], R_ORG),
             ps_cell(&m->b.rows[PS_PARTNERS][i], R_ROLE));
    k[i] = (struct kent){keys[i], i, 0};
  }
  if (!m->e) {
    qsort(k, n, sizeof *k, kent_cmp);
    for (size_t i = 1; i < n; i++)
      if (!strcmp(k[i].key, k[i - 1].key))
        ERR(PS_PARTNERS, k[i].idx, R_ROLE, "ce rôle est déjà donné ligne %u", LINE(PS_PARTNERS, k[i - 1].idx));
  }
  for (size_t i = 0; i < n; i++) free(keys[i]);
  free(keys);
  free(k);
}


static void check_rows(struct im *m) {
  const struct ps_book *b = &m->b;
  for (size_t i = 0; i < b->n[PS_AXES]; i++) check_min(m, PS_AXES, i, A_WEIGHT, 0, 0);
  for (size_t i = 0; i < b->n[PS_ACTIONS]; i++) {
    check_ref(m, PS_ACTIONS, i, C_AXIS, &m->axes, "axe");
    check_min(m, PS_ACTIONS, i, C_WEIGHT, 0, 0);
  }
  for (size_t i = 0; i < b->n[PS_PARTNERS]; i++) {
    check_place(m, PS_PARTNERS, i, R_AXIS, R_ACTION);
    check_org(m, PS_PARTNERS, i, R_ORG);
  }
  check_partner_dups(m);
  for (size_t i = 0; i < b->n[PS_ROADMAP]; i++) check_ref(m, PS_ROADMAP, i, M_ACTION, &m->actions, "action");
  size_t plen = m->opt && m->opt->code_prefix ? strlen(m->opt->code_prefix) : 0;
  for (size_t i = 0; i < b->n[PS_INDICATORS]; i++) {
    check_ref(m, PS_INDICATORS, i, I_ACTION, &m->actions, "action");
    check_terr(m, PS_INDICATORS, i, I_SCOPE);
    check_list(m, PS_INDICATORS, i, I_TERRS);
    check_min(m, PS_INDICATORS, i, I_SCALE, 0, 1);
    check_min(m, PS_INDICATORS, i, I_WEIGHT, 0, 0);
    const char *code = CELL(PS_INDICATORS, i, I_CODE);
    if (!code) continue;
    char full[160];
    snprintf(full, sizeof full, "%s%s", plen ? m->opt->code_prefix : "", code);
    int taken = 0;
    if (strlen(full) > 64) {
      ERR(PS_INDICATORS, i, I_CODE, "code trop long avec le préfixe (64 caractères au plus)");
    } else if (!m->e && !(m->e = store_indicator_code_taken(m->db, full, &taken)) && taken) {
      ERR(PS_INDICATORS, i, I_CODE,
          "le code « %s » est déjà celui d'un indicateur d'un autre plan "
          "(donnez un préfixe de codes)",
          full);
    }
  }
  for (size_t i = 0; i < b->n[PS_TARGETS]; i++) {
    check_ref(m, PS_TARGETS, i, T_IND, &m->inds, "indicateur");
    check_terr(m, PS_TARGETS, i, T_TERR);
    const char *lo = CELL(PS_TARGETS, i, T_VALUE), *hi = CELL(PS_TARGETS, i, T_HIGH);
    if (lo && hi && strtod(hi, NULL) < strtod(lo, NULL)) ERR(PS_TARGETS, i, T_HIGH, "inférieure à la valeur");
  }
  for (size_t i = 0; i < b->n[PS_FIGURES]; i++) {
    check_place(m, PS_FIGURES, i, F_AXIS, F_ACTION);
    check_terr(m, PS_FIGURES, i, F_TERR);
  }
  for (size_t i = 0; i < b->n[PS_TEXTS]; i++) {
    check_place(m, PS_TEXTS, i, X_AXIS, X_ACTION);
    check_org(m, PS_TEXTS, i, X_ORG);
  }
}

static plam_err load_territories(struct im *m) {
  struct territory_rec *t = NULL;
  int n = 0;
  plam_err e = store_territory_list(m->db, NULL, NULL, &t, &n);
  if (e) return e;
  m->terrs = calloc(n ? (size_t)n : 1, sizeof *m->terrs);
  if (!m->terrs) e = PLAM_ERR_NOMEM;
  for (int i = 0; !e && i < n; i++) snprintf(m->terrs[m->nterrs++], 12, "%s", t[i].id);
  free(t);
  if (!e) qsort(m->terrs, m->nterrs, sizeof *m->terrs, terr_cmp);
  return e;
}

static plam_err check_all(struct im *m) {
  plam_err e = store_read_begin(m->db);
  if (e) return e;
  e = load_territories(m);
  if (!e) e = kmap_build(&m->axes, &m->b, PS_AXES, A_NUMBER, m->rep, "numéro d'axe");
  if (!e) e = kmap_build(&m->actions, &m->b, PS_ACTIONS, C_NUMBER, m->rep, "numéro d'action");
  if (!e) e = kmap_build(&m->inds, &m->b, PS_INDICATORS, I_CODE, m->rep, "code d'indicateur");
  if (!e) e = kmap_build(&m->orgs, &m->b, PS_ORGS, O_NAME, m->rep, "organisation");
  if (!e) e = kmap_build(&m->figs, &m->b, PS_FIGURES, F_CODE, m->rep, "code de chiffre");
  if (!e) {
    check_plan(m);
    check_orgs(m);
    check_rows(m);
    e = m->e;
  }
  store_read_end(m->db);
  return e;
}

/* ---- the write ------------------------------------------------------------ */

/* Copies a checked cell whole (plan_struct_schema.c limits; records sized for
 * them). One that does not fit is a bug: ps_cut refuses the write (write_tx),
 * never stores it shortened. One import per thread at a time. */
static _Thread_local int ps_cut;
static void cp(char *dst, size_t n, const char *s) {
  if (store_copy(dst, n, s ? s : "")) ps_cut = 1;
}
static double num_or(const char *s, double d) { return s ? strtod(s, NULL) : d; }
static struct opt_dbl opt_num(const char *s) { return (struct opt_dbl){s != NULL, s ? strtod(s, NULL) : 0}; }
static struct opt_i64 opt_int(const char *s) { return (struct opt_i64){s != NULL, s ? atoll(s) : 0}; }
static int64_t key_id(const struct kmap *k, const char *key) {
  const struct kent *x = kmap_find(k, key);
  return x ? x->id : 0;
}

static plam_err org_id(struct im *m, const char *name, int64_t *id) {
  *id = 0;
  if (!name) return PLAM_OK;
  const struct kent *x = kmap_find(&m->orgs, name);
  if (x) {
    *id = m->org_ids[x->idx];
    return PLAM_OK;
  }
  return store_org_find_by_name(m->db, name, id);
}

static plam_err write_orgs(struct im *m, struct app_tx *tx, size_t *created) {
  plam_err e = PLAM_OK;
  for (size_t i = 0; !e && i < m->b.n[PS_ORGS]; i++) {
    if (m->org_ids[i]) continue;
    struct org_input in = {.name = CELL(PS_ORGS, i, O_NAME),
                           .kind = org_kind_code(CELL(PS_ORGS, i, O_KIND)),
                           .territory_id = CELL(PS_ORGS, i, O_TERR)};
    struct org_rec o;
    memset(&o, 0, sizeof o);
    struct field_error fe = {0};
    if ((e = orgs_check_input(&in, &o, &fe))) break;
    if ((e = store_org_insert(m->db, &o, &m->org_ids[i]))) break;
    if ((e = store_org_get(m->db, m->org_ids[i], &o))) break;
    json_t *after = orgs_to_json(&o);
    e = after ? app_audit(tx, "create", "organisation", m->org_ids[i], NULL, after) : PLAM_ERR_NOMEM;
    (*created)++;
  }
  return e;
}

static plam_err write_plan(struct im *m, int64_t *plan_id) {
  struct plan_rec *p = calloc(1, sizeof *p);
  if (!p) return PLAM_ERR_NOMEM;
  cp(p->slug, sizeof p->slug, m->slug);
  cp(p->region_id, sizeof p->region_id, CELL(PS_PLAN, 0, P_REGION));
  cp(p->title, sizeof p->title, CELL(PS_PLAN, 0, P_TITLE));
  cp(p->short_title, sizeof p->short_title, CELL(PS_PLAN, 0, P_SHORT));
  cp(p->long_title, sizeof p->long_title, CELL(PS_PLAN, 0, P_LONG));
  cp(p->summary, sizeof p->summary, CELL(PS_PLAN, 0, P_SUMMARY));
  cp(p->axis_label, sizeof p->axis_label, CELL(PS_PLAN, 0, P_AXIS_LABEL));
  p->start_year = opt_int(CELL(PS_PLAN, 0, P_START));
  p->end_year = opt_int(CELL(PS_PLAN, 0, P_END));
  cp(p->period_source, sizeof p->period_source, CELL(PS_PLAN, 0, P_PERIOD_SRC));
  cp(p->launched_on, sizeof p->launched_on, CELL(PS_PLAN, 0, P_LAUNCHED));
  cp(p->status, sizeof p->status, "draft");
  cp(p->contributions_email, sizeof p->contributions_email, CELL(PS_PLAN, 0, P_EMAIL));
  cp(p->contributions_source, sizeof p->contributions_source, CELL(PS_PLAN, 0, P_CONTRIB_SRC));
  cp(p->source, sizeof p->source, CELL(PS_PLAN, 0, P_SOURCE));
  plam_err e = org_id(m, CELL(PS_PLAN, 0, P_OWNER), &p->owner_org_id);
  if (!e) e = store_plan_insert(m->db, p, plan_id);
  free(p);
  const char *v = CELL(PS_PLAN, 0, P_TERRS);
  char id[16];
  while (!e && v && *v) {
    size_t l = strcspn(v, " ");
    snprintf(id, sizeof id, "%.*s", (int)(l < 15 ? l : 15), v);
    e = store_plan_territory_add(m->db, *plan_id, id);
    v += l;
    while (*v == ' ') v++;
  }
  return e;
}

static plam_err write_rows(struct im *m, int64_t plan_id, size_t counts[PS__COUNT]) {
  plam_err e = PLAM_OK;
  const struct ps_book *b = &m->b;
  for (size_t i = 0; !e && i < b->n[PS_AXES]; i++) {
    struct axis_rec r;
    memset(&r, 0, sizeof r);
    r.plan_id = plan_id;
    cp(r.number, sizeof r.number, CELL(PS_AXES, i, A_NUMBER));
    cp(r.title, sizeof r.title, CELL(PS_AXES, i, A_TITLE));
    cp(r.description, sizeof r.description, CELL(PS_AXES, i, A_DESC));
    cp(r.kind, sizeof r.kind, CELL(PS_AXES, i, A_KIND) ? CELL(PS_AXES, i, A_KIND) : "axis");
    r.weight = num_or(CELL(PS_AXES, i, A_WEIGHT), 1);
    r.position = (int64_t)i;
    cp(r.note, sizeof r.note, CELL(PS_AXES, i, A_NOTE));
    cp(r.source, sizeof r.source, CELL(PS_AXES, i, A_SOURCE));
    e = store_axis_insert(m->db, &r, &kmap_find(&m->axes, r.number)->id);
  }
  for (size_t i = 0; !e && i < b->n[PS_ACTIONS]; i++) {
    struct action_rec r;
    memset(&r, 0, sizeof r);
    r.plan_id = plan_id;
    r.axis_id = key_id(&m->axes, CELL(PS_ACTIONS, i, C_AXIS));
    cp(r.number, sizeof r.number, CELL(PS_ACTIONS, i, C_NUMBER));
    r.number_in_source = !CELL(PS_ACTIONS, i, C_NIS) || !strcmp(CELL(PS_ACTIONS, i, C_NIS), "1");
    cp(r.title, sizeof r.title, CELL(PS_ACTIONS, i, C_TITLE));
    cp(r.objective, sizeof r.objective, CELL(PS_ACTIONS, i, C_OBJ));
    cp(r.description, sizeof r.description, CELL(PS_ACTIONS, i, C_DESC));
    cp(r.project_support, sizeof r.project_support, CELL(PS_ACTIONS, i, C_SUPPORT));
    cp(r.refs, sizeof r.refs, CELL(PS_ACTIONS, i, C_REFS));
    cp(r.status, sizeof r.status, CELL(PS_ACTIONS, i, C_STATUS) ? CELL(PS_ACTIONS, i, C_STATUS) : "a_venir");
    r.status_known = CELL(PS_ACTIONS, i, C_STATUS_KNOWN) ? !strcmp(CELL(PS_ACTIONS, i, C_STATUS_KNOWN), "1")
                                                         : CELL(PS_ACTIONS, i, C_STATUS) != NULL;
    r.weight = num_or(CELL(PS_ACTIONS, i, C_WEIGHT), 1);
    r.position = (int64_t)i;
    cp(r.note, sizeof r.note, CELL(PS_ACTIONS, i, C_NOTE));
    cp(r.source, sizeof r.source, CELL(PS_ACTIONS, i, C_SOURCE));
    e = store_action_insert(m->db, &r, &kmap_find(&m->actions, r.number)->id);
  }
  for (size_t i = 0; !e && i < b->n[PS_PARTNERS]; i++) {
    struct partner_rec r;
    memset(&r, 0, sizeof r);
    r.plan_id = plan_id;
    r.axis_id = key_id(&m->axes, CELL(PS_PARTNERS, i, R_AXIS));
    r.action_id = key_id(&m->actions, CELL(PS_PARTNERS, i, R_ACTION));
    cp(r.role, sizeof r.role, CELL(PS_PARTNERS, i, R_ROLE));
    cp(r.person, sizeof r.person, CELL(PS_PARTNERS, i, R_PERSON));
    cp(r.source, sizeof r.source, CELL(PS_PARTNERS, i, R_SOURCE));
    e = org_id(m, CELL(PS_PARTNERS, i, R_ORG), &r.org_id);
    if (!e) e = store_partner_insert(m->db, &r, NULL);
  }
  for (size_t i = 0; !e && i < b->n[PS_ROADMAP]; i++) {
    struct roadmap_rec r;
    memset(&r, 0, sizeof r);
    r.action_id = key_id(&m->actions, CELL(PS_ROADMAP, i, M_ACTION));
    cp(r.title, sizeof r.title, CELL(PS_ROADMAP, i, M_TITLE));
    cp(r.due_on, sizeof r.due_on, CELL(PS_ROADMAP, i, M_DUE));
    cp(r.done_on, sizeof r.done_on, CELL(PS_ROADMAP, i, M_DONE));
    r.position = (int64_t)i;
    cp(r.source, sizeof r.source, CELL(PS_ROADMAP, i, M_SOURCE));
    e = store_roadmap_insert(m->db, &r, NULL);
  }
  const char *prefix = m->opt && m->opt->code_prefix ? m->opt->code_prefix : "";
  for (size_t i = 0; !e && i < b->n[PS_INDICATORS]; i++) {
    struct indicator_rec r;
    memset(&r, 0, sizeof r);
    r.action_id = key_id(&m->actions, CELL(PS_INDICATORS, i, I_ACTION));
    snprintf(r.code, sizeof r.code, "%s%s", prefix, CELL(PS_INDICATORS, i, I_CODE));
    cp(r.name, sizeof r.name, CELL(PS_INDICATORS, i, I_NAME));
    cp(r.definition, sizeof r.definition, CELL(PS_INDICATORS, i, I_DEF));
    cp(r.unit, sizeof r.unit, CELL(PS_INDICATORS, i, I_UNIT));
    cp(r.kind, sizeof r.kind, CELL(PS_INDICATORS, i, I_KIND));
    static const struct {
      int col;
      const char *def;
      size_t off, size;
    } defaults[] = {
      {I_DIR, "higher", offsetof(struct indicator_rec, direction), sizeof r.direction},
      {I_ACC, "level", offsetof(struct indicator_rec, accumulation), sizeof r.accumulation},
      {I_AGG, "sum", offsetof(struct indicator_rec, aggregation), sizeof r.aggregation},
      {I_FREQ, "yearly", offsetof(struct indicator_rec, frequency), sizeof r.frequency},
      {I_BREAK, "scope", offsetof(struct indicator_rec, breakdown), sizeof r.breakdown},
    };
    for (size_t d = 0; d < sizeof defaults / sizeof defaults[0]; d++) {
      const char *v = CELL(PS_INDICATORS, i, defaults[d].col);
      cp((char *)&r + defaults[d].off, defaults[d].size, v ? v : defaults[d].def);
    }
    r.ratio_scale = num_or(CELL(PS_INDICATORS, i, I_SCALE), 1);
    cp(r.scope_id, sizeof r.scope_id, CELL(PS_INDICATORS, i, I_SCOPE));
    r.weight = num_or(CELL(PS_INDICATORS, i, I_WEIGHT), 1);
    cp(r.note, sizeof r.note, CELL(PS_INDICATORS, i, I_NOTE));
    cp(r.source, sizeof r.source, CELL(PS_INDICATORS, i, I_SOURCE));
    r.position = (int64_t)i;
    struct kent *k = kmap_find(&m->inds, CELL(PS_INDICATORS, i, I_CODE));
    e = store_indicator_insert(m->db, &r, &k->id);
    const char *v = CELL(PS_INDICATORS, i, I_TERRS);
    char id[16];
    while (!e && v && *v) {
      size_t l = strcspn(v, " ");
      snprintf(id, sizeof id, "%.*s", (int)(l < 15 ? l : 15), v);
      e = store_indicator_territory_add(m->db, k->id, id);
      v += l;
      while (*v == ' ') v++;
    }
  }
  for (size_t i = 0; !e && i < b->n[PS_TARGETS]; i++) {
    struct target_rec r;
    memset(&r, 0, sizeof r);
    const struct kent *k = kmap_find(&m->inds, CELL(PS_TARGETS, i, T_IND));
    r.indicator_id = k->id;
    const char *terr = CELL(PS_TARGETS, i, T_TERR);
    cp(r.territory_id, sizeof r.territory_id, terr ? terr : CELL(PS_INDICATORS, k->idx, I_SCOPE));
    cp(r.kind, sizeof r.kind, CELL(PS_TARGETS, i, T_KIND));
    cp(r.due_on, sizeof r.due_on, CELL(PS_TARGETS, i, T_DUE));
    r.value = num_or(CELL(PS_TARGETS, i, T_VALUE), 0);
    r.value_high = opt_num(CELL(PS_TARGETS, i, T_HIGH));
    cp(r.qualifier, sizeof r.qualifier, CELL(PS_TARGETS, i, T_QUAL));
    cp(r.note, sizeof r.note, CELL(PS_TARGETS, i, T_NOTE));
    cp(r.source, sizeof r.source, CELL(PS_TARGETS, i, T_SOURCE));
    r.created_by = m->a->user_id;
    e = store_target_insert(m->db, &r, NULL);
  }
  for (size_t i = 0; !e && i < b->n[PS_FIGURES]; i++) {
    struct figure_rec r;
    memset(&r, 0, sizeof r);
    r.plan_id = plan_id;
    r.axis_id = key_id(&m->axes, CELL(PS_FIGURES, i, F_AXIS));
    r.action_id = key_id(&m->actions, CELL(PS_FIGURES, i, F_ACTION));
    cp(r.code, sizeof r.code, CELL(PS_FIGURES, i, F_CODE));
    cp(r.label, sizeof r.label, CELL(PS_FIGURES, i, F_LABEL));
    r.value = num_or(CELL(PS_FIGURES, i, F_VALUE), 0);
    r.value_high = opt_num(CELL(PS_FIGURES, i, F_HIGH));
    cp(r.unit, sizeof r.unit, CELL(PS_FIGURES, i, F_UNIT));
    cp(r.value_on, sizeof r.value_on, CELL(PS_FIGURES, i, F_ON));
    cp(r.period_from, sizeof r.period_from, CELL(PS_FIGURES, i, F_FROM));
    cp(r.period_to, sizeof r.period_to, CELL(PS_FIGURES, i, F_TO));
    cp(r.territory_id, sizeof r.territory_id, CELL(PS_FIGURES, i, F_TERR));
    cp(r.qualifier, sizeof r.qualifier, CELL(PS_FIGURES, i, F_QUAL));
    cp(r.note, sizeof r.note, CELL(PS_FIGURES, i, F_NOTE));
    cp(r.source, sizeof r.source, CELL(PS_FIGURES, i, F_SOURCE));
    r.position = (int64_t)i;
    e = store_figure_insert(m->db, &r, NULL);
  }
  for (size_t i = 0; !e && i < b->n[PS_TEXTS]; i++) {
    struct text_rec r;
    memset(&r, 0, sizeof r);
    r.plan_id = plan_id;
    r.axis_id = key_id(&m->axes, CELL(PS_TEXTS, i, X_AXIS));
    r.action_id = key_id(&m->actions, CELL(PS_TEXTS, i, X_ACTION));
    cp(r.kind, sizeof r.kind, CELL(PS_TEXTS, i, X_KIND));
    cp(r.text, sizeof r.text, CELL(PS_TEXTS, i, X_TEXT));
    r.year = opt_int(CELL(PS_TEXTS, i, X_YEAR));
    cp(r.on_date, sizeof r.on_date, CELL(PS_TEXTS, i, X_DATE));
    r.position = (int64_t)i;
    cp(r.source, sizeof r.source, CELL(PS_TEXTS, i, X_SOURCE));
    e = org_id(m, CELL(PS_TEXTS, i, X_ORG), &r.by_org_id);
    if (!e) e = store_text_insert(m->db, &r, NULL);
  }
  for (int t = 0; t < PS__COUNT; t++) counts[t] = b->n[t];
  return e;
}

struct write_arg {
  struct im *m;
  struct ps_import_result *res;
};

static plam_err write_tx(struct app_tx *tx, void *arg) {
  const struct write_arg *x = arg;
  struct im *m = x->m;
  struct ps_import_result *res = x->res;
  ps_cut = 0;
  plam_err e = write_orgs(m, tx, &res->orgs_created);
  if (!e) e = write_plan(m, &res->plan_id);
  if (!e) e = write_rows(m, res->plan_id, res->counts);
  if (!e && ps_cut) e = PLAM_ERR_INTERNAL;
  if (!e) e = store_plan_bump(m->db, res->plan_id);
  if (e) return e;
  json_t *counts = json_object();
  for (int t = 0; counts && t < PS__COUNT; t++)
    json_object_set_new(counts, ps_tables[t].name, json_integer((json_int_t)res->counts[t]));
  const char *file = m->opt && m->opt->filename ? m->opt->filename : "";
  json_t *after = counts ? json_pack("{s:s, s:s, s:o, s:I}", "slug", m->slug, "file", file, "rows", counts,
                                     "organisations_created", (json_int_t)res->orgs_created)
                         : NULL;
  return after ? app_audit(tx, "import", "plan_structure", res->plan_id, NULL, after) : PLAM_ERR_NOMEM;
}

static plam_err write_all(struct im *m, struct ps_import_result *res) {
  struct write_arg x = {m, res};
  plam_err e = app_write(m->db, m->a, write_tx, &x, NULL);
  if (!e) memcpy(res->slug, m->slug, sizeof res->slug < sizeof m->slug ? sizeof res->slug : sizeof m->slug);
  return e;
}

plam_err plan_struct_import(struct db *db, const struct actor *a, enum ps_format fmt, const void *data, size_t len,
                            const struct ps_import_options *opt, struct ps_report *rep, struct ps_import_result *res) {
  memset(rep, 0, sizeof *rep);
  memset(res, 0, sizeof *res);
  if (!roles_allows(a->role, "plan.write")) return PLAM_ERR_FORBIDDEN;
  struct im *m = calloc(1, sizeof *m);
  if (!m) return PLAM_ERR_NOMEM;
  m->db = db;
  m->a = a;
  m->opt = opt;
  m->rep = rep;
  plam_err e = ps_read(fmt, data, len, &m->b, rep);
  if (!e && m->b.n[PS_PLAN] == 1) e = check_all(m);
  ps_report_sort(rep);
  if (!e && rep->total) e = PLAM_ERR_INVALID;
  if (!e) e = write_all(m, res);
  ps_book_free(&m->b);
  free(m->axes.e);
  free(m->actions.e);
  free(m->inds.e);
  free(m->orgs.e);
  free(m->figs.e);
  free(m->terrs);
  free(m->org_ids);
  free(m);
  return e;
}
