/* Tokens of the one-click links, who may manage a need's offers, and the
 * JSON views of offers and needs (the employer's, the candidate's and the
 * public pages', with schema.org JobPosting data): see offer_int.h. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "app/offer/offer_int.h"

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

/* schema.org JobPosting of a fixed-term or permanent post (NULL otherwise). */
static json_t *job_posting(const struct offer_need_rec *n) {
  int permanent = !strcmp(n->contract, "permanent");
  if (!permanent && strcmp(n->contract, "fixed_term")) return NULL;
  char title[1200];
  snprintf(title, sizeof title, "%s (%s) - %s", n->profession, contract_label(n->contract), n->estab_name);
  char posted[11] = "";
  snprintf(posted, sizeof posted, "%.10s", n->created_at);
  json_t *j = json_pack(
    "{s:s, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s}, s:{s:s, s:{s:s, s:s, s:s, s:s}}, s:{s:s, s:s, s:I}}", "@context",
    "https://schema.org", "@type", "JobPosting", "title", title, "description",
    *n->description ? n->description : title, "datePosted", posted, "employmentType",
    permanent ? "FULL_TIME" : "TEMPORARY", "hiringOrganization", "@type", "Organization", "name", n->estab_name,
    "jobLocation", "@type", "Place", "address", "@type", "PostalAddress", "addressLocality",
    *n->commune_name ? n->commune_name : n->departement_name, "addressRegion", n->departement_name, "addressCountry",
    "FR", "identifier", "@type", "PropertyValue", "name", "plam", "value", (json_int_t)n->id);
  if (j && *n->first_start_at) json_object_set_new(j, "jobStartDate", json_string(n->first_start_at));
  if (j && *n->expires_at) json_object_set_new(j, "validThrough", json_string(n->expires_at));
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
