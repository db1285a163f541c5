/* The result document and its French texts. Ranked candidates come best
 * first with their reasons; excluded ones sorted by id (bytes) with the
 * rule and an explanation citing the figures, which the writer gets by
 * running the rules again on that candidate (ranking keeps one byte per
 * candidate). Times in explanations are shown in the offset of the need's
 * first slot, which the text names. Numbers have fixed formats (distance_km
 * "%.3f", integers "%d"), so the bytes depend only on the bundle. */
#include "app/recruit/recruit.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A limit in km as given, to the metre, with a decimal comma and no
 * trailing zeros: 30 -> "30", 12.5 -> "12,5". */
static void fmt_limit(char *out, size_t n, double x) {
  snprintf(out, n, "%.3f", x);
  char *dot = strchr(out, '.');
  if (!dot) return;
  *dot = ',';
  char *e = out + strlen(out) - 1;
  while (e > dot && *e == '0') *e-- = '\0';
  if (e == dot) *e = '\0';
}

/* Metres as kilometres with one decimal, halves rounded up: 7250 -> "7,3". */
static void fmt_km1(char *out, size_t n, int64_t metres) {
  int64_t tenths = (metres + 50) / 100;
  snprintf(out, n, "%lld,%lld", (long long)(tenths / 10), (long long)(tenths % 10));
}

static void fmt_dur(char *out, size_t n, int64_t minutes) {
  if (minutes % 60) snprintf(out, n, "%lld h %02lld", (long long)(minutes / 60), (long long)(minutes % 60));
  else snprintf(out, n, "%lld h", (long long)(minutes / 60));
}

static void fmt_day(char *out, size_t n, int64_t days) {
  int y, m, d;
  recruit_civil_from_days(days, &y, &m, &d);
  snprintf(out, n, "%02d/%02d/%04d", d, m, y);
}

static int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

/* "02/03/2026 08:00" in the given offset. */
static void fmt_when(char *out, size_t n, int64_t t, int offset) {
  int64_t local = t + offset, day = floor_div(local, 1440), min = local - day * 1440;
  char d[16];
  fmt_day(d, sizeof d, day);
  snprintf(out, n, "%s %02d:%02d", d, (int)(min / 60), (int)(min % 60));
}

static void fmt_offset(char *out, size_t n, int offset) {
  int a = offset < 0 ? -offset : offset;
  snprintf(out, n, "UTC%c%02d:%02d", offset < 0 ? '-' : '+', a / 60, a % 60);
}

static void plural(char *out, size_t n, int count, const char *none, const char *one, const char *many,
                   const char *tail) {
  if (count == 0) snprintf(out, n, "%s %s", none, tail);
  else if (count == 1) snprintf(out, n, "1 %s %s", one, tail);
  else snprintf(out, n, "%d %s %s", count, many, tail);
}

int recruit_reasons(const struct recruit_bundle *b, const struct recruit_key *k, char out[][128], int max) {
  const struct recruit_cand *c = &b->cand[k->cand];
  char km[32];
  int n = 0;
  fmt_km1(km, sizeof km, k->dist_m);
  if (n < max) snprintf(out[n++], 128, "à %s km", km);
  if (c->has_past_missions && n < max)
    plural(out[n++], 128, c->past_missions, "aucune mission passée", "mission passée", "missions passées",
           "dans cet établissement");
  if (n < max) plural(out[n++], 128, c->no_shows_12m, "aucune absence", "absence", "absences", "en 12 mois");
  if (n < max) plural(out[n++], 128, c->offers_90d, "aucune proposition", "proposition", "propositions", "en 90 jours");
  return n;
}

