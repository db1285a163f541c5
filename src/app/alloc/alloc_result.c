/* Result writer: the result document of docs/ALLOCATION.md, streamed with
 * alloc_jsonw into a bounded buffer. Everything is in bundle order and
 * nothing depends on the clock or the machine, so the same bundle gives the
 * same bytes. Records of long arrays take one line each. */
#include "app/alloc/alloc_run.h"
#include "app/alloc/alloc_explain.h"
#include "app/alloc/alloc_jsonw.h"

/* Below this many candidates the explanations are written on one thread. */
#define ALLOC_EXPLAIN_PARALLEL_MIN 2000
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void result_check(const struct alloc_run *run, struct alloc_jw *w) {
  const struct alloc_check_report *r = &run->check;
  const struct alloc_instance *inst = &run->inst;
  alloc_jw_key(w, "check");
  alloc_jw_object(w, 1);
  alloc_jw_key(w, "ok");
  alloc_jw_bool(w, r->ok);
  alloc_jw_key(w, "acceptable");
  alloc_jw_bool(w, r->acceptable);
  alloc_jw_key(w, "capacities");
  alloc_jw_bool(w, r->capacities);
  alloc_jw_key(w, "reserved_seats");
  alloc_jw_bool(w, r->reserved);
  alloc_jw_key(w, "weakly_stable");
  alloc_jw_bool(w, r->weakly_stable);
  alloc_jw_key(w, "ties_present");
  alloc_jw_bool(w, run->pr.ties_cand || run->pr.ties_post);
  alloc_jw_key(w, "blocking_pairs");
  alloc_jw_int(w, r->blocking_pairs);
  alloc_jw_key(w, "pairs_examined");
  alloc_jw_int(w, r->pairs_examined);
  alloc_jw_key(w, "violations_total");
  alloc_jw_int(w, r->violations);
  alloc_jw_key(w, "violations");
  alloc_jw_array(w, 1);
  for (int i = 0; i < r->nlisted; i++) {
    alloc_jw_object(w, 0);
    alloc_jw_key(w, "kind");
    alloc_jw_string(w, alloc_check_kind_code(r->listed[i].kind));
    if (r->listed[i].cand >= 0) {
      alloc_jw_key(w, "candidate");
      alloc_jw_string(w, inst->cand[r->listed[i].cand].id);
    }
    if (r->listed[i].post >= 0) {
      alloc_jw_key(w, "post");
      alloc_jw_string(w, inst->post[r->listed[i].post].id);
    }
    alloc_jw_end(w);
  }
  alloc_jw_end(w);
  alloc_jw_key(w, "claim");
  alloc_jw_string(w, "Aucune paire bloquante au regard des listes d'origine (stabilité faible en cas d'ex aequo). "
                     "Le nombre de candidats affectés n'est pas garanti maximal.");
  alloc_jw_end(w);
}

