/* Plan structure export (see plan_struct.h): the database -> the model, one
 * read transaction; the model -> CSV bytes (one file, a header row per table
 * block, ';' separated, decimal comma, UTF-8 with BOM, formula guard) or
 * XLSX bytes (one sheet per table, numbers and dates as typed cells; written
 * by xlsx_write.h to a temporary file, read back, removed). Records are
 * referenced by what users know, never by database ids: axis and action
 * numbers, indicator codes, organisation names, territory ids. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fmt/csv.h"
#include "app/access/orgs.h"
#include "app/plan/plan.h"
#include "app/plan/plan_struct_int.h"
#include "fmt/xlsx_write.h"
#include "store/store_tx.h"
#include "store/store.h"

#define PS_MAX_CELL_GUARD 4100 /* longest text column (2047) with room */
#define ROW(R, T, i) (&((const struct T *)(R).rows)[i])

struct idx;
struct ex {
  struct ps_book *b;
  struct store_rows axes, actions, partners, roadmap, inds, targets, figures, texts;
  struct idx *axes_idx, *actions_idx, *inds_idx;
  int64_t *orgs;
  size_t norgs, caporgs;
  plam_err e;
};

static void put(struct ex *x, struct ps_row *r, int col, const char *s) {
  if (!x->e && r) x->e = ps_cell_set(r, col, s);
}
static void put_num(struct ex *x, struct ps_row *r, int col, double v) {
  char s[40];
  snprintf(s, sizeof s, "%.15g", v);
  put(x, r, col, s);
}
static void put_opt_num(struct ex *x, struct ps_row *r, int col, struct opt_dbl v) {
  if (v.has) put_num(x, r, col, v.v);
}
static void put_opt_int(struct ex *x, struct ps_row *r, int col, struct opt_i64 v) {
  char s[32];
  snprintf(s, sizeof s, "%lld", (long long)v.v);
  if (v.has) put(x, r, col, s);
}
static void put_enum(struct ex *x, struct ps_row *r, enum ps_table_id t, int col, const char *code) {
  (void)t; /* the model holds codes; writers show labels */
  put(x, r, col, code);
}
static struct ps_row *add(struct ex *x, enum ps_table_id t) {
  if (x->e) return NULL;
  struct ps_row *r = ps_book_add(x->b, t, (uint32_t)x->b->n[t] + 2);
  if (!r) x->e = PLAM_ERR_NOMEM;
  return r;
}

/* id -> position in a record list, sorted by id for bsearch (the lists are in
 * display order, not id order; a large plan has thousands of each). */
struct idx {
  int64_t id;
  int i;
};
static int idx_cmp(const void *p, const void *q) {
  const struct idx *a = p, *b = q;
  return (a->id > b->id) - (a->id < b->id);
}
static struct idx *idx_build(const struct store_rows *rows, size_t rec_size, size_t id_off) {
  struct idx *v = calloc(rows->n ? (size_t)rows->n : 1, sizeof *v);
  if (!v) return NULL;
  for (int i = 0; i < rows->n; i++)
    v[i] = (struct idx){*(const int64_t *)((const char *)rows->rows + (size_t)i * rec_size + id_off), i};
  qsort(v, (size_t)rows->n, sizeof *v, idx_cmp);
  return v;
}
static int idx_find(const struct idx *v, int n, int64_t id) {
  if (!id || !v) return -1;
  struct idx key = {id, 0};
  const struct idx *f = bsearch(&key, v, (size_t)n, sizeof *v, idx_cmp);
  return f ? f->i : -1;
}
static const char *axis_number(const struct ex *x, int64_t id) {
  int i = idx_find(x->axes_idx, x->axes.n, id);
  return i < 0 ? "" : ROW(x->axes, axis_rec, i)->number;
}
static const char *action_number(const struct ex *x, int64_t id) {
  int i = idx_find(x->actions_idx, x->actions.n, id);
  return i < 0 ? "" : ROW(x->actions, action_rec, i)->number;
}
static const char *indicator_code(const struct ex *x, int64_t id) {
  int i = idx_find(x->inds_idx, x->inds.n, id);
  return i < 0 ? "" : ROW(x->inds, indicator_rec, i)->code;
}
/* Remembers an organisation for the Organisations sheet (first use order). */
static void org_use(struct ex *x, int64_t id) {
  if (!id || x->e) return;
  for (size_t i = 0; i < x->norgs; i++)
    if (x->orgs[i] == id) return;
  if (x->norgs == x->caporgs) {
    size_t cap = x->caporgs ? x->caporgs * 2 : 32;
    int64_t *p = realloc(x->orgs, cap * sizeof *p);
    if (!p) {
      x->e = PLAM_ERR_NOMEM;
      return;
    }
    x->orgs = p;
    x->caporgs = cap;
  }
  x->orgs[x->norgs++] = id;
}

