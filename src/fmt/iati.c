/* IATI 2.03 writer (see iati.h). Two passes over the same structs: the
 * first validates everything and names the first bad field, the second
 * writes, so a failed export leaves nothing half-written in out. */
#include "fmt/iati.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/utf8.h"

/* ---- validation ---------------------------------------------------------- */

/* Valid UTF-8 with only the characters XML 1.0 allows. */
static bool valid_text(const char *s) {
  if (!s) return true;
  size_t n = strlen(s);
  if (!utf8_valid(s, n, NULL)) return false;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
    /* U+FFFE and U+FFFF: EF BF BE / EF BF BF */
    if (c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBF && (unsigned char)s[i + 2] >= 0xBE) return false;
  }
  return true;
}

static bool filled(const char *s) { return s && *s; }

struct vctx {
  struct field_error *fe;
  char path[48];
};

static plam_err vfail(struct vctx *v, const char *sub, const char *msg) {
  char f[48];
  snprintf(f, sizeof f, "%.30s%s", v->path, sub);
  return field_fail(v->fe, f, msg);
}

static plam_err need_text(struct vctx *v, const char *sub, const char *s, bool required) {
  if (required && !filled(s)) return vfail(v, sub, "champ obligatoire");
  if (!valid_text(s)) return vfail(v, sub, "texte invalide (UTF-8 ou caractère de contrôle)");
  return PLAM_OK;
}

static plam_err need_date(struct vctx *v, const char *sub, const char *s, bool required) {
  if (!s || !*s) return required ? vfail(v, sub, "date obligatoire") : PLAM_OK;
  if (!date_iso_valid(s)) return vfail(v, sub, "date attendue au format AAAA-MM-JJ");
  return PLAM_OK;
}

static plam_err need_span(struct vctx *v, const char *sub, const char *start, const char *end) {
  plam_err e;
  char s1[24], s2[24];
  snprintf(s1, sizeof s1, "%s.debut", sub);
  snprintf(s2, sizeof s2, "%s.fin", sub);
  if ((e = need_date(v, s1, start, true)) || (e = need_date(v, s2, end, true))) return e;
  if (strcmp(end, start) < 0) return vfail(v, s2, "la fin précède le début");
  return PLAM_OK;
}