static plam_err result_statistics(const struct alloc_run *run, struct alloc_jw *w) {
  const struct alloc_instance *inst = &run->inst;
  const struct alloc_match *m = &run->m;
  int assigned = 0, maxw = 0, ranked = 1;
  long long seats = 0;
  for (int c = 0; c < inst->ncand; c++) {
    if (m->post[c] >= 0) assigned++;
    if (m->wish[c] > maxw) maxw = m->wish[c];
    if (!inst->cand[c].rank) ranked = 0;
  }
  for (int p = 0; p < inst->npost; p++) seats += inst->post[p].seats;
  alloc_jw_key(w, "statistics");
  alloc_jw_object(w, 1);
  alloc_jw_key(w, "candidates");
  alloc_jw_int(w, inst->ncand);
  alloc_jw_key(w, "assigned");
  alloc_jw_int(w, assigned);
  alloc_jw_key(w, "unassigned");
  alloc_jw_int(w, inst->ncand - assigned);
  alloc_jw_key(w, "seats");
  alloc_jw_int(w, seats);
  int *byw = calloc((size_t)maxw + 2, sizeof(int));
  if (!byw) return PLAM_ERR_NOMEM;
  for (int c = 0; c < inst->ncand; c++)
    if (m->wish[c] > 0) byw[m->wish[c]]++;
  alloc_jw_key(w, "by_wish");
  alloc_jw_array(w, 0);
  for (int k = 1; k <= maxw; k++) alloc_jw_int(w, byw[k]);
  alloc_jw_end(w);
  free(byw);
  if (ranked && inst->ncand > 0) {
    /* Ten bands of equal width over the rank range. */
    long long minr = inst->cand[0].rank, maxr = inst->cand[0].rank;
    for (int c = 0; c < inst->ncand; c++) {
      if (inst->cand[c].rank < minr) minr = inst->cand[c].rank;
      if (inst->cand[c].rank > maxr) maxr = inst->cand[c].rank;
    }
    long long span = maxr - minr + 1;
    int nb = span < 10 ? (int)span : 10;
    alloc_jw_key(w, "rank_bands");
    alloc_jw_array(w, 1);
    for (int b = 0; b < nb; b++) {
      long long lo = minr + span * b / nb, hi = minr + span * (b + 1) / nb - 1;
      int n = 0, got = 0, first = 0;
      long long wsum = 0;
      for (int c = 0; c < inst->ncand; c++) {
        long long r = inst->cand[c].rank;
        if (r < lo || r > hi) continue;
        n++;
        if (m->post[c] >= 0) {
          got++;
          wsum += m->wish[c];
        }
        if (m->wish[c] == 1) first++;
      }
      alloc_jw_object(w, 0);
      alloc_jw_key(w, "ranks_from");
      alloc_jw_int(w, lo);
      alloc_jw_key(w, "ranks_to");
      alloc_jw_int(w, hi);
      alloc_jw_key(w, "candidates");
      alloc_jw_int(w, n);
      alloc_jw_key(w, "assigned");
      alloc_jw_int(w, got);
      alloc_jw_key(w, "first_wish");
      alloc_jw_int(w, first);
      alloc_jw_key(w, "mean_wish");
      alloc_jw_real(w, got ? (double)(wsum * 100 / got) / 100.0 : 0.0);
      alloc_jw_end(w);
    }
    alloc_jw_end(w);
  }
  if (inst->nterr) {
    int fseats = 0, ffilled = 0;
    for (int p = 0; p < inst->npost; p++) {
      int t = inst->post[p].territory;
      if (t < 0 || !inst->terr[t].fragile) continue;
      fseats += inst->post[p].seats;
    }
    for (int c = 0; c < inst->ncand; c++) {
      int p = m->post[c];
      if (p >= 0 && inst->post[p].territory >= 0 && inst->terr[inst->post[p].territory].fragile) ffilled++;
    }
    alloc_jw_key(w, "fragile_territories");
    alloc_jw_object(w, 0);
    alloc_jw_key(w, "seats");
    alloc_jw_int(w, fseats);
    alloc_jw_key(w, "filled");
    alloc_jw_int(w, ffilled);
    alloc_jw_end(w);
  }
  alloc_jw_end(w);
  return PLAM_OK;
}

/* x is NULL without explanations; with them each post carries its sentence
 * (who holds its seats), which the candidates' lines do not repeat. */
static void result_posts(const struct alloc_run *run, const int *filled, const struct alloc_explain *x,
                         struct alloc_jw *w) {
  const struct alloc_instance *inst = &run->inst;
  alloc_jw_key(w, "posts");
  alloc_jw_array(w, 1);
  for (int p = 0; p < inst->npost; p++) {
    const struct alloc_post *po = &inst->post[p];
    alloc_jw_object(w, 0);
    alloc_jw_key(w, "post");
    alloc_jw_string(w, po->id);
    alloc_jw_key(w, "capacity");
    alloc_jw_int(w, po->capacity);
    alloc_jw_key(w, "seats");
    alloc_jw_int(w, po->seats);
    alloc_jw_key(w, "filled");
    alloc_jw_int(w, filled[p]);
    if (x) {
      alloc_jw_key(w, "explanation");
      struct buf *b = alloc_jw_value_begin(w);
      if (b) alloc_jw_value_end(w, alloc_explain_post_json(x, p, b));
    }
    alloc_jw_end(w);
  }
  alloc_jw_end(w);
}