static void ex_plan(struct ex *x, struct db *db, const struct plan_rec *p, char (*terrs)[12], int nterr) {
  struct ps_row *r = add(x, PS_PLAN);
  put(x, r, P_SLUG, p->slug);
  put(x, r, P_REGION, p->region_id);
  put(x, r, P_TITLE, p->title);
  put(x, r, P_SHORT, p->short_title);
  put(x, r, P_LONG, p->long_title);
  put(x, r, P_SUMMARY, p->summary);
  put(x, r, P_AXIS_LABEL, p->axis_label);
  put_opt_int(x, r, P_START, p->start_year);
  put_opt_int(x, r, P_END, p->end_year);
  put(x, r, P_PERIOD_SRC, p->period_source);
  put(x, r, P_LAUNCHED, p->launched_on);
  if (p->owner_org_id) {
    struct org_rec o;
    if (!x->e) x->e = store_org_get(db, p->owner_org_id, &o);
    if (!x->e) put(x, r, P_OWNER, o.name);
    org_use(x, p->owner_org_id);
  }
  char list[4000];
  size_t w = 0;
  list[0] = '\0';
  for (int i = 0; i < nterr && w + 13 < sizeof list; i++)
    w += (size_t)snprintf(list + w, sizeof list - w, "%s%s", i ? " " : "", terrs[i]);
  put(x, r, P_TERRS, list);
  put(x, r, P_EMAIL, p->contributions_email);
  put(x, r, P_CONTRIB_SRC, p->contributions_source);
  put(x, r, P_SOURCE, p->source);
}