static plam_err validate_activity(const struct iati_activity *a, struct vctx *v) {
  plam_err e;
  if ((e = need_text(v, ".identifiant", a->identifier, true)) ||
      (e = need_text(v, ".declarant.ref", a->reporting.ref, true)) ||
      (e = need_text(v, ".declarant.type", a->reporting.type, true)) ||
      (e = need_text(v, ".declarant.nom", a->reporting.name, false)) || (e = need_text(v, ".titre", a->title, true)) ||
      (e = need_text(v, ".description", a->description, true)) ||
      (e = need_text(v, ".objectifs", a->objectives, false)) ||
      (e = need_text(v, ".pays", a->recipient_country, false)) || (e = need_text(v, ".secteur", a->sector, false)) ||
      (e = need_text(v, ".mise_a_jour", a->last_updated, false)))
    return e;
  if (a->nparticipants == 0 || !a->participants)
    return vfail(v, ".participants", "au moins une organisation participante");
  char sub[24];
  for (size_t i = 0; i < a->nparticipants; i++) {
    const struct iati_org *o = &a->participants[i];
    snprintf(sub, sizeof sub, ".participants[%zu]", i % 1000);
    if (o->role < 1 || o->role > 4) return vfail(v, sub, "rôle IATI attendu entre 1 et 4");
    if (!filled(o->ref) && !filled(o->name)) return vfail(v, sub, "référence ou nom obligatoire");
    if ((e = need_text(v, sub, o->ref, false)) || (e = need_text(v, sub, o->type, false)) ||
        (e = need_text(v, sub, o->name, false)))
      return e;
  }
  if (a->status < 1 || a->status > 6) return vfail(v, ".statut", "statut IATI attendu entre 1 et 6");
  if (!filled(a->planned_start) && !filled(a->actual_start))
    return vfail(v, ".debut_prevu", "une date de début (prévue ou réelle) est obligatoire");
  if ((e = need_date(v, ".debut_prevu", a->planned_start, false)) ||
      (e = need_date(v, ".debut_reel", a->actual_start, false)) ||
      (e = need_date(v, ".fin_prevue", a->planned_end, false)) ||
      (e = need_date(v, ".fin_reelle", a->actual_end, false)))
    return e;
  for (size_t i = 0; i < a->nlocations; i++) {
    const struct iati_location *l = &a->locations[i];
    snprintf(sub, sizeof sub, ".lieux[%zu]", i % 1000);
    if (l->level < 1 || l->level > 2) return vfail(v, sub, "niveau attendu : 1 (région) ou 2 (département)");
    if ((e = need_text(v, sub, l->name, true)) || (e = need_text(v, sub, l->ref, false))) return e;
    if (filled(l->admin_code) != filled(l->admin_vocabulary))
      return vfail(v, sub, "code administratif et vocabulaire vont ensemble");
    if ((e = need_text(v, sub, l->admin_code, false)) || (e = need_text(v, sub, l->admin_vocabulary, false))) return e;
  }
  for (size_t i = 0; i < a->nbudgets; i++) {
    const struct iati_budget *b = &a->budgets[i];
    snprintf(sub, sizeof sub, ".budgets[%zu]", i % 1000);
    if (b->type < 1 || b->type > 2) return vfail(v, sub, "type de budget : 1 (initial) ou 2 (révisé)");
    if (b->status < 1 || b->status > 2) return vfail(v, sub, "statut de budget : 1 (indicatif) ou 2 (engagé)");
    if (b->value_cents < 0) return vfail(v, sub, "montant négatif");
    if ((e = need_span(v, sub, b->start, b->end))) return e;
    char s[48];
    snprintf(s, sizeof s, "%s.date_valeur", sub);
    if ((e = need_date(v, s, b->value_date, true))) return e;
  }
  for (size_t r = 0; r < a->nresults; r++) {
    const struct iati_result *res = &a->results[r];
    snprintf(sub, sizeof sub, ".resultats[%zu]", r % 1000);
    if (res->type != 1 && res->type != 2 && res->type != 3 && res->type != 9)
      return vfail(v, sub, "type de résultat : 1, 2, 3 ou 9");
    if ((e = need_text(v, sub, res->title, true)) || (e = need_text(v, sub, res->description, false))) return e;
    if (res->nindicators == 0 || !res->indicators) return vfail(v, sub, "au moins un indicateur");
    for (size_t k = 0; k < res->nindicators; k++) {
      const struct iati_indicator *ind = &res->indicators[k];
      char isub[64];
      snprintf(isub, sizeof isub, "%s.indicateurs[%zu]", sub, k % 1000);
      if (ind->measure < 1 || ind->measure > 5) return vfail(v, isub, "mesure IATI attendue entre 1 et 5");
      if ((e = need_text(v, isub, ind->title, true)) || (e = need_text(v, isub, ind->description, false)) ||
          (e = need_text(v, isub, ind->baseline_comment, false)))
        return e;
      if (ind->has_baseline) {
        if (ind->baseline_year < 1 || ind->baseline_year > 9999) return vfail(v, isub, "année de référence invalide");
        if (!isfinite(ind->baseline)) return vfail(v, isub, "valeur de référence invalide");
        if ((e = need_date(v, isub, ind->baseline_date, false))) return e;
      }
      for (size_t p = 0; p < ind->nperiods; p++) {
        const struct iati_period *pe = &ind->periods[p];
        char psub[24];
        snprintf(psub, sizeof psub, ".periodes[%zu]", p % 1000);
        if ((e = need_span(v, psub, pe->start, pe->end))) return e;
        if ((pe->has_target && !isfinite(pe->target)) || (pe->has_actual && !isfinite(pe->actual)))
          return vfail(v, psub, "valeur invalide");
        if ((e = need_text(v, psub, pe->target_comment, false)) || (e = need_text(v, psub, pe->actual_comment, false)))
          return e;
      }
    }
  }
  return PLAM_OK;
}

/* ---- writing ------------------------------------------------------------- */

/* The output with a sticky error: once an append does not fit, nothing more
 * is written, so a short buffer never yields a document with a hole. */
struct xw {
  struct buf *b;
  plam_err err;
};

static void xa(struct xw *o, const void *p, size_t n) {
  if (!o->err) o->err = buf_append(o->b, p, n);
}

static void xs(struct xw *o, const char *s) { xa(o, s, strlen(s)); }

static void xp(struct xw *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void xp(struct xw *o, const char *fmt, ...) {
  char tmp[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof tmp) {
    if (!o->err) o->err = PLAM_ERR_INTERNAL;
    return;
  }
  xa(o, tmp, (size_t)n);
}

static void put_esc(struct xw *o, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
    case '&': xs(o, "&amp;"); break;
    case '<': xs(o, "&lt;"); break;
    case '>': xs(o, "&gt;"); break;
    case '"': xs(o, "&quot;"); break;
    case '\'': xs(o, "&apos;"); break;
    case '\r': xs(o, "&#13;"); break;
    default: xa(o, s, 1);
    }
  }
}