static void result_territories(const struct alloc_run *run, const int *filled, struct alloc_jw *w) {
  const struct alloc_instance *inst = &run->inst;
  alloc_jw_key(w, "territories");
  alloc_jw_array(w, 1);
  for (int t = 0; t < inst->nterr; t++) {
    const struct alloc_territory *te = &inst->terr[t];
    int seats = 0, got = 0;
    for (int p = 0; p < inst->npost; p++)
      if (inst->post[p].territory == t) {
        seats += inst->post[p].seats;
        got += filled[p];
      }
    alloc_jw_object(w, 0);
    alloc_jw_key(w, "territory");
    alloc_jw_string(w, te->id);
    alloc_jw_key(w, "fragile");
    alloc_jw_bool(w, te->fragile);
    alloc_jw_key(w, "base");
    alloc_jw_real(w, te->base);
    alloc_jw_key(w, "weight");
    alloc_jw_real(w, te->weight);
    if (inst->apportion) {
      alloc_jw_key(w, "exact_quota");
      alloc_jw_real(w, te->exact);
      alloc_jw_key(w, "quota");
      alloc_jw_int(w, te->quota);
    }
    alloc_jw_key(w, "supply");
    alloc_jw_int(w, te->supply);
    alloc_jw_key(w, "seats");
    alloc_jw_int(w, seats);
    alloc_jw_key(w, "filled");
    alloc_jw_int(w, got);
    alloc_jw_end(w);
  }
  alloc_jw_end(w);
}

/* Writes the explanation records of candidates [from, to) with w, each
 * rendered straight into the writer's buffer. */
static plam_err explain_range(const struct alloc_explain *x, int from, int to, struct alloc_jw *w) {
  for (int c = from; c < to && !w->err; c++) {
    struct buf *b = alloc_jw_value_begin(w);
    if (b) alloc_jw_value_end(w, alloc_explain_record_json(x, c, b));
  }
  return w->err;
}

/* Large runs render their explanations in chunks of candidates on two
 * threads: this one renders the even chunks straight into the result, a
 * worker renders the odd ones into one of two reused buffers (laid out as
 * the continuation of the array), which this thread then appends in order.
 * The bytes are those of a single pass (tested); reusing the buffers keeps
 * the memory touched small (no page faults for a copy of the whole text). */
#define EXPLAIN_CHUNK 256

struct explain_pipe {
  const struct alloc_explain *x;
  int n, nchunks;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  struct buf slot[2];
  int slot_chunk[2]; /* chunk held by the slot, -1 when free */
  int stop;          /* set by the consumer on error */
  plam_err err;      /* worker's error */
};

static void *explain_worker(void *arg) {
  struct explain_pipe *pp = arg;
  for (int i = 1; i < pp->nchunks; i += 2) {
    int s = (i / 2) & 1;
    pthread_mutex_lock(&pp->mu);
    while (pp->slot_chunk[s] >= 0 && !pp->stop) pthread_cond_wait(&pp->cv, &pp->mu);
    int stop = pp->stop;
    pthread_mutex_unlock(&pp->mu);
    if (stop) break;
    struct alloc_jw w;
    buf_clear(&pp->slot[s]);
    alloc_jw_init(&w, &pp->slot[s], NULL);
    /* continue the explanations array: inside the root object and the
     * array (both multiline), neither at its first element */
    w.depth = 2;
    w.multi[0] = 1;
    w.multi[1] = 1 | 2;
    int to = (i + 1) * EXPLAIN_CHUNK < pp->n ? (i + 1) * EXPLAIN_CHUNK : pp->n;
    plam_err e = explain_range(pp->x, i * EXPLAIN_CHUNK, to, &w);
    if (!e && w.depth != 2) e = PLAM_ERR_INTERNAL;
    pthread_mutex_lock(&pp->mu);
    if (e) pp->err = e;
    pp->slot_chunk[s] = i;
    pthread_cond_broadcast(&pp->cv);
    pthread_mutex_unlock(&pp->mu);
    if (e) break;
  }
  return NULL;
}

