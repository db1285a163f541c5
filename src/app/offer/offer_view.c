/* Tokens of the one-click links, who may manage a need's offers, and the
 * JSON views of offers and needs (the employer's, the candidate's and the
 * public pages', with schema.org JobPosting data): see offer_int.h. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "app/offer/offer_int.h"
#include "app/recruit/recruit_app.h"

void offer_token_new(char token[OFFER_TOKEN_CHARS + 1], uint8_t hash[32]) {
  uint8_t rnd[32];
  randombytes_buf(rnd, sizeof rnd);
  sodium_bin2base64(token, OFFER_TOKEN_CHARS + 1, rnd, sizeof rnd, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  crypto_hash_sha256(hash, (const unsigned char *)token, OFFER_TOKEN_CHARS);
  sodium_memzero(rnd, sizeof rnd);
}

int offer_token_hash(const char *token, uint8_t hash[32]) {
  if (!token || strlen(token) != OFFER_TOKEN_CHARS) return -1;
  for (const char *p = token; *p; p++)
    if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
      return -1;
  crypto_hash_sha256(hash, (const unsigned char *)token, OFFER_TOKEN_CHARS);
  return 0;
}

int offer_may_manage(const struct actor *a, const struct offer_need_rec *n) {
  if (a->role == ROLE_ADMIN || a->role == ROLE_STAFF) return 1;
  return a->role == ROLE_EMPLOYER && a->org_id && a->org_id == n->org_id;
}

void offer_time_text(int64_t t, char out[32]) {
  out[0] = '\0';
  if (!t) return;
  time_t tt = (time_t)t;
  struct tm tm;
  gmtime_r(&tt, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static json_t *time_or_null(int64_t t) {
  char s[32];
  offer_time_text(t, s);
  return t ? json_string(s) : json_null();
}

static const char *contract_label(const char *c) {
  static const char *const codes[] = {"shift", "fixed_term", "permanent", "secondment"};
  static const char *const labels[] = {"Vacation", "CDD", "CDI", "Mise à disposition"};
  for (int i = 0; i < 4; i++)
    if (!strcmp(codes[i], c)) return labels[i];
  return c;
}

/* The profession's French label from the nomenclature (the code when it is not there). */
const char *offer_profession_label(const char *code) {
  int i = recruit_profession_find(code);
  return i >= 0 ? recruit_professions[i].label : code;
}

/* The need as the public and the candidates see it: no settings, no person. */
static json_t *need_public_json(const struct offer_need_rec *n) {
  json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s}", "id",
                        (json_int_t)n->id, "profession", n->profession, "contract", n->contract, "contract_label",
                        contract_label(n->contract), "reason", n->reason, "urgency", n->urgency, "status", n->status,
                        "headcount", n->headcount, "pay", n->pay, "description", n->description, "establishment",
                        n->estab_name, "departement", n->departement, "departement_name", n->departement_name,
                        "commune_name", n->commune_name, "slots", n->nslots, "start_at", n->first_start_at, "end_at",
                        n->last_end_at);
  if (j) json_object_set_new(j, "establishment_id", json_integer(n->establishment_id));
  if (j) json_object_set_new(j, "commune", *n->commune ? json_string(n->commune) : json_null());
  if (j) json_object_set_new(j, "profession_label", json_string(offer_profession_label(n->profession)));
  if (j) json_object_set_new(j, "region_name", json_string(n->region_name));
  return j;
}

json_t *offer_need_json(const struct offer_need_rec *n) {
  json_t *j = need_public_json(n);
  if (!j) return NULL;
  json_object_set_new(j, "fill_mode", json_string(n->fill_mode));
  json_object_set_new(j, "settings",
                      json_pack("{s:i, s:i, s:i, s:i}", "wave_size", n->wave_size, "interval_min", n->interval_min,
                                "offer_ttl_min", n->offer_ttl_min, "undo_min", n->undo_min));
  json_object_set_new(j, "waves_sent", json_integer(n->waves_sent));
  json_object_set_new(j, "last_wave_at", time_or_null(n->last_wave_at > 0 ? n->last_wave_at : 0));
  json_object_set_new(j, "next_wave_at", time_or_null(n->next_wave_at > 0 ? n->next_wave_at : 0));
  return j;
}