/* name="value" with a leading space, escaped. */
static void put_attr(struct xw *o, const char *name, const char *value) {
  xp(o, " %s=\"", name);
  put_esc(o, value);
  xs(o, "\"");
}

static void put_narrative(struct xw *o, const char *ind, const char *text) {
  xp(o, "%s<narrative>", ind);
  put_esc(o, text);
  xs(o, "</narrative>\n");
}

static void put_decimal(struct xw *o, double v) {
  char tmp[48];
  snprintf(tmp, sizeof tmp, "%.15g", v == 0 ? 0.0 : v);
  if (strchr(tmp, 'e')) snprintf(tmp, sizeof tmp, "%.6f", v); /* xsd:decimal has no exponent */
  xs(o, tmp);
}

static void put_money(struct xw *o, int64_t cents) {
  xp(o, "%lld.%02lld", (long long)(cents / 100), (long long)(cents % 100));
}

static void put_comment(struct xw *o, const char *ind, const char *text) {
  if (!filled(text)) return;
  xp(o, "%s<comment>\n", ind);
  char deeper[16];
  snprintf(deeper, sizeof deeper, "%s ", ind);
  put_narrative(o, deeper, text);
  xp(o, "%s</comment>\n", ind);
}

static void write_indicator(struct xw *o, const struct iati_indicator *ind) {
  xp(o, "   <indicator measure=\"%d\" ascending=\"%s\">\n", ind->measure, ind->ascending ? "1" : "0");
  xs(o, "    <title>\n");
  put_narrative(o, "     ", ind->title);
  xs(o, "    </title>\n");
  if (filled(ind->description)) {
    xs(o, "    <description>\n");
    put_narrative(o, "     ", ind->description);
    xs(o, "    </description>\n");
  }
  if (ind->has_baseline) {
    xp(o, "    <baseline");
    if (filled(ind->baseline_date)) put_attr(o, "iso-date", ind->baseline_date);
    xp(o, " year=\"%d\" value=\"", ind->baseline_year);
    put_decimal(o, ind->baseline);
    if (filled(ind->baseline_comment)) {
      xs(o, "\">\n");
      put_comment(o, "     ", ind->baseline_comment);
      xs(o, "    </baseline>\n");
    } else {
      xs(o, "\"/>\n");
    }
  }
  for (size_t p = 0; p < ind->nperiods; p++) {
    const struct iati_period *pe = &ind->periods[p];
    xs(o, "    <period>\n");
    xp(o, "     <period-start iso-date=\"%s\"/>\n", pe->start);
    xp(o, "     <period-end iso-date=\"%s\"/>\n", pe->end);
    if (pe->has_target) {
      xs(o, "     <target value=\"");
      put_decimal(o, pe->target);
      if (filled(pe->target_comment)) {
        xs(o, "\">\n");
        put_comment(o, "      ", pe->target_comment);
        xs(o, "     </target>\n");
      } else {
        xs(o, "\"/>\n");
      }
    }
    if (pe->has_actual) {
      xs(o, "     <actual value=\"");
      put_decimal(o, pe->actual);
      if (filled(pe->actual_comment)) {
        xs(o, "\">\n");
        put_comment(o, "      ", pe->actual_comment);
        xs(o, "     </actual>\n");
      } else {
        xs(o, "\"/>\n");
      }
    }
    xs(o, "    </period>\n");
  }
  xs(o, "   </indicator>\n");
}