/* Consumer side: appends odd chunk i once the worker has rendered it. */
static plam_err explain_take(struct explain_pipe *pp, int i, struct alloc_jw *w) {
  int s = (i / 2) & 1;
  pthread_mutex_lock(&pp->mu);
  while (pp->slot_chunk[s] != i && !pp->err) pthread_cond_wait(&pp->cv, &pp->mu);
  plam_err e = pp->err;
  pthread_mutex_unlock(&pp->mu);
  if (e) return e;
  alloc_jw_raw(w, pp->slot[s].data, pp->slot[s].len);
  pthread_mutex_lock(&pp->mu);
  pp->slot_chunk[s] = -1;
  pthread_cond_broadcast(&pp->cv);
  pthread_mutex_unlock(&pp->mu);
  return w->err;
}

static plam_err result_explanations(const struct alloc_run *run, const struct alloc_explain *x, struct alloc_jw *w) {
  const struct alloc_instance *inst = &run->inst;
  plam_err e = PLAM_OK;
  alloc_jw_key(w, "explanations");
  alloc_jw_array(w, 1);
  int n = inst->ncand;
  int parallel = n >= ALLOC_EXPLAIN_PARALLEL_MIN && !run->explain_single_thread;
  struct explain_pipe pp;
  pthread_t th;
  int threaded = 0;
  if (parallel) {
    memset(&pp, 0, sizeof pp);
    pp.x = x;
    pp.n = n;
    pp.nchunks = (n + EXPLAIN_CHUNK - 1) / EXPLAIN_CHUNK;
    pp.slot_chunk[0] = pp.slot_chunk[1] = -1;
    buf_init(&pp.slot[0], (size_t)1 << 31);
    buf_init(&pp.slot[1], (size_t)1 << 31);
    pthread_mutex_init(&pp.mu, NULL);
    pthread_cond_init(&pp.cv, NULL);
    threaded = pthread_create(&th, NULL, explain_worker, &pp) == 0;
  }
  if (!threaded) {
    e = explain_range(x, 0, n, w);
  } else {
    for (int i = 0; i < pp.nchunks && !e; i++) {
      int to = (i + 1) * EXPLAIN_CHUNK < n ? (i + 1) * EXPLAIN_CHUNK : n;
      e = i & 1 ? explain_take(&pp, i, w) : explain_range(x, i * EXPLAIN_CHUNK, to, w);
    }
    pthread_mutex_lock(&pp.mu);
    pp.stop = 1;
    pthread_cond_broadcast(&pp.cv);
    pthread_mutex_unlock(&pp.mu);
    pthread_join(th, NULL);
  }
  if (parallel) {
    pthread_mutex_destroy(&pp.mu);
    pthread_cond_destroy(&pp.cv);
    buf_release(&pp.slot[0]);
    buf_release(&pp.slot[1]);
  }
  alloc_jw_end(w);
  return e;
}

