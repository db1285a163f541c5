/* Result writer: builds the result document of docs/ALLOCATION.md with
 * jansson and serialises it into a bounded buffer. Everything is in bundle
 * order and nothing depends on the clock or the machine, so the same bundle
 * gives the same bytes. The explanations are produced here, candidate by
 * candidate, from alloc_explain. */
#include "app/alloc/alloc_run.h"
#include "app/alloc/alloc_explain.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sets key to a new reference; records failure in *bad. */
static void jset(json_t *o, const char *k, json_t *v, int *bad) {
  if (!v || json_object_set_new(o, k, v)) *bad = 1;
}

static void jpush(json_t *a, json_t *v, int *bad) {
  if (!v || json_array_append_new(a, v)) *bad = 1;
}

static int dump_cb(const char *p, size_t n, void *data) {
  return buf_append((struct buf *)data, p, n) ? -1 : 0;
}

static const char *algo_name(enum alloc_algorithm a) {
  return a == ALLOC_SERIAL_DICTATORSHIP ? "serial-dictatorship" : "deferred-acceptance";
}

static json_t *result_check(const struct alloc_run *run, int *bad) {
  const struct alloc_check_report *r = &run->check;
  const struct alloc_instance *inst = &run->inst;
  json_t *o = json_object();
  if (!o) { *bad = 1; return NULL; }
  jset(o, "ok", json_boolean(r->ok), bad);
  jset(o, "acceptable", json_boolean(r->acceptable), bad);
  jset(o, "capacities", json_boolean(r->capacities), bad);
  jset(o, "reserved_seats", json_boolean(r->reserved), bad);
  jset(o, "weakly_stable", json_boolean(r->weakly_stable), bad);
  jset(o, "ties_present", json_boolean(run->pr.ties_cand || run->pr.ties_post), bad);
  jset(o, "blocking_pairs", json_integer(r->blocking_pairs), bad);
  jset(o, "pairs_examined", json_integer(r->pairs_examined), bad);
  json_t *v = json_array();
  for (int i = 0; v && i < r->nlisted; i++) {
    json_t *x = json_object();
    if (!x) { *bad = 1; break; }
    jset(x, "kind", json_string(alloc_check_kind_code(r->listed[i].kind)), bad);
    if (r->listed[i].cand >= 0) jset(x, "candidate", json_string(inst->cand[r->listed[i].cand].id), bad);
    if (r->listed[i].post >= 0) jset(x, "post", json_string(inst->post[r->listed[i].post].id), bad);
    jpush(v, x, bad);
  }
  jset(o, "violations", v, bad);
  jset(o, "violations_total", json_integer(r->violations), bad);
  jset(o, "claim", json_string("Aucune paire bloquante au regard des listes d'origine (stabilité faible en cas d'ex aequo). "
                               "Le nombre d'affectés n'est pas garanti maximal."), bad);
  return o;
}

