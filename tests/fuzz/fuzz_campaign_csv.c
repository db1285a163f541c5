/* libFuzzer target for the campaign CSV layouts (app/campaign_csv.h): the
 * first byte picks posts or candidates, the rest is read as a file. Every
 * kept row must respect the schema's limits; errors name a row the file
 * can hold. The kept rows are then written back in the export layout and
 * read again: the second reading must hold no error and the same rows. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/campaign/campaign_csv.h"

static void check_rows(const struct ccsv_report *r) {
  for (size_t i = 0; i < r->nerrors; i++)
    if (!r->errors[i].message[0]) abort();
  for (size_t i = 0; i < r->n; i++) {
    if (r->kind == CCSV_POSTS) {
      const struct ccsv_post *p = &r->posts[i];
      if (!p->code[0] || strlen(p->code) > 32 || !p->label[0] || !p->org[0]) abort();
      if (p->capacity < 0 || p->capacity > 1000 || p->reserved < 0 || p->reserved > p->capacity) abort();
      if (strncmp(p->territory, "DEP-", 4)) abort();
      if (strlen(p->phase) > 128 || strlen(p->specialty) > 128) abort();
    } else {
      const struct ccand_row *k = &r->cands[i];
      if (!k->login[0] && !k->name[0]) abort();
      if (k->rank < 1 || k->rank > 1000000000 || k->seniority < 0 || k->seniority > 1000) abort();
      if (strlen(k->phase) > 128 || strlen(k->specialty) > 128) abort();
    }
  }
}

/* Writes the kept rows as the export would (through the store records). */
static plam_err write_back(const struct ccsv_report *r, struct buf *out) {
  plam_err e;
  if (r->kind == CCSV_POSTS) {
    struct cpost_rec *p = calloc(r->n ? r->n : 1, sizeof *p);
    if (!p) return PLAM_ERR_NOMEM;
    for (size_t i = 0; i < r->n; i++) {
      const struct ccsv_post *x = &r->posts[i];
      snprintf(p[i].code, sizeof p[i].code, "%s", x->code);
      snprintf(p[i].label, sizeof p[i].label, "%s", x->label);
      snprintf(p[i].org_name, sizeof p[i].org_name, "%s", x->org);
      snprintf(p[i].phase, sizeof p[i].phase, "%s", x->phase);
      snprintf(p[i].specialty, sizeof p[i].specialty, "%s", x->specialty);
      snprintf(p[i].territory_id, sizeof p[i].territory_id, "%s", x->territory);
      p[i].fragile = x->fragile;
      p[i].capacity = x->capacity;
      p[i].reserved_seats = x->reserved;
      p[i].cesp_only = x->cesp_only;
    }
    e = ccsv_write_posts(out, p, (int)r->n);
    free(p);
  } else {
    struct ccand_rec *c = calloc(r->n ? r->n : 1, sizeof *c);
    if (!c) return PLAM_ERR_NOMEM;
    for (size_t i = 0; i < r->n; i++) {
      const struct ccand_row *x = &r->cands[i];
      c[i].user_id = x->login[0] ? 1 : 0;
      snprintf(c[i].login, sizeof c[i].login, "%s", x->login);
      snprintf(c[i].name, sizeof c[i].name, "%s", x->name);
      c[i].rank = x->rank;
      c[i].seniority = x->seniority;
      snprintf(c[i].phase, sizeof c[i].phase, "%s", x->phase);
      snprintf(c[i].specialty, sizeof c[i].specialty, "%s", x->specialty);
      c[i].cesp = x->cesp;
      c[i].subdivision = x->subdivision;
    }
    e = ccsv_write_cands(out, c, (int)r->n);
    free(c);
  }
  return e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > 64 * 1024) return 0;
  enum ccsv_kind kind = data[0] & 1 ? CCSV_CANDIDATES : CCSV_POSTS;
  struct ccsv_report r;
  if (ccsv_parse(kind, (const char *)data + 1, size - 1, &r) != PLAM_OK) {
    ccsv_report_free(&r);
    return 0;
  }
  check_rows(&r);
  if (!r.total_errors && r.n) {
    struct buf out;
    buf_init(&out, (size_t)8 << 20);
    if (write_back(&r, &out) == PLAM_OK) {
      struct ccsv_report again;
      if (ccsv_parse(kind, out.data, out.len, &again) != PLAM_OK) abort();
      if (again.total_errors || again.n != r.n) abort();
      for (size_t i = 0; i < r.n; i++) {
        if (kind == CCSV_POSTS) {
          const struct ccsv_post *x = &r.posts[i], *y = &again.posts[i];
          if (strcmp(x->code, y->code) || strcmp(x->label, y->label) || strcmp(x->org, y->org) ||
              strcmp(x->phase, y->phase) || strcmp(x->specialty, y->specialty) || strcmp(x->territory, y->territory) ||
              x->capacity != y->capacity || x->reserved != y->reserved || x->fragile != y->fragile ||
              x->cesp_only != y->cesp_only)
            abort();
        } else {
          const struct ccand_row *x = &r.cands[i], *y = &again.cands[i];
          if (strcmp(x->login, y->login) || strcmp(x->name, y->name) || x->rank != y->rank ||
              x->seniority != y->seniority || x->cesp != y->cesp || x->subdivision != y->subdivision ||
              strcmp(x->phase, y->phase) || strcmp(x->specialty, y->specialty))
            abort();
        }
      }
      ccsv_report_free(&again);
    }
    buf_release(&out);
  }
  ccsv_report_free(&r);
  return 0;
}
