/* French explanations, one per candidate: what they obtained and, for each
 * wish they preferred, why not; and one sentence per post saying who holds
 * its seats. Other candidates appear only by their rank
 * (or their position in the post's ranking when ranks are absent), never by
 * identifier or name. Built once per run from the instance, the strict
 * preferences and the matching. */
#ifndef PLAM_APP_ALLOC_ALLOC_EXPLAIN_H
#define PLAM_APP_ALLOC_ALLOC_EXPLAIN_H
#include "app/alloc/alloc.h"
#include "base/buf.h"

struct alloc_explain {
  const struct alloc_instance *inst;
  const struct alloc_prefs *pr;
  const struct alloc_match *m;
  int *okey;          /* per assigned candidate: the post's strict key for them */
  int *occ_off, *occ; /* occupants of each post, best key first */
  int *grp_of_occ;    /* parallel to occ: reserved group or -1 */
  long long *oprio;   /* per assigned candidate: original priority at their post */
  int all_ranked;     /* every candidate has a rank */
  char *head;         /* per post: the candidate-independent start of a "seats taken" line,
                           then the post's id JSON-escaped */
  size_t *head_off;   /* npost + 1 offsets into head: where each post's start of line begins */
  size_t *id_off;     /* per post: where its escaped id begins (it ends at head_off[p + 1]) */
  int *last;          /* per post: its holder that comes last in its priority (-1: none) */
  int *max_sen;       /* per post: largest seniority among its holders */
};

plam_err alloc_explain_init(struct alloc_explain *x, const struct alloc_instance *inst, const struct alloc_prefs *pr,
                            const struct alloc_match *m);
void alloc_explain_release(struct alloc_explain *x);
/* Writes candidate c's explanation into out (cleared first): the summary
 * line, then one line per preferred wish, separated by '\n'. */
plam_err alloc_explain_candidate(const struct alloc_explain *x, int c, struct buf *out);
/* Appends candidate c's record of the result's "explanations" array to out:
 * {"candidate": id, "summary": first line, "details": [other lines]}, with
 * the same text as alloc_explain_candidate, JSON-escaped. */
plam_err alloc_explain_record_json(const struct alloc_explain *x, int c, struct buf *out);
/* Appends post p's sentence, as a JSON string, to out: how many of its
 * seats were filled and who holds them, by rank (or by position in its
 * ranking), e.g. "3 places pourvues sur 3 : rangs 12, 40, 41". The
 * candidates' lines refer to it without repeating it. */
plam_err alloc_explain_post_json(const struct alloc_explain *x, int p, struct buf *out);

#endif