plam_err alloc_result_write(const struct alloc_run *run, struct buf *out, FILE *sink, char *err, size_t errlen) {
  const struct alloc_instance *inst = &run->inst;
  const struct alloc_match *m = &run->m;
  int *filled = calloc((size_t)inst->npost + 1, sizeof(int));
  if (!filled) {
    snprintf(err, errlen, "mémoire insuffisante pour écrire le résultat");
    return PLAM_ERR_NOMEM;
  }
  for (int c = 0; c < inst->ncand; c++)
    if (m->post[c] >= 0) filled[m->post[c]]++;
  struct alloc_explain x;
  int explain = !run->no_explanations;
  if (explain) {
    plam_err xe = alloc_explain_init(&x, inst, &run->pr, &run->m);
    if (xe) {
      free(filled);
      snprintf(err, errlen, "mémoire insuffisante pour écrire le résultat");
      return xe;
    }
  }
  struct alloc_jw jw, *w = &jw;
  alloc_jw_init(w, out, sink);
  if (sink && run->start_writeback) alloc_jw_start_writeback(w);
  alloc_jw_object(w, 1);
  alloc_jw_key(w, "engine");
  alloc_jw_object(w, 0);
  alloc_jw_key(w, "name");
  alloc_jw_string(w, ALLOC_ENGINE_NAME);
  alloc_jw_key(w, "version");
  alloc_jw_string(w, ALLOC_ENGINE_VERSION);
  alloc_jw_end(w);
  char hex[65];
  for (int i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", run->sha256[i]);
  alloc_jw_key(w, "bundle_sha256");
  alloc_jw_string(w, hex);
  alloc_jw_key(w, "round");
  alloc_jw_string(w, inst->round == ALLOC_ROUND_SIMULATION ? "simulation" : "final");
  alloc_jw_key(w, "algorithm");
  alloc_jw_string(w, inst->algorithm == ALLOC_SERIAL_DICTATORSHIP ? "serial-dictatorship" : "deferred-acceptance");
  if (inst->algorithm == ALLOC_DEFERRED_ACCEPTANCE) {
    alloc_jw_key(w, "proposing");
    alloc_jw_string(w, inst->proposing == ALLOC_PROPOSE_POSTS ? "posts" : "candidates");
  }
  alloc_jw_key(w, "seed");
  alloc_jw_int(w, (long long)inst->seed);
  alloc_jw_key(w, "tie_breaking");
  alloc_jw_object(w, 0);
  alloc_jw_key(w, "method");
  alloc_jw_string(w, "plam-alloc-lottery-v1");
  alloc_jw_key(w, "candidate_tie_groups");
  alloc_jw_int(w, run->pr.ties_cand);
  alloc_jw_key(w, "post_tie_groups");
  alloc_jw_int(w, run->pr.ties_post);
  alloc_jw_end(w);
  alloc_jw_key(w, "assignments");
  alloc_jw_array(w, 1);
  for (int c = 0; c < inst->ncand; c++) {
    int p = m->post[c];
    if (p < 0) continue;
    alloc_jw_object(w, 0);
    alloc_jw_key(w, "candidate");
    alloc_jw_string(w, inst->cand[c].id);
    alloc_jw_key(w, "post");
    alloc_jw_string(w, inst->post[p].id);
    alloc_jw_key(w, "wish");
    alloc_jw_int(w, m->wish[c]);
    alloc_jw_key(w, "seat");
    if (m->group[c] >= 0) {
      char seat[ALLOC_MAX_ID + 16];
      snprintf(seat, sizeof seat, "reserved:%s", inst->tag_name[inst->res[inst->post[p].res_off + m->group[c]].tag]);
      alloc_jw_string(w, seat);
    } else {
      alloc_jw_string(w, "open");
    }
    alloc_jw_end(w);
  }
  alloc_jw_end(w);
  alloc_jw_key(w, "unassigned");
  alloc_jw_array(w, 1);
  for (int c = 0; c < inst->ncand; c++)
    if (m->post[c] < 0) alloc_jw_string(w, inst->cand[c].id);
  alloc_jw_end(w);
  result_posts(run, filled, explain ? &x : NULL, w);
  if (inst->nterr) result_territories(run, filled, w);
  plam_err e = result_statistics(run, w);
  result_check(run, w);
  if (!e && explain) e = result_explanations(run, &x, w);
  alloc_jw_end(w);
  if (!e && !w->err && w->depth == 0) w->err = buf_append(out, "\n", 1);
  alloc_jw_flush(w);
  free(filled);
  if (explain) alloc_explain_release(&x);
  if (!e) e = w->err;
  if (e == PLAM_ERR_TOO_LARGE) snprintf(err, errlen, "résultat trop volumineux");
  else if (e == PLAM_ERR_IO) snprintf(err, errlen, "erreur d'écriture du résultat");
  else if (e) snprintf(err, errlen, "mémoire insuffisante pour écrire le résultat");
  return e;
}