void recruit_explain(const struct recruit_bundle *b, int ci, const struct recruit_verdict *v, char *out, size_t n) {
  const struct recruit_cand *c = &b->cand[ci];
  const struct recruit_need *nd = &b->need;
  int off = nd->slots[0].offset;
  char t1[32], t2[32], t3[32], t4[32], tz[16], x[32], y[32], z[32];
  fmt_offset(tz, sizeof tz, off);
  const struct recruit_slot *sl = &nd->slots[v->which >= 0 && v->which < nd->nslot ? v->which : 0];
  switch (v->rule) {
  case RECRUIT_PROFESSION:
    snprintf(out, n, "profession « %s » alors que la demande porte sur « %s »", c->profession, nd->profession);
    break;
  case RECRUIT_QUALIFICATION: {
    const struct recruit_slot *s = &nd->slots[v->b];
    fmt_when(t1, sizeof t1, s->start, off);
    fmt_when(t2, sizeof t2, s->end, off);
    if (v->a < 0) snprintf(out, n, "qualification requise « %s » absente", nd->quals[v->which]);
    else {
      fmt_day(x, sizeof x, v->a);
      fmt_day(y, sizeof y, s->day);
      snprintf(out, n,
               "qualification « %s » valable jusqu'au %s inclus, mais le créneau du %s au %s (%s) la demande "
               "le %s",
               nd->quals[v->which], x, t1, t2, tz, y);
    }
    break;
  }
  case RECRUIT_AVAILABILITY:
    fmt_when(t1, sizeof t1, sl->start, off);
    fmt_when(t2, sizeof t2, sl->end, off);
    snprintf(out, n, "disponibilités ne couvrant pas le créneau du %s au %s (%s)", t1, t2, tz);
    break;
  case RECRUIT_DISTANCE:
    fmt_km1(x, sizeof x, llround(v->distance_km * 1000.0));
    fmt_limit(y, sizeof y, c->max_km);
    fmt_limit(z, sizeof z, nd->max_km);
    if (v->which == 3)
      snprintf(out, n, "à %s km, au-delà des limites du candidat (%s km) et de la demande (%s km)", x, y, z);
    else if (v->which == 1) snprintf(out, n, "à %s km, au-delà de la limite du candidat (%s km)", x, y);
    else snprintf(out, n, "à %s km, au-delà de la limite de la demande (%s km)", x, z);
    break;
  case RECRUIT_POOL: snprintf(out, n, "aucun vivier en commun avec la demande"); break;
  case RECRUIT_OVERLAP:
    fmt_when(t1, sizeof t1, v->a, off);
    fmt_when(t2, sizeof t2, v->b, off);
    fmt_when(t3, sizeof t3, sl->start, off);
    fmt_when(t4, sizeof t4, sl->end, off);
    snprintf(out, n, "mission confirmée du %s au %s qui chevauche le créneau du %s au %s (%s)", t1, t2, t3, t4, tz);
    break;
  case RECRUIT_HOURS_7D:
    fmt_dur(x, sizeof x, v->worked);
    fmt_when(t1, sizeof t1, v->a, off);
    fmt_when(t2, sizeof t2, v->b, off);
    snprintf(out, n, "%s travaillées sur 7 jours glissants (limite %d h) entre le %s et le %s (%s)", x,
             b->rules.max_hours_7d, t1, t2, tz);
    break;
  case RECRUIT_REST:
    fmt_dur(x, sizeof x, v->worked);
    fmt_when(t1, sizeof t1, v->a, off);
    fmt_when(t2, sizeof t2, v->b, off);
    snprintf(out, n, "repos de %s entre la fin d'une mission le %s et le début de la suivante le %s (%s), minimum %d h",
             x, t1, t2, tz, b->rules.min_rest_hours);
    break;
  case RECRUIT_SHIFT_LENGTH:
    fmt_dur(x, sizeof x, sl->end - sl->start);
    fmt_when(t1, sizeof t1, sl->start, off);
    fmt_when(t2, sizeof t2, sl->end, off);
    snprintf(out, n, "créneau de %s du %s au %s (%s), au-delà de la durée maximale de %d h", x, t1, t2, tz,
             b->rules.max_shift_hours);
    break;
  default: snprintf(out, n, "éligible"); break;
  }
}