json_t *offer_json(const struct offer_rec *o, int with_contact) {
  json_t *reasons = json_loads(o->reasons, 0, NULL);
  if (!json_is_array(reasons)) {
    json_decref(reasons);
    reasons = json_array();
  }
  json_t *j = json_pack("{s:I, s:I, s:i, s:i, s:o, s:s}", "id", (json_int_t)o->id, "need_id", (json_int_t)o->need_id,
                        "wave", o->wave, "rank", o->rank, "reasons", reasons, "status", o->status);
  if (!j) return NULL;
  json_object_set_new(j, "sent_at", time_or_null(o->sent_at));
  json_object_set_new(j, "expires_at", time_or_null(o->expires_at));
  json_object_set_new(j, "seen_at", time_or_null(o->seen_at));
  json_object_set_new(j, "accepted_at", time_or_null(o->accepted_at));
  json_object_set_new(j, "confirmed_at", time_or_null(o->confirmed_at));
  json_object_set_new(j, "undo_until", time_or_null(o->undo_until));
  json_object_set_new(j, "closed_at", time_or_null(o->closed_at));
  json_object_set_new(j, "candidate",
                      with_contact
                        ? json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)o->candidate_id, "first_name",
                                    o->first_name, "last_name", o->last_name, "email", o->email, "phone", o->phone)
                        : json_null());
  return j;
}

/* schema.org employmentType of each contract (docs/RECRUITMENT.md): a shift
 * is paid by the day, a fixed-term post is temporary; plam records no working
 * time, so a permanent post is never claimed FULL_TIME: OTHER, as a secondment. */
static const char *employment_type(const char *contract) {
  static const char *const codes[] = {"shift", "fixed_term", "permanent", "secondment"};
  static const char *const types[] = {"PER_DIEM", "TEMPORARY", "OTHER", "OTHER"};
  for (int i = 0; i < 4; i++)
    if (!strcmp(codes[i], contract)) return types[i];
  return "OTHER";
}

/* The time up to which the offer is open: the need's expiry, or the start of
 * its first slot when that comes first (an open need expires then: offer_wave.c). */
static void valid_through(const struct offer_need_rec *n, char out[32]) {
  int64_t m = n->first_start_min;
  if (n->expires_min > 0 && (!m || n->expires_min < m)) m = n->expires_min;
  offer_time_text(m * 60, out);
}

/* Pay units a number may be followed by ("25 € / heure", "2100 € par mois"). */
static const struct {
  const char *word, *unit;
} pay_units[] = {{"heure", "HOUR"},   {"h", "HOUR"},     {"jour", "DAY"}, {"journée", "DAY"},
                 {"semaine", "WEEK"}, {"mois", "MONTH"}, {"an", "YEAR"},  {"année", "YEAR"}};

static const char *skip_spaces(const char *p) {
  while (*p == ' ') p++;
  return p;
}

/* A pay text that is a number of euros per unit, "N[,N] [€|euros] [brut]
 * (/|par) UNIT [brut]": *value and *unit; 0, or -1 for any other text. */
