/* Explanation properties on random instances (ties, reserved seats,
 * eligibility, both algorithms): one line per preferred wish, in wish order,
 * each naming its wish number and post; a reason on every line; never the
 * identifier of another candidate; the figures of a "seats taken" line (last
 * admitted, the candidate's own position) and of each post's sentence
 * recomputed here from the instance and the matching. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "test_alloc_gen.h"
#include "app/alloc/alloc_check.h"
#include "app/alloc/alloc_explain.h"
#include <jansson.h>

static int count_lines(const char *s) {
  int n = 1;
  for (; *s; s++) n += *s == '\n';
  return n;
}

static void test_explanations_cover_every_preferred_wish(void **state) {
  (void)state;
  uint64_t s = 77;
  long long lines_seen = 0;
  for (int it = 0; it < 1500; it++) {
    struct gen_opts o;
    memset(&o, 0, sizeof o);
    o.shape = (enum gen_shape)(it % GEN_SHAPES);
    o.ncand = gen_int(&s, 30);
    o.npost = 1 + gen_int(&s, 10);
    o.maxwish = 1 + gen_int(&s, 6);
    o.tie_pct = it % 3 ? 25 : 0;
    o.reserves = it % 2;
    o.eligibility = it % 4 == 0;
    o.unranked_pct = 10;
    o.algorithm = it % 5 == 0 ? ALLOC_SERIAL_DICTATORSHIP : ALLOC_DEFERRED_ACCEPTANCE;
    struct alloc_instance inst;
    gen_instance(&inst, gen_next(&s), &o);
    if (it % 7 == 3) inst.round = ALLOC_ROUND_SIMULATION;
    struct alloc_prefs pr;
    struct alloc_match m;
    char err[128];
    assert_int_equal(alloc_prefs_build(&inst, &pr), PLAM_OK);
    assert_int_equal(alloc_match_init(&m, inst.ncand), PLAM_OK);
    assert_int_equal(alloc_solve(&inst, &pr, &m, err, sizeof err), PLAM_OK);
    struct alloc_explain x;
    assert_int_equal(alloc_explain_init(&x, &inst, &pr, &m), PLAM_OK);
    struct buf b;
    buf_init(&b, 1 << 20);
    for (int c = 0; c < inst.ncand; c++) {
      assert_int_equal(alloc_explain_candidate(&x, c, &b), PLAM_OK);
      const struct alloc_cand *cd = &inst.cand[c];
      int p = m.post[c], gotg = p >= 0 ? m.wish[c] - 1 : 1 << 30, gotpos = 1 << 30, expected = 1;
      for (int k = cd->wish_off; k < cd->wish_off + cd->nwish; k++)
        if (inst.wish_post[k] == p) gotpos = pr.wish_pos[k];
      for (int k = cd->wish_off; k < cd->wish_off + cd->nwish; k++) {
        int g = inst.wish_group[k];
        if (inst.wish_post[k] == p || g > gotg) continue;
        if (g < gotg || (pr.wish_pos[k] >= 0 && pr.wish_pos[k] < gotpos)) expected++;
      }
      const char *text = b.data;
      if (count_lines(text) != expected)
        fail_msg("instance %d candidate %d: %d lines, expected %d:\n%s", it, c, count_lines(text), expected, text);
      if (inst.round == ALLOC_ROUND_SIMULATION) assert_true(!strncmp(text, "Simulation (résultat provisoire) : ", 36));
      if (p >= 0) assert_non_null(strstr(text, "affecté(e) au poste"));
      /* every detail line: "vœu N (pid)" then " : " and a reason */
      for (const char *l = strchr(text, '\n'); l; l = strchr(l + 1, '\n')) {
        int w;
        char pid[32];
        assert_int_equal(sscanf(l + 1, "vœu %d (%31[^)])", &w, pid), 2);
        assert_true(w >= 1 && w <= cd->nwish);
        assert_non_null(strstr(l, ") : ") ? strstr(l, ") : ") : strstr(l, "ex aequo : "));
        lines_seen++;
      }
      /* no other candidate named: ids are "c<number>" */
      for (const char *q = strstr(text, "c"); q; q = strstr(q + 1, "c")) {
        if (q[1] < '0' || q[1] > '9') continue;
        if (q > text && ((q[-1] >= 'a' && q[-1] <= 'z') || (q[-1] >= '0' && q[-1] <= '9'))) continue;
        fail_msg("explanation names a candidate id: %s", text);
      }
    }
    buf_release(&b);
    alloc_explain_release(&x);
    alloc_match_release(&m);
    alloc_prefs_release(&pr);
    alloc_instance_release(&inst);
  }
  assert_true(lines_seen > 3000);
}

/* The result's JSON record of a candidate (alloc_explain_record_json, what
 * the writer streams) carries exactly the text of alloc_explain_candidate:
 * the id, the first line as summary and the other lines as details, with
 * bundle strings (post ids with quotes, backslashes, accents; tag names)
 * escaped so that a JSON parser gives them back unchanged. */