/* JSON string: '"', '\\' and control characters escaped; UTF-8 as is (the
 * reader accepted only valid UTF-8). */
static plam_err put_str(struct buf *o, const char *s) {
  plam_err e = buf_append(o, "\"", 1);
  const char *run = s;
  for (; !e && *s; s++) {
    unsigned char ch = (unsigned char)*s;
    if (ch != '"' && ch != '\\' && ch >= 0x20) continue;
    if ((e = buf_append(o, run, (size_t)(s - run)))) break;
    if (ch == '"') e = buf_append(o, "\\\"", 2);
    else if (ch == '\\') e = buf_append(o, "\\\\", 2);
    else e = buf_printf(o, "\\u%04X", ch);
    run = s + 1;
  }
  if (!e) e = buf_append(o, run, (size_t)(s - run));
  return e ? e : buf_append(o, "\"", 1);
}

struct excl_ref {
  const char *id;
  int cand;
};

static int excl_cmp(const void *x, const void *y) {
  return strcmp(((const struct excl_ref *)x)->id, ((const struct excl_ref *)y)->id);
}

static plam_err write_excluded(const struct recruit_bundle *b, const struct recruit_result *r, struct buf *o,
                               const struct excl_ref *idx) {
  struct recruit_scratch s = {0};
  struct recruit_verdict v;
  char text[1024];
  plam_err e = PLAM_OK;
  for (int i = 0; i < r->nexcluded && !e; i++) {
    int c = idx[i].cand;
    if (recruit_check(b, c, &s, &v) != r->rule[c]) e = PLAM_ERR_INTERNAL; /* the rules are a pure function */
    if (e) break;
    recruit_explain(b, c, &v, text, sizeof text);
    if ((e = buf_append_str(o, i ? ",\n{\"candidate\":" : "\n{\"candidate\":"))) break;
    if ((e = put_str(o, b->cand[c].id))) break;
    if ((e = buf_printf(o, ",\"rule\":\"%s\",\"explanation\":", recruit_rule_names[v.rule]))) break;
    if ((e = put_str(o, text))) break;
    e = buf_append(o, "}", 1);
  }
  recruit_scratch_release(&s);
  return e;
}

plam_err recruit_result_write(const struct recruit_bundle *b, const struct recruit_result *r, struct buf *o) {
  plam_err e = buf_append_str(o, "{\"ranked\":[");
  char reasons[4][128];
  for (int i = 0; i < r->nranked && !e; i++) {
    const struct recruit_key *k = &r->ranked[i];
    if ((e = buf_append_str(o, i ? ",\n{\"candidate\":" : "\n{\"candidate\":"))) break;
    if ((e = put_str(o, k->id))) break;
    if ((e = buf_printf(o, ",\"rank\":%d,\"distance_km\":%.3f,\"reasons\":[", i + 1, (double)k->dist_m / 1000.0)))
      break;
    int nr = recruit_reasons(b, k, reasons, 4);
    for (int j = 0; j < nr && !e; j++) {
      if (j) e = buf_append(o, ",", 1);
      if (!e) e = put_str(o, reasons[j]);
    }
    if (!e) e = buf_append_str(o, "]}");
  }
  if (!e) e = buf_append_str(o, r->nranked ? "\n],\"excluded\":[" : "],\"excluded\":[");
  if (e) return e;
  struct excl_ref *idx = malloc(((size_t)r->nexcluded + 1) * sizeof *idx);
  if (!idx) return PLAM_ERR_NOMEM;
  int k = 0;
  for (int c = 0; c < b->ncand && k < r->nexcluded; c++)
    if (r->rule[c] != RECRUIT_OK) idx[k++] = (struct excl_ref){b->cand[c].id, c};
  qsort(idx, (size_t)k, sizeof *idx, excl_cmp); /* ids are unique: a total order */
  e = write_excluded(b, r, o, idx);
  free(idx);
  if (!e) e = buf_append_str(o, r->nexcluded ? "\n]}\n" : "]}\n");
  return e;
}