static json_t *result_statistics(const struct alloc_run *run, int *bad) {
  const struct alloc_instance *inst = &run->inst;
  const struct alloc_match *m = &run->m;
  json_t *o = json_object();
  if (!o) { *bad = 1; return NULL; }
  int assigned = 0, maxw = 0;
  for (int c = 0; c < inst->ncand; c++) {
    if (m->post[c] >= 0) assigned++;
    if (m->wish[c] > maxw) maxw = m->wish[c];
  }
  jset(o, "candidates", json_integer(inst->ncand), bad);
  jset(o, "assigned", json_integer(assigned), bad);
  jset(o, "unassigned", json_integer(inst->ncand - assigned), bad);
  long long seats = 0;
  for (int p = 0; p < inst->npost; p++) seats += inst->post[p].seats;
  jset(o, "seats", json_integer(seats), bad);
  int *byw = calloc((size_t)maxw + 2, sizeof(int));
  json_t *a = json_array();
  if (!byw || !a) { free(byw); json_decref(a); *bad = 1; return o; }
  for (int c = 0; c < inst->ncand; c++)
    if (m->wish[c] > 0) byw[m->wish[c]]++;
  for (int w = 1; w <= maxw; w++) jpush(a, json_integer(byw[w]), bad);
  free(byw);
  jset(o, "by_wish", a, bad);
  /* Outcome by rank band, when every candidate has a rank. */
  int ranked = 1;
  for (int c = 0; c < inst->ncand; c++)
    if (!inst->cand[c].rank) ranked = 0;
  if (ranked && inst->ncand > 0) {
    json_t *bands = json_array();
    if (!bands) { *bad = 1; return o; }
    /* Ten bands of equal width over the rank range. */
    int nb = inst->ncand < 10 ? inst->ncand : 10;
    long long minr = inst->cand[0].rank, maxr = inst->cand[0].rank;
    for (int c = 0; c < inst->ncand; c++) {
      if (inst->cand[c].rank < minr) minr = inst->cand[c].rank;
      if (inst->cand[c].rank > maxr) maxr = inst->cand[c].rank;
    }
    long long span = maxr - minr + 1;
    for (int b = 0; b < nb; b++) {
      long long lo = minr + span * b / nb, hi = minr + span * (b + 1) / nb - 1;
      int n = 0, got = 0, first = 0;
      long long wsum = 0;
      for (int c = 0; c < inst->ncand; c++) {
        long long r = inst->cand[c].rank;
        if (r < lo || r > hi) continue;
        n++;
        if (m->post[c] >= 0) { got++; wsum += m->wish[c]; }
        if (m->wish[c] == 1) first++;
      }
      json_t *x = json_object();
      if (!x) { *bad = 1; break; }
      jset(x, "ranks_from", json_integer(lo), bad);
      jset(x, "ranks_to", json_integer(hi), bad);
      jset(x, "candidates", json_integer(n), bad);
      jset(x, "assigned", json_integer(got), bad);
      jset(x, "first_wish", json_integer(first), bad);
      jset(x, "mean_wish_x100", json_integer(got ? (wsum * 100 + got / 2) / got : 0), bad);
      jpush(bands, x, bad);
    }
    jset(o, "rank_bands", bands, bad);
  }
  return o;
}

static json_t *result_posts(const struct alloc_run *run, const int *filled, int *bad) {
  const struct alloc_instance *inst = &run->inst;
  json_t *a = json_array();
  if (!a) { *bad = 1; return NULL; }
  for (int p = 0; p < inst->npost && !*bad; p++) {
    const struct alloc_post *po = &inst->post[p];
    json_t *x = json_object();
    if (!x) { *bad = 1; break; }
    jset(x, "post", json_string(po->id), bad);
    jset(x, "capacity", json_integer(po->capacity), bad);
    jset(x, "seats", json_integer(po->seats), bad);
    jset(x, "filled", json_integer(filled[p]), bad);
    jpush(a, x, bad);
  }
  return a;
}

static json_t *result_territories(const struct alloc_run *run, const int *filled, int *bad) {
  const struct alloc_instance *inst = &run->inst;
  json_t *a = json_array();
  if (!a) { *bad = 1; return NULL; }
  for (int t = 0; t < inst->nterr && !*bad; t++) {
    const struct alloc_territory *te = &inst->terr[t];
    int seats = 0, got = 0;
    for (int p = 0; p < inst->npost; p++)
      if (inst->post[p].territory == t) { seats += inst->post[p].seats; got += filled[p]; }
    json_t *x = json_object();
    if (!x) { *bad = 1; break; }
    jset(x, "territory", json_string(te->id), bad);
    jset(x, "fragile", json_boolean(te->fragile), bad);
    jset(x, "base", json_real(te->base), bad);
    jset(x, "weight", json_real(te->weight), bad);
    if (inst->apportion) {
      jset(x, "exact_quota", json_real(te->exact), bad);
      jset(x, "quota", json_integer(te->quota), bad);
    }
    jset(x, "supply", json_integer(te->supply), bad);
    jset(x, "seats", json_integer(seats), bad);
    jset(x, "filled", json_integer(got), bad);
    jpush(a, x, bad);
  }
  return a;
}

static json_t *result_explanations(const struct alloc_run *run, int *bad) {
  const struct alloc_instance *inst = &run->inst;
  struct alloc_explain x;
  if (alloc_explain_init(&x, inst, &run->pr, &run->m)) { *bad = 1; return NULL; }
  struct buf b;
  buf_init(&b, 1 << 22);
  json_t *a = json_array();
  for (int c = 0; a && c < inst->ncand && !*bad; c++) {
    if (alloc_explain_candidate(&x, c, &b)) { *bad = 1; break; }
    json_t *o = json_object(), *details = json_array();
    if (!o || !details) { json_decref(o); json_decref(details); *bad = 1; break; }
    jset(o, "candidate", json_string(inst->cand[c].id), bad);
    char *line = b.data, *nl = strchr(line, '\n');
    jset(o, "summary", nl ? json_stringn(line, (size_t)(nl - line)) : json_string(line), bad);
    while (nl) {
      line = nl + 1;
      nl = strchr(line, '\n');
      jpush(details, nl ? json_stringn(line, (size_t)(nl - line)) : json_string(line), bad);
    }
    jset(o, "details", details, bad);
    jpush(a, o, bad);
  }
  if (!a) *bad = 1;
  buf_release(&b);
  alloc_explain_release(&x);
  return a;
}