static void test_record_json_matches_text(void **state) {
  (void)state;
  static const char *const odd[] = {"p\"q", "p\\b", "poste é", "p/1", "p\"\\\"", "x"};
  uint64_t s = 4242;
  long long details = 0;
  for (int it = 0; it < 400; it++) {
    struct gen_opts o;
    memset(&o, 0, sizeof o);
    o.shape = (enum gen_shape)(it % GEN_SHAPES);
    o.ncand = 1 + gen_int(&s, 25);
    o.npost = 1 + gen_int(&s, 8);
    o.maxwish = 1 + gen_int(&s, 6);
    o.tie_pct = it % 2 ? 30 : 0;
    o.reserves = it % 3 == 0;
    o.eligibility = it % 4 == 1;
    o.unranked_pct = 10;
    o.algorithm = it % 5 == 0 ? ALLOC_SERIAL_DICTATORSHIP : ALLOC_DEFERRED_ACCEPTANCE;
    struct alloc_instance inst;
    gen_instance(&inst, gen_next(&s), &o);
    char pid[64];
    for (int p = 0; p < inst.npost; p++) {
      snprintf(pid, sizeof pid, "%s%d", odd[p % 6], p);
      inst.post[p].id = arena_strdup(&inst.arena, pid);
    }
    for (int t = 0; t < inst.ntag; t++) inst.tag_name[t] = t % 2 ? "cat\"é" : "sub\\d";
    if (it % 7 == 2) inst.round = ALLOC_ROUND_SIMULATION;
    struct alloc_prefs pr;
    struct alloc_match m;
    char err[128];
    assert_int_equal(alloc_prefs_build(&inst, &pr), PLAM_OK);
    assert_int_equal(alloc_match_init(&m, inst.ncand), PLAM_OK);
    assert_int_equal(alloc_solve(&inst, &pr, &m, err, sizeof err), PLAM_OK);
    struct alloc_explain x;
    assert_int_equal(alloc_explain_init(&x, &inst, &pr, &m), PLAM_OK);
    struct buf text, rec;
    buf_init(&text, 1 << 20);
    buf_init(&rec, 1 << 20);
    for (int c = 0; c < inst.ncand; c++) {
      assert_int_equal(alloc_explain_candidate(&x, c, &text), PLAM_OK);
      buf_clear(&rec);
      assert_int_equal(buf_append_str(&rec, "x"), PLAM_OK); /* appends after what is there */
      assert_int_equal(alloc_explain_record_json(&x, c, &rec), PLAM_OK);
      assert_int_equal(rec.data[0], 'x');
      json_error_t je;
      json_t *doc = json_loadb(rec.data + 1, rec.len - 1, JSON_REJECT_DUPLICATES, &je);
      if (!doc) fail_msg("invalid record (%s): %s", je.text, rec.data + 1);
      assert_string_equal(json_string_value(json_object_get(doc, "candidate")), inst.cand[c].id);
      json_t *det = json_object_get(doc, "details");
      assert_true(json_is_array(det));
      assert_int_equal(json_object_size(doc), 3);
      /* rebuild the text from the record */
      struct buf back;
      buf_init(&back, 1 << 20);
      assert_int_equal(buf_append_str(&back, json_string_value(json_object_get(doc, "summary"))), PLAM_OK);
      for (size_t i = 0; i < json_array_size(det); i++) {
        assert_int_equal(buf_append_str(&back, "\n"), PLAM_OK);
        assert_int_equal(buf_append_str(&back, json_string_value(json_array_get(det, i))), PLAM_OK);
        details++;
      }
      assert_string_equal(back.data, text.data);
      buf_release(&back);
      json_decref(doc);
    }
    buf_release(&text);
    buf_release(&rec);
    alloc_explain_release(&x);
    alloc_match_release(&m);
    alloc_prefs_release(&pr);
    alloc_instance_release(&inst);
  }
  assert_true(details > 500);
}

/* Position (ranking group + 1) of candidate c in post p's ranking, 0 if absent. */
static long long ranking_pos(const struct alloc_instance *inst, int p, int c) {
  const struct alloc_post *po = &inst->post[p];
  for (int k = po->rank_off; k < po->rank_off + po->nrank; k++)
    if (inst->rank_cand[k] == c) return inst->rank_group[k] + 1;
  return 0;
}

/* Serial-dictatorship priority, larger = later (seniority first, then rank). */
static long long sd_prio(const struct alloc_instance *inst, int c) {
  return (long long)(ALLOC_MAX_SENIORITY - inst->cand[c].seniority) * (ALLOC_MAX_RANK + 2) + inst->cand[c].rank;
}

/* Every "seats taken" line gives the post's last admitted and the
 * candidate's own position as the instance and the matching have them: in
 * deferred acceptance the candidate is never ranked before the last
 * admitted unless a reserved seat explains it, and is tied with them only
 * when the line says the lottery decided; in serial dictatorship the ranks
 * are the exam ranks. Each post's sentence counts its filled seats. */
