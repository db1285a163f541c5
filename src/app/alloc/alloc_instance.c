/* Instance lifetime and the eligibility rule shared by the solvers'
 * preference builder and the explanations (the checker has its own copy on
 * purpose: see alloc_check.c). */
#include "app/alloc/alloc.h"
#include <stdlib.h>
#include <string.h>

void alloc_instance_init(struct alloc_instance *inst, size_t arena_cap) {
  memset(inst, 0, sizeof *inst);
  inst->cesp_tag = -1;
  arena_init(&inst->arena, arena_cap);
}

void alloc_instance_release(struct alloc_instance *inst) {
  free(inst->cand);
  free(inst->post);
  free(inst->terr);
  free(inst->wish_post);
  free(inst->wish_group);
  free(inst->rank_cand);
  free(inst->rank_group);
  free(inst->res);
  arena_release(&inst->arena);
  memset(inst, 0, sizeof *inst);
  inst->cesp_tag = -1;
}

int alloc_instance_has_reserves(const struct alloc_instance *inst) {
  for (int p = 0; p < inst->npost; p++)
    if (inst->post[p].nres) return 1;
  return 0;
}

int alloc_instance_eligible(const struct alloc_instance *inst, int c, int p, int *why) {
  const struct alloc_cand *cd = &inst->cand[c];
  const struct alloc_post *po = &inst->post[p];
  int r = ALLOC_OK;
  if (po->phase && po->phase != cd->phase) r = ALLOC_WHY_PHASE;
  else if (po->specialty && po->specialty != cd->specialty) r = ALLOC_WHY_SPECIALTY;
  else if (po->cesp_only && (inst->cesp_tag < 0 || !(cd->tags & (1u << inst->cesp_tag)))) r = ALLOC_WHY_CESP;
  if (why) *why = r;
  return r == ALLOC_OK;
}

plam_err alloc_match_init(struct alloc_match *m, int ncand) {
  memset(m, 0, sizeof *m);
  m->ncand = ncand;
  size_t n = (size_t)(ncand > 0 ? ncand : 1);
  m->post = malloc(n * sizeof(int));
  m->group = malloc(n * sizeof(int));
  m->wish = calloc(n, sizeof(int));
  if (!m->post || !m->group || !m->wish) {
    alloc_match_release(m);
    return PLAM_ERR_NOMEM;
  }
  for (int c = 0; c < ncand; c++) m->post[c] = m->group[c] = -1;
  return PLAM_OK;
}

void alloc_match_release(struct alloc_match *m) {
  free(m->post);
  free(m->group);
  free(m->wish);
  m->post = m->group = m->wish = NULL;
}