plam_err alloc_result_write(const struct alloc_run *run, struct buf *out, char *err, size_t errlen) {
  const struct alloc_instance *inst = &run->inst;
  const struct alloc_match *m = &run->m;
  int bad = 0;
  int *filled = calloc((size_t)inst->npost + 1, sizeof(int));
  json_t *root = json_object();
  if (!filled || !root) {
    free(filled);
    json_decref(root);
    snprintf(err, errlen, "mémoire insuffisante pour écrire le résultat");
    return PLAM_ERR_NOMEM;
  }
  for (int c = 0; c < inst->ncand; c++)
    if (m->post[c] >= 0) filled[m->post[c]]++;
  json_t *engine = json_object();
  if (engine) {
    jset(engine, "name", json_string(ALLOC_ENGINE_NAME), &bad);
    jset(engine, "version", json_string(ALLOC_ENGINE_VERSION), &bad);
  }
  jset(root, "engine", engine, &bad);
  char hex[65];
  for (int i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", run->sha256[i]);
  jset(root, "bundle_sha256", json_string(hex), &bad);
  jset(root, "round", json_string(inst->round == ALLOC_ROUND_SIMULATION ? "simulation" : "final"), &bad);
  jset(root, "algorithm", json_string(algo_name(inst->algorithm)), &bad);
  if (inst->algorithm == ALLOC_DEFERRED_ACCEPTANCE)
    jset(root, "proposing", json_string(inst->proposing == ALLOC_PROPOSE_POSTS ? "posts" : "candidates"), &bad);
  jset(root, "seed", json_integer((json_int_t)inst->seed), &bad);
  json_t *tb = json_object();
  if (tb) {
    jset(tb, "method", json_string("plam-alloc-lottery-v1 (SipHash-2-4, clé = SHA-256 de la graine)"), &bad);
    jset(tb, "candidate_tie_groups", json_integer(run->pr.ties_cand), &bad);
    jset(tb, "post_tie_groups", json_integer(run->pr.ties_post), &bad);
  }
  jset(root, "tie_breaking", tb, &bad);
  json_t *as = json_array(), *un = json_array();
  for (int c = 0; as && un && c < inst->ncand && !bad; c++) {
    int p = m->post[c];
    if (p < 0) { jpush(un, json_string(inst->cand[c].id), &bad); continue; }
    json_t *x = json_object();
    if (!x) { bad = 1; break; }
    jset(x, "candidate", json_string(inst->cand[c].id), &bad);
    jset(x, "post", json_string(inst->post[p].id), &bad);
    jset(x, "wish", json_integer(m->wish[c]), &bad);
    if (m->group[c] >= 0) {
      char seat[160];
      snprintf(seat, sizeof seat, "reserved:%s", inst->tag_name[inst->res[inst->post[p].res_off + m->group[c]].tag]);
      jset(x, "seat", json_string(seat), &bad);
    } else {
      jset(x, "seat", json_string("open"), &bad);
    }
    jpush(as, x, &bad);
  }
  jset(root, "assignments", as, &bad);
  jset(root, "unassigned", un, &bad);
  jset(root, "posts", result_posts(run, filled, &bad), &bad);
  if (inst->nterr) jset(root, "territories", result_territories(run, filled, &bad), &bad);
  jset(root, "statistics", result_statistics(run, &bad), &bad);
  jset(root, "check", result_check(run, &bad), &bad);
  jset(root, "explanations", result_explanations(run, &bad), &bad);
  plam_err e = PLAM_OK;
  if (bad) {
    snprintf(err, errlen, "mémoire insuffisante pour écrire le résultat");
    e = PLAM_ERR_NOMEM;
  } else if (json_dump_callback(root, dump_cb, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER) || buf_append(out, "\n", 1)) {
    snprintf(err, errlen, "résultat trop volumineux");
    e = PLAM_ERR_TOO_LARGE;
  }
  json_decref(root);
  free(filled);
  return e;
}