static void ex_tables(struct ex *x, int64_t *it_ind, char (*it_terr)[12], int nit) {
  for (int i = 0; i < x->axes.n; i++) {
    const struct axis_rec *a = ROW(x->axes, axis_rec, i);
    struct ps_row *r = add(x, PS_AXES);
    put(x, r, A_NUMBER, a->number);
    put(x, r, A_TITLE, a->title);
    put(x, r, A_DESC, a->description);
    put_enum(x, r, PS_AXES, A_KIND, a->kind);
    put_num(x, r, A_WEIGHT, a->weight);
    put(x, r, A_NOTE, a->note);
    put(x, r, A_SOURCE, a->source);
  }
  for (int i = 0; i < x->actions.n; i++) {
    const struct action_rec *a = ROW(x->actions, action_rec, i);
    struct ps_row *r = add(x, PS_ACTIONS);
    put(x, r, C_AXIS, axis_number(x, a->axis_id));
    put(x, r, C_NUMBER, a->number);
    put(x, r, C_NIS, a->number_in_source ? "1" : "0");
    put(x, r, C_TITLE, a->title);
    put(x, r, C_OBJ, a->objective);
    put(x, r, C_DESC, a->description);
    put(x, r, C_SUPPORT, a->project_support);
    put(x, r, C_REFS, a->refs);
    put_enum(x, r, PS_ACTIONS, C_STATUS, a->status);
    put(x, r, C_STATUS_KNOWN, a->status_known ? "1" : "0");
    put_num(x, r, C_WEIGHT, a->weight);
    put(x, r, C_NOTE, a->note);
    put(x, r, C_SOURCE, a->source);
  }
  for (int i = 0; i < x->partners.n; i++) {
    const struct partner_rec *p = ROW(x->partners, partner_rec, i);
    struct ps_row *r = add(x, PS_PARTNERS);
    if (!p->action_id) put(x, r, R_AXIS, axis_number(x, p->axis_id));
    put(x, r, R_ACTION, action_number(x, p->action_id));
    put(x, r, R_ORG, p->org_name);
    org_use(x, p->org_id);
    put_enum(x, r, PS_PARTNERS, R_ROLE, p->role);
    put(x, r, R_PERSON, p->person);
    put(x, r, R_SOURCE, p->source);
  }
  for (int i = 0; i < x->roadmap.n; i++) {
    const struct roadmap_rec *m = ROW(x->roadmap, roadmap_rec, i);
    struct ps_row *r = add(x, PS_ROADMAP);
    put(x, r, M_ACTION, action_number(x, m->action_id));
    put(x, r, M_TITLE, m->title);
    put(x, r, M_DUE, m->due_on);
    put(x, r, M_DONE, m->done_on);
    put(x, r, M_SOURCE, m->source);
  }
  for (int i = 0; i < x->inds.n; i++) {
    const struct indicator_rec *d = ROW(x->inds, indicator_rec, i);
    struct ps_row *r = add(x, PS_INDICATORS);
    put(x, r, I_ACTION, action_number(x, d->action_id));
    put(x, r, I_CODE, d->code);
    put(x, r, I_NAME, d->name);
    put(x, r, I_DEF, d->definition);
    put(x, r, I_UNIT, d->unit);
    put_enum(x, r, PS_INDICATORS, I_KIND, d->kind);
    put_enum(x, r, PS_INDICATORS, I_DIR, d->direction);
    put_enum(x, r, PS_INDICATORS, I_ACC, d->accumulation);
    put_enum(x, r, PS_INDICATORS, I_AGG, d->aggregation);
    put_num(x, r, I_SCALE, d->ratio_scale);
    put_enum(x, r, PS_INDICATORS, I_FREQ, d->frequency);
    put(x, r, I_SCOPE, d->scope_id);
    put_enum(x, r, PS_INDICATORS, I_BREAK, d->breakdown);
    char list[4000];
    size_t w = 0;
    list[0] = '\0';
    for (int k = 0; k < nit && w + 13 < sizeof list; k++)
      if (it_ind[k] == d->id) w += (size_t)snprintf(list + w, sizeof list - w, "%s%s", w ? " " : "", it_terr[k]);
    put(x, r, I_TERRS, list);
    put_num(x, r, I_WEIGHT, d->weight);
    put(x, r, I_NOTE, d->note);
    put(x, r, I_SOURCE, d->source);
  }
  for (int i = 0; i < x->targets.n; i++) {
    const struct target_rec *t = ROW(x->targets, target_rec, i);
    if (!t->current) continue;
    struct ps_row *r = add(x, PS_TARGETS);
    put(x, r, T_IND, indicator_code(x, t->indicator_id));
    put(x, r, T_TERR, t->territory_id);
    put_enum(x, r, PS_TARGETS, T_KIND, t->kind);
    put(x, r, T_DUE, t->due_on);
    put_num(x, r, T_VALUE, t->value);
    put_opt_num(x, r, T_HIGH, t->value_high);
    put_enum(x, r, PS_TARGETS, T_QUAL, t->qualifier);
    put(x, r, T_NOTE, t->note);
    put(x, r, T_SOURCE, t->source);
  }
  for (int i = 0; i < x->figures.n; i++) {
    const struct figure_rec *f = ROW(x->figures, figure_rec, i);
    struct ps_row *r = add(x, PS_FIGURES);
    if (!f->action_id) put(x, r, F_AXIS, axis_number(x, f->axis_id));
    put(x, r, F_ACTION, action_number(x, f->action_id));
    put(x, r, F_CODE, f->code);
    put(x, r, F_LABEL, f->label);
    put_num(x, r, F_VALUE, f->value);
    put_opt_num(x, r, F_HIGH, f->value_high);
    put(x, r, F_UNIT, f->unit);
    put(x, r, F_ON, f->value_on);
    put(x, r, F_FROM, f->period_from);
    put(x, r, F_TO, f->period_to);
    put(x, r, F_TERR, f->territory_id);
    put_enum(x, r, PS_FIGURES, F_QUAL, f->qualifier);
    put(x, r, F_NOTE, f->note);
    put(x, r, F_SOURCE, f->source);
  }
  for (int i = 0; i < x->texts.n; i++) {
    const struct text_rec *t = ROW(x->texts, text_rec, i);
    struct ps_row *r = add(x, PS_TEXTS);
    if (!t->action_id) put(x, r, X_AXIS, axis_number(x, t->axis_id));
    put(x, r, X_ACTION, action_number(x, t->action_id));
    put_enum(x, r, PS_TEXTS, X_KIND, t->kind);
    put(x, r, X_TEXT, t->text);
    put(x, r, X_ORG, t->by_org_name);
    org_use(x, t->by_org_id);
    put_opt_int(x, r, X_YEAR, t->year);
    put(x, r, X_DATE, t->on_date);
    put(x, r, X_SOURCE, t->source);
  }
}

