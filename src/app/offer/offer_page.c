/* The public page of an open offer rendered on the server (GET /offres/{id}),
 * so that job search engines read its schema.org JobPosting without running
 * any script: the same head as web/offre.html (DSFR styles, the page's
 * module, which then draws the header and footer and redraws the content),
 * the JSON-LD in a <script type="application/ld+json"> element, and the
 * offer's facts in French in <main>. Every text goes through the escaping
 * writer (fmt/html.h); the JSON-LD escapes <, > and & as \u003c, \u003e and
 * \u0026, so no "</" (nor "<!--") can end or change the script element. An
 * offer that is not open gets a short French page with status 404. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/offer/offer_int.h"
#include "fmt/html.h"
#include "store/store_tx.h"

/* Appends the JSON text with <, > and & escaped (they only occur in strings). */
plam_err offer_jsonld_escape(struct buf *b, const char *json) {
  plam_err e = PLAM_OK;
  for (const char *p = json; !e && *p; p++) {
    if (*p == '<') e = buf_append_str(b, "\\u003c");
    else if (*p == '>') e = buf_append_str(b, "\\u003e");
    else if (*p == '&') e = buf_append_str(b, "\\u0026");
    else e = buf_append(b, p, 1);
  }
  return e;
}

/* "2030-03-02T08:00+01:00" as "02/03/2030 08:00" (the time as written). */
static void when_text(const char *iso, char out[32]) {
  int y, mo, d, hh, mm;
  if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &hh, &mm) == 5)
    snprintf(out, 32, "%02d/%02d/%04d %02d:%02d", d, mo, y, hh, mm);
  else snprintf(out, 32, "%.31s", iso);
}

static void head(struct html_w *w, const char *title, const char *description, const char *canonical) {
  html_open(w, "html", "lang", "fr", NULL);
  html_open(w, "head", NULL);
  html_open(w, "meta", "charset", "utf-8", NULL);
  html_open(w, "meta", "name", "viewport", "content", "width=device-width, initial-scale=1", NULL);
  html_open(w, "meta", "name", "referrer", "content", "same-origin", NULL);
  html_elem(w, "title", title, NULL);
  if (description) html_open(w, "meta", "name", "description", "content", description, NULL);
  else html_open(w, "meta", "name", "robots", "content", "noindex", NULL);
  if (canonical) html_open(w, "link", "rel", "canonical", "href", canonical, NULL);
  html_open(w, "link", "rel", "icon", "href", "data:,", NULL);
  html_open(w, "link", "rel", "stylesheet", "href", "/dsfr/dsfr.min.css", NULL);
  html_open(w, "link", "rel", "stylesheet", "href", "/dsfr/utility/icons/icons.min.css", NULL);
  html_open(w, "link", "rel", "stylesheet", "href", "/css/plam.css", NULL);
  html_elem(w, "script", NULL, "type", "module", "src", "/dsfr/dsfr.module.min.js", NULL);
  html_elem(w, "script", NULL, "type", "module", "src", "/js/pages/offre.js", NULL);
}

/* From </head> to the opening of the page's container. */
static void body_open(struct html_w *w) {
  html_close(w); /* head */
  html_open(w, "body", NULL);
  html_elem(w, "div", NULL, "id", "liens-evitement", NULL);
  html_elem(w, "header", NULL, "id", "en-tete", "role", "banner", "class", "fr-header", NULL);
  html_open(w, "main", "id", "contenu", "role", "main", "tabindex", "-1", NULL);
  html_open(w, "div", "id", "page", "class", "fr-container fr-py-6w", NULL);
}

static void body_close(struct html_w *w) {
  html_close(w); /* div#page */
  html_close(w); /* main */
  html_elem(w, "footer", NULL, "id", "pied-de-page", "role", "contentinfo", "class", "fr-footer", NULL);
}