int offer_pay_amount(const char *pay, double *value, const char **unit) {
  const char *p = skip_spaces(pay);
  char num[32];
  size_t k = 0;
  int digits = 0, sep = 0;
  for (; (*p >= '0' && *p <= '9') || *p == ',' || *p == '.'; p++) {
    if (*p == ',' || *p == '.') {
      if (sep++ || !digits) return -1;
    } else digits++;
    if (k + 1 >= sizeof num) return -1;
    num[k++] = *p == ',' ? '.' : *p;
  }
  num[k] = '\0';
  if (!digits || num[k - 1] == '.') return -1;
  p = skip_spaces(p);
  if (!strncmp(p, "€", strlen("€"))) p += strlen("€");
  else if (!strncmp(p, "euros", 5)) p += 5;
  p = skip_spaces(p);
  if (!strncmp(p, "brut", 4)) p = skip_spaces(p + 4);
  if (*p == '/') p = skip_spaces(p + 1);
  else if (!strncmp(p, "par ", 4)) p = skip_spaces(p + 4);
  else return -1;
  for (size_t i = 0; i < sizeof pay_units / sizeof pay_units[0]; i++) {
    size_t l = strlen(pay_units[i].word);
    if (strncmp(p, pay_units[i].word, l)) continue;
    const char *q = skip_spaces(p + l);
    if (!strncmp(q, "brut", 4)) q = skip_spaces(q + 4);
    if (*q) continue;
    *value = strtod(num, NULL);
    *unit = pay_units[i].unit;
    return 0;
  }
  return -1;
}

/* schema.org JobPosting of an open offer, the fields job search engines read
 * (title, description, datePosted, validThrough, employmentType,
 * hiringOrganization, jobLocation with its address and coordinates,
 * baseSalary when the pay is a number of euros per unit). */
static json_t *job_posting(const struct offer_need_rec *n) {
  char title[1200], through[32];
  snprintf(title, sizeof title, "%s (%s) - %s", offer_profession_label(n->profession), contract_label(n->contract),
           n->estab_name);
  char posted[11] = "";
  snprintf(posted, sizeof posted, "%.10s", n->created_at);
  valid_through(n, through);
  json_t *addr = json_pack("{s:s, s:s, s:s}", "@type", "PostalAddress", "addressRegion",
                           *n->region_name ? n->region_name : n->departement_name, "addressCountry", "FR");
  if (addr)
    json_object_set_new(addr, "addressLocality", json_string(*n->commune_name ? n->commune_name : n->departement_name));
  /* no postal code is stored: the département is the place's administrative area */
  json_t *place = json_pack("{s:s, s:o, s:{s:s, s:s}}", "@type", "Place", "address", addr, "containedInPlace", "@type",
                            "AdministrativeArea", "name", n->departement_name);
  if (place && n->has_location)
    json_object_set_new(
      place, "geo", json_pack("{s:s, s:f, s:f}", "@type", "GeoCoordinates", "latitude", n->lat, "longitude", n->lon));
  json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s}, s:o, s:{s:s, s:s, s:I}}", "@context",
                        "https://schema.org", "@type", "JobPosting", "title", title, "description",
                        *n->description ? n->description : title, "datePosted", posted, "employmentType",
                        employment_type(n->contract), "hiringOrganization", "@type", "Organization", "name",
                        n->estab_name, "jobLocation", place, "identifier", "@type", "PropertyValue", "name", "plam",
                        "value", (json_int_t)n->id);
  if (j && *through) json_object_set_new(j, "validThrough", json_string(through)); /* a need has a slot */
  if (j && *n->first_start_at) json_object_set_new(j, "jobStartDate", json_string(n->first_start_at));
  if (j && n->headcount > 1) json_object_set_new(j, "totalJobOpenings", json_integer(n->headcount));
  double amount;
  const char *unit;
  if (j && !offer_pay_amount(n->pay, &amount, &unit))
    json_object_set_new(j, "baseSalary",
                        json_pack("{s:s, s:s, s:{s:s, s:f, s:s}}", "@type", "MonetaryAmount", "currency", "EUR",
                                  "value", "@type", "QuantitativeValue", "value", amount, "unitText", unit));
  return j;
}

json_t *offer_public_json(const struct offer_need_rec *n, int with_posting) {
  json_t *j = need_public_json(n);
  if (j && with_posting) {
    json_t *jp = job_posting(n);
    json_object_set_new(j, "job_posting", jp ? jp : json_null());
  }
  return j;
}