static void test_seats_taken_figures(void **state) {
  (void)state;
  uint64_t s = 991;
  long long checked = 0, posts_checked = 0;
  for (int it = 0; it < 800; it++) {
    struct gen_opts o;
    memset(&o, 0, sizeof o);
    o.shape = (enum gen_shape)(it % GEN_SHAPES);
    o.ncand = 2 + gen_int(&s, 30);
    o.npost = 1 + gen_int(&s, 6);
    o.maxwish = 1 + gen_int(&s, 5);
    o.tie_pct = it % 2 ? 30 : 0;
    o.reserves = it % 3 == 0;
    o.unranked_pct = 10;
    o.algorithm = it % 4 == 0 ? ALLOC_SERIAL_DICTATORSHIP : ALLOC_DEFERRED_ACCEPTANCE;
    struct alloc_instance inst;
    gen_instance(&inst, gen_next(&s), &o);
    struct alloc_prefs pr;
    struct alloc_match m;
    char err[128];
    assert_int_equal(alloc_prefs_build(&inst, &pr), PLAM_OK);
    assert_int_equal(alloc_match_init(&m, inst.ncand), PLAM_OK);
    assert_int_equal(alloc_solve(&inst, &pr, &m, err, sizeof err), PLAM_OK);
    int sd = inst.algorithm == ALLOC_SERIAL_DICTATORSHIP;
    struct alloc_explain x;
    assert_int_equal(alloc_explain_init(&x, &inst, &pr, &m), PLAM_OK);
    struct buf b;
    buf_init(&b, 1 << 20);
    for (int p = 0; p < inst.npost; p++) {
      int filled = 0;
      for (int c = 0; c < inst.ncand; c++) filled += m.post[c] == p;
      buf_clear(&b);
      assert_int_equal(alloc_explain_post_json(&x, p, &b), PLAM_OK);
      json_error_t je;
      json_t *v = json_loadb(b.data, b.len, JSON_DECODE_ANY, &je);
      assert_true(json_is_string(v));
      const char *t = json_string_value(v);
      int n = -1, seats = -1;
      if (sscanf(t, "%d place", &n) == 1) {
        assert_non_null(strstr(t, " sur "));
        seats = atoi(strstr(t, " sur ") + 5);
        assert_int_equal(n, filled);
        assert_int_equal(seats, inst.post[p].seats);
      } else if (!strncmp(t, "aucune place pourvue sur ", 25)) {
        assert_int_equal(filled, 0);
        assert_int_equal(atoi(t + 25), inst.post[p].seats);
      } else {
        assert_int_equal(inst.post[p].seats, 0);
      }
      json_decref(v);
      posts_checked++;
    }
    for (int c = 0; c < inst.ncand; c++) {
      assert_int_equal(alloc_explain_candidate(&x, c, &b), PLAM_OK);
      for (const char *l = strchr(b.data, '\n'); l; l = strchr(l + 1, '\n')) {
        int w;
        char pid[32];
        assert_int_equal(sscanf(l + 1, "vœu %d (%31[^)])", &w, pid), 2);
        const char *fig = strstr(l, sd ? "admis rang " : "admis classé ");
        const char *eol = strchr(l + 1, '\n');
        if (!fig || (eol && fig > eol)) continue;
        int p = -1;
        for (int q = 0; q < inst.npost; q++)
          if (!strcmp(inst.post[q].id, pid)) p = q;
        assert_true(p >= 0);
        long long last = -1, lastv = 0, mine, lastfig, minefig;
        for (int h = 0; h < inst.ncand; h++) {
          if (m.post[h] != p) continue;
          long long v = sd ? sd_prio(&inst, h) : ranking_pos(&inst, p, h);
          if (v > last) {
            last = v;
            lastv = sd ? inst.cand[h].rank : v;
          }
        }
        mine = sd ? sd_prio(&inst, c) : ranking_pos(&inst, p, c);
        if (sd) assert_int_equal(sscanf(fig, "admis rang %lld, vous rang %lld", &lastfig, &minefig), 2);
        else assert_int_equal(sscanf(fig, "admis classé %lld%*[er], vous %lld", &lastfig, &minefig), 2);
        assert_int_equal(lastfig, lastv);
        assert_int_equal(minefig, sd ? inst.cand[c].rank : mine);
        size_t len = eol ? (size_t)(eol - l) : strlen(l);
        char line[1024];
        snprintf(line, sizeof line, "%.*s", (int)(len < 1000 ? len : 1000), l + 1);
        int tie = strstr(line, "à égalité avec vous") != NULL, res = strstr(line, "réservée") != NULL;
        if (mine < last && !res) fail_msg("ranked before the last admitted, no reserved seat: %s", line);
        if (mine == last && !tie && !res) fail_msg("tied with the last admitted, no lottery note: %s", line);
        checked++;
      }
    }
    buf_release(&b);
    alloc_explain_release(&x);
    alloc_match_release(&m);
    alloc_prefs_release(&pr);
    alloc_instance_release(&inst);
  }
  assert_true(checked > 1000);
  assert_true(posts_checked > 1000);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_explanations_cover_every_preferred_wish),
    cmocka_unit_test(test_record_json_matches_text),
    cmocka_unit_test(test_seats_taken_figures),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