static void back_link(struct html_w *w) {
  html_open(w, "p", NULL);
  html_elem(w, "a", "Toutes les offres", "href", "/offres.html", "class", "fr-link", NULL);
  html_close(w);
}

static plam_err not_found_page(struct buf *out, const char *site) {
  struct html_w w;
  char title[512];
  snprintf(title, sizeof title, "Offre introuvable - %s", site);
  html_begin(&w, out);
  head(&w, title, NULL, NULL);
  body_open(&w);
  html_elem(&w, "h1", "Offre introuvable", NULL);
  html_elem(&w, "p", "Cette offre n’existe pas ou n’est plus ouverte.", NULL);
  back_link(&w);
  body_close(&w);
  return html_end(&w);
}

static void fact(struct html_w *w, const char *label, const char *value) {
  html_open(w, "li", NULL);
  html_textf(w, "%s : %s", label, value);
  html_close(w);
}

static plam_err offer_page(const struct offer_need_rec *n, const char *site, struct buf *out) {
  json_t *j = offer_public_json(n, 1);
  json_t *jp = j ? json_object_get(j, "job_posting") : NULL;
  char *ld = jp ? json_dumps(jp, JSON_COMPACT) : NULL;
  const char *contract = j ? json_string_value(json_object_get(j, "contract_label")) : NULL;
  if (!ld || !contract) {
    free(ld);
    json_decref(j);
    return PLAM_ERR_NOMEM;
  }
  char h1[1200], title[1600], canonical[48], place[1000], start[32], end[32], desc[1400], nb[64];
  snprintf(h1, sizeof h1, "%s — %s", offer_profession_label(n->profession), n->estab_name);
  snprintf(title, sizeof title, "%s - %s", h1, site);
  snprintf(canonical, sizeof canonical, "/offres/%lld", (long long)n->id);
  if (*n->commune_name) snprintf(place, sizeof place, "%s (%s)", n->commune_name, n->departement_name);
  else snprintf(place, sizeof place, "%s", n->departement_name);
  snprintf(desc, sizeof desc, "%s, %s, %s", offer_profession_label(n->profession), contract, place);
  when_text(n->first_start_at, start);
  when_text(n->last_end_at, end);
  struct html_w w;
  html_begin(&w, out);
  head(&w, title, desc, canonical);
  html_open(&w, "script", "type", "application/ld+json", NULL);
  if (!w.err) w.err = offer_jsonld_escape(out, ld);
  html_close(&w);
  free(ld);
  body_open(&w);
  html_elem(&w, "h1", h1, NULL);
  html_open(&w, "ul", "id", "offre-details", NULL);
  fact(&w, "Lieu", place);
  html_open(&w, "li", NULL);
  html_textf(&w, "Du %s au %s", start, end);
  html_close(&w);
  if (n->nslots > 1) {
    snprintf(nb, sizeof nb, "%d", n->nslots);
    fact(&w, "Créneaux", nb);
  }
  fact(&w, "Contrat", contract);
  snprintf(nb, sizeof nb, "%d", n->headcount);
  fact(&w, "Personnes recherchées", nb);
  if (*n->pay) fact(&w, "Rémunération", n->pay);
  html_close(&w); /* ul */
  if (*n->description) html_elem(&w, "p", n->description, NULL);
  back_link(&w);
  body_close(&w);
  json_decref(j);
  return html_end(&w);
}

plam_err offer_public_page(struct db *db, const struct actor *a, int64_t need_id, const char *site, struct buf *out,
                           int *status) {
  struct offer_need_rec n;
  plam_err e = store_read_begin(db);
  if (e) return e;
  e = store_offer_need_get(db, need_id, &n);
  store_read_end(db);
  if (e && e != PLAM_ERR_NOT_FOUND) return e;
  if (e || (strcmp(n.status, "open") && !offer_may_manage(a, &n))) {
    *status = 404;
    return not_found_page(out, site);
  }
  *status = 200;
  return offer_page(&n, site, out);
}