static void write_activity(struct xw *o, const struct iati_activity *a) {
  xs(o, " <iati-activity");
  if (filled(a->last_updated)) put_attr(o, "last-updated-datetime", a->last_updated);
  xs(o, " xml:lang=\"fr\" default-currency=\"EUR\">\n");
  xs(o, "  <iati-identifier>");
  put_esc(o, a->identifier);
  xs(o, "</iati-identifier>\n");
  xs(o, "  <reporting-org");
  put_attr(o, "ref", a->reporting.ref);
  put_attr(o, "type", a->reporting.type);
  xs(o, ">\n");
  if (filled(a->reporting.name)) put_narrative(o, "   ", a->reporting.name);
  xs(o, "  </reporting-org>\n");
  xs(o, "  <title>\n");
  put_narrative(o, "   ", a->title);
  xs(o, "  </title>\n");
  xs(o, "  <description type=\"1\">\n");
  put_narrative(o, "   ", a->description);
  xs(o, "  </description>\n");
  if (filled(a->objectives)) {
    xs(o, "  <description type=\"2\">\n");
    put_narrative(o, "   ", a->objectives);
    xs(o, "  </description>\n");
  }
  for (size_t i = 0; i < a->nparticipants; i++) {
    const struct iati_org *p = &a->participants[i];
    xs(o, "  <participating-org");
    if (filled(p->ref)) put_attr(o, "ref", p->ref);
    if (filled(p->type)) put_attr(o, "type", p->type);
    xp(o, " role=\"%d\"", p->role);
    if (filled(p->name)) {
      xs(o, ">\n");
      put_narrative(o, "   ", p->name);
      xs(o, "  </participating-org>\n");
    } else {
      xs(o, "/>\n");
    }
  }
  xp(o, "  <activity-status code=\"%d\"/>\n", a->status);
  const char *dates[4] = {a->planned_start, a->actual_start, a->planned_end, a->actual_end};
  for (int i = 0; i < 4; i++)
    if (filled(dates[i])) xp(o, "  <activity-date type=\"%d\" iso-date=\"%s\"/>\n", i + 1, dates[i]);
  xs(o, "  <recipient-country");
  put_attr(o, "code", filled(a->recipient_country) ? a->recipient_country : "FR");
  xs(o, " percentage=\"100\"/>\n");
  for (size_t i = 0; i < a->nlocations; i++) {
    const struct iati_location *l = &a->locations[i];
    xs(o, "  <location");
    if (filled(l->ref)) put_attr(o, "ref", l->ref);
    xs(o, ">\n   <location-reach code=\"1\"/>\n   <name>\n");
    put_narrative(o, "    ", l->name);
    xs(o, "   </name>\n");
    if (filled(l->admin_code)) {
      xs(o, "   <administrative");
      put_attr(o, "vocabulary", l->admin_vocabulary);
      xp(o, " level=\"%d\"", l->level);
      put_attr(o, "code", l->admin_code);
      xs(o, "/>\n");
    }
    xs(o, "   <exactness code=\"1\"/>\n   <location-class code=\"1\"/>\n");
    xp(o, "   <feature-designation code=\"ADM%d\"/>\n", l->level);
    xs(o, "  </location>\n");
  }
  if (filled(a->sector)) {
    xs(o, "  <sector vocabulary=\"1\"");
    put_attr(o, "code", a->sector);
    xs(o, " percentage=\"100\"/>\n");
  }
  for (size_t i = 0; i < a->nbudgets; i++) {
    const struct iati_budget *b = &a->budgets[i];
    xp(o, "  <budget type=\"%d\" status=\"%d\">\n", b->type, b->status);
    xp(o, "   <period-start iso-date=\"%s\"/>\n", b->start);
    xp(o, "   <period-end iso-date=\"%s\"/>\n", b->end);
    xp(o, "   <value currency=\"EUR\" value-date=\"%s\">", b->value_date);
    put_money(o, b->value_cents);
    xs(o, "</value>\n  </budget>\n");
  }
  for (size_t r = 0; r < a->nresults; r++) {
    const struct iati_result *res = &a->results[r];
    xp(o, "  <result type=\"%d\">\n", res->type);
    xs(o, "   <title>\n");
    put_narrative(o, "    ", res->title);
    xs(o, "   </title>\n");
    if (filled(res->description)) {
      xs(o, "   <description>\n");
      put_narrative(o, "    ", res->description);
      xs(o, "   </description>\n");
    }
    for (size_t k = 0; k < res->nindicators; k++) write_indicator(o, &res->indicators[k]);
    xs(o, "  </result>\n");
  }
  xs(o, " </iati-activity>\n");
}

plam_err iati_write(struct buf *out, const char *generated, const struct iati_activity *acts, size_t n,
                    struct field_error *fe) {
  if (!acts || n == 0) return field_fail(fe, "activites", "au moins une activité");
  if (!valid_text(generated)) return field_fail(fe, "genere_le", "texte invalide");
  for (size_t i = 0; i < n; i++) {
    struct vctx v = {.fe = fe};
    snprintf(v.path, sizeof v.path, "activites[%zu]", i % 100000);
    plam_err e = validate_activity(&acts[i], &v);
    if (e) return e;
  }
  buf_clear(out);
  struct xw o = {.b = out};
  xs(&o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<iati-activities version=\"2.03\"");
  if (filled(generated)) put_attr(&o, "generated-datetime", generated);
  xs(&o, ">\n");
  for (size_t i = 0; i < n; i++) write_activity(&o, &acts[i]);
  xs(&o, "</iati-activities>\n");
  if (o.err) buf_clear(out);
  return o.err;
}