static void ex_orgs(struct ex *x, struct db *db) {
  for (size_t i = 0; !x->e && i < x->norgs; i++) {
    struct org_rec o;
    if ((x->e = store_org_get(db, x->orgs[i], &o))) break;
    struct ps_row *r = add(x, PS_ORGS);
    const char *label = orgs_kind_label(o.kind);
    put(x, r, O_NAME, o.name);
    put(x, r, O_KIND, label ? label : o.kind);
    put(x, r, O_TERR, o.territory_id);
  }
}

plam_err plan_struct_export(struct db *db, const struct actor *a, int64_t plan_id, struct ps_book *out) {
  memset(out, 0, sizeof *out);
  struct plan_rec *p = malloc(sizeof *p);
  if (!p) return PLAM_ERR_NOMEM;
  plam_err e = plan_get_readable(db, a, plan_id, p);
  if (e) {
    free(p);
    return e;
  }
  struct ex x = {.b = out};
  char(*terrs)[12] = NULL, (*it_terr)[12] = NULL;
  int64_t *it_ind = NULL;
  int nterr = 0, nit = 0;
  if ((e = store_read_begin(db))) {
    free(p);
    return e;
  }
  if (!e) e = store_plan_axes(db, plan_id, &x.axes);
  if (!e) e = store_plan_actions(db, plan_id, &x.actions);
  if (!e) e = store_plan_partners(db, plan_id, &x.partners);
  if (!e) e = store_plan_roadmap(db, plan_id, &x.roadmap);
  if (!e) e = store_plan_indicators(db, plan_id, &x.inds);
  if (!e) e = store_plan_targets(db, plan_id, &x.targets);
  if (!e) e = store_plan_figures(db, plan_id, &x.figures);
  if (!e) e = store_plan_texts(db, plan_id, &x.texts);
  if (!e) e = store_plan_territories(db, plan_id, &terrs, &nterr);
  if (!e) e = store_plan_indicator_territories(db, plan_id, &it_ind, &it_terr, &nit);
  x.e = e;
  if (!x.e) {
    x.axes_idx = idx_build(&x.axes, sizeof(struct axis_rec), offsetof(struct axis_rec, id));
    x.actions_idx = idx_build(&x.actions, sizeof(struct action_rec), offsetof(struct action_rec, id));
    x.inds_idx = idx_build(&x.inds, sizeof(struct indicator_rec), offsetof(struct indicator_rec, id));
    if (!x.axes_idx || !x.actions_idx || !x.inds_idx) x.e = PLAM_ERR_NOMEM;
  }
  if (!x.e) ex_plan(&x, db, p, terrs, nterr);
  if (!x.e) ex_tables(&x, it_ind, it_terr, nit);
  if (!x.e) ex_orgs(&x, db);
  store_read_end(db);
  e = x.e;
  free(x.axes.rows);
  free(x.actions.rows);
  free(x.partners.rows);
  free(x.roadmap.rows);
  free(x.inds.rows);
  free(x.targets.rows);
  free(x.figures.rows);
  free(x.texts.rows);
  free(x.orgs);
  free(x.axes_idx);
  free(x.actions_idx);
  free(x.inds_idx);
  free(terrs);
  free(it_ind);
  free(it_terr);
  free(p);
  if (e) ps_book_free(out);
  return e;
}

/* What a file shows for a model cell: labels of codes, oui/non. */
static const char *cell_shown(const struct ps_col *col, const char *s) {
  if (col->kind == PS_ENUM) return ps_enum_label(col->en, s);
  if (col->kind == PS_BOOL && *s) return !strcmp(s, "1") ? "oui" : "non";
  return s;
}

plam_err ps_write_csv(const struct ps_book *b, struct buf *out) {
  struct csv_writer w;
  csv_writer_init(&w, out, ';', true, true);
  for (int t = 0; t < PS__COUNT; t++) {
    const struct ps_table *tb = &ps_tables[t];
    csv_write_field(&w, "type de ligne");
    for (int c = 0; c < tb->ncols; c++) csv_write_field(&w, tb->cols[c].header);
    csv_write_end_row(&w);
    for (size_t i = 0; i < b->n[t]; i++) {
      csv_write_field(&w, tb->name);
      for (int c = 0; c < tb->ncols; c++) {
        const char *s = cell_shown(&tb->cols[c], ps_cell(&b->rows[t][i], c));
        char num[64];
        if (tb->cols[c].kind == PS_NUM && strlen(s) < sizeof num) { /* decimal comma, as French spreadsheets */
          snprintf(num, sizeof num, "%s", s);
          char *dot = strchr(num, '.');
          if (dot) *dot = ',';
          s = num;
        }
        /* a text that unguarding would shorten ("'=x") keeps its apostrophe */
        char kept[PS_MAX_CELL_GUARD];
        if (s[0] == '\'' && csv_field_unguard(s) != s && strlen(s) + 2 <= sizeof kept) {
          snprintf(kept, sizeof kept, "'%s", s);
          s = kept;
        }
        csv_write_field(&w, s);
      }
      csv_write_end_row(&w);
    }
  }
  return csv_writer_status(&w);
}

static plam_err file_slurp(const char *path, struct buf *out) {
  FILE *f = fopen(path, "rb");
  if (!f) return PLAM_ERR_IO;
  char chunk[65536];
  size_t n;
  plam_err e = PLAM_OK;
  while (!e && (n = fread(chunk, 1, sizeof chunk, f)) > 0) e = buf_append(out, chunk, n);
  if (!e && ferror(f)) e = PLAM_ERR_IO;
  fclose(f);
  return e;
}

plam_err ps_write_xlsx(const struct ps_book *b, struct buf *out) {
  const char *dir = getenv("TMPDIR");
  char path[512];
  snprintf(path, sizeof path, "%s/plam-structure-XXXXXX", dir && *dir ? dir : "/tmp");
  int fd = mkstemp(path);
  if (fd < 0) return PLAM_ERR_IO;
  close(fd);
  struct xlsx_writer *w;
  plam_err e = xlsx_writer_open(path, &w);
  if (e) {
    unlink(path);
    return e;
  }
  xlsx_writer_properties(w, "Structure de plan", "plam");
  for (int t = 0; t < PS__COUNT; t++) {
    const struct ps_table *tb = &ps_tables[t];
    const char *titles[PS_MAX_COLS];
    for (int c = 0; c < tb->ncols; c++) titles[c] = tb->cols[c].header;
    xlsx_writer_sheet(w, tb->name, NULL, 0);
    xlsx_writer_header(w, 0, titles, (size_t)tb->ncols);
    xlsx_writer_col_width(w, 0, (uint16_t)(tb->ncols - 1), 18);
    for (size_t i = 0; i < b->n[t]; i++) {
      for (int c = 0; c < tb->ncols; c++) {
        const char *s = b->rows[t][i].cells[c];
        if (!s) continue;
        enum ps_kind k = tb->cols[c].kind;
        if (k == PS_NUM || k == PS_INT)
          xlsx_writer_number(w, (uint32_t)i + 1, (uint16_t)c, strtod(s, NULL), XLSX_FMT_GENERAL);
        else if (k == PS_DATE && plan_date_valid(s)) xlsx_writer_date(w, (uint32_t)i + 1, (uint16_t)c, s);
        else xlsx_writer_text(w, (uint32_t)i + 1, (uint16_t)c, cell_shown(&tb->cols[c], s));
      }
    }
  }
  e = xlsx_writer_close(w);
  if (!e) e = file_slurp(path, out);
  unlink(path);
  return e;
}

plam_err plan_struct_export_bytes(struct db *db, const struct actor *a, int64_t plan_id, enum ps_format fmt,
                                  struct buf *out) {
  struct ps_book b;
  plam_err e = plan_struct_export(db, a, plan_id, &b);
  if (e) return e;
  e = fmt == PS_XLSX ? ps_write_xlsx(&b, out) : ps_write_csv(&b, out);
  ps_book_free(&b);
  return e;
}
