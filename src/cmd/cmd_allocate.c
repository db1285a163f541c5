/* plam allocate: runs the allocation engine on a bundle file and writes the
 * result document. The contract (docs/ALLOCATION.md) is stable:
 *   plam allocate --input BUNDLE.json --output RESULT.json
 * "-" reads standard input / writes standard output. Exit codes: 0 success,
 * 2 usage error, 3 invalid bundle (French message naming the field on
 * stderr), 1 runtime failure, including a result the independent checker
 * rejects (the result is still written so it can be examined). The output
 * file is written to a temporary name and renamed, so a reader never sees
 * half a result. */
#include "app/alloc/alloc_run.h"
#include "base/buf.h"
#include "base/error.h"
#include "base/opt.h"
#include "cmd/cmd.h"
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct opt_def allocate_opts[] = {
  {"input", OPT_STRING, NULL, "LOT.json",
   "lot d'entrée (JSON) : algorithme, graine, candidats, postes ; « - » pour l'entrée standard"},
  {"output", OPT_STRING, "-", "RESULTAT.json", "fichier résultat (JSON) ; « - » pour la sortie standard"},
  {"quiet", OPT_FLAG, NULL, NULL, "n'affiche pas le résumé sur la sortie d'erreur"},
  {"no-explanations", OPT_FLAG, NULL, NULL,
   "omet les explications par candidat (résultat plus court, pour les essais rapides)"},
};

const struct opt_cmd allocate_cmd = {
  "allocate",
  "--input LOT.json --output RESULTAT.json",
  "Calcule une affectation (choix des internes par rang, appariement des docteurs juniors, répartition "
  "territoriale) à partir d'un lot JSON, la fait vérifier par un contrôleur indépendant et écrit le résultat "
  "avec une explication pour chaque candidat, la version du moteur et l'empreinte SHA-256 du lot. "
  "Le même lot donne toujours le même fichier résultat, octet pour octet. Format : docs/ALLOCATION.md.",
  allocate_opts,
  (int)(sizeof allocate_opts / sizeof allocate_opts[0]),
  0,
  0,
};

/* Reads a whole file (or stdin for "-") up to max bytes. A regular file is
 * mapped read-only and prefaulted in one call (*mapped = 1: release with
 * munmap), which avoids copying the bundle and faulting its pages one by
 * one; anything else is read into a malloc'd buffer (*mapped = 0). */
static plam_err allocate_read(const char *path, size_t max, char **data, size_t *len, int *mapped, char *err,
                              size_t errlen) {
  FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!f) {
    snprintf(err, errlen, "impossible d'ouvrir le lot « %s » : %s", path, strerror(errno));
    return PLAM_ERR_IO;
  }
  struct stat st;
  *mapped = 0;
  if (f != stdin && fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
      (unsigned long long)st.st_size <= max) {
    void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fileno(f), 0);
    if (m != MAP_FAILED) {
      fclose(f);
      *data = m;
      *len = (size_t)st.st_size;
      *mapped = 1;
      return PLAM_OK;
    }
  }
  size_t cap = 65536, n = 0;
  if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) cap = (size_t)st.st_size + 1;
  if (cap > max + 1) cap = max + 1;
  char *d = malloc(cap + 1);
  plam_err e = d ? PLAM_OK : PLAM_ERR_NOMEM;
  while (!e) {
    if (n == cap) {
      if (cap > max) {
        e = PLAM_ERR_TOO_LARGE;
        break;
      }
      size_t ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
      char *q = realloc(d, ncap + 1);
      if (!q) {
        e = PLAM_ERR_NOMEM;
        break;
      }
      d = q;
      cap = ncap;
    }
    size_t got = fread(d + n, 1, cap - n, f);
    n += got;
    if (got == 0) break;
  }
  if (!e && n > max) e = PLAM_ERR_TOO_LARGE;
  if (!e && ferror(f)) e = PLAM_ERR_IO;
  if (e == PLAM_ERR_IO) snprintf(err, errlen, "erreur de lecture du lot « %s » : %s", path, strerror(errno));
  else if (e == PLAM_ERR_TOO_LARGE) snprintf(err, errlen, "lot « %s » trop volumineux (%zu octets au plus)", path, max);
  else if (e) snprintf(err, errlen, "mémoire insuffisante pour lire le lot");
  if (f != stdin) fclose(f);
  if (e) {
    free(d);
    return e;
  }
  d[n] = '\0';
  *data = d;
  *len = n;
  return PLAM_OK;
}

/* Output: a temporary file next to the target (renamed by allocate_close),
 * or stdout for "-". */
struct allocate_out {
  FILE *f;
  char *tmp; /* NULL for stdout */
  const char *path;
};

static plam_err allocate_open(const char *path, struct allocate_out *o, char *err, size_t errlen) {
  memset(o, 0, sizeof *o);
  o->path = path;
  if (!strcmp(path, "-")) {
    o->f = stdout;
    return PLAM_OK;
  }
  size_t n = strlen(path) + 32;
  o->tmp = malloc(n);
  if (!o->tmp) return PLAM_ERR_NOMEM;
  snprintf(o->tmp, n, "%s.tmp.%ld", path, (long)getpid());
  o->f = fopen(o->tmp, "wb");
  if (!o->f) {
    snprintf(err, errlen, "impossible de créer « %s » : %s", o->tmp, strerror(errno));
    free(o->tmp);
    o->tmp = NULL;
    return PLAM_ERR_IO;
  }
  return PLAM_OK;
}

/* Flushes and, when ok, publishes the file; otherwise removes it. */
static plam_err allocate_close(struct allocate_out *o, int ok, char *err, size_t errlen) {
  plam_err e = PLAM_OK;
  if (!o->f) return PLAM_OK;
  if (!o->tmp) {
    if (fflush(stdout) && ok) {
      snprintf(err, errlen, "erreur d'écriture sur la sortie standard : %s", strerror(errno));
      e = PLAM_ERR_IO;
    }
    o->f = NULL;
    return e;
  }
  int bad = fflush(o->f) != 0;
  bad |= ferror(o->f) != 0;
  bad |= fsync(fileno(o->f)) != 0;
  bad |= fclose(o->f) != 0;
  o->f = NULL;
  if (ok && (bad || rename(o->tmp, o->path))) {
    snprintf(err, errlen, "impossible d'écrire le résultat « %s » : %s", o->path, strerror(errno));
    e = PLAM_ERR_IO;
  }
  if (!ok || e) unlink(o->tmp);
  free(o->tmp);
  o->tmp = NULL;
  return e;
}

int cmd_allocate(int argc, char **argv) {
  struct opt_result o;
  char err[ALLOC_ERRLEN + 64];
  plam_err e = opt_parse(&allocate_cmd, argc, argv, &o, err, sizeof err);
  if (e) {
    fprintf(stderr, "plam allocate : %s\n", err);
    return error_exit_code(e);
  }
  if (o.help) {
    opt_print_help(&allocate_cmd);
    opt_result_release(&o);
    return 0;
  }
  const char *in = opt_get(&o, "input"), *out = opt_get(&o, "output");
  int quiet = opt_get_flag(&o, "quiet"), no_expl = opt_get_flag(&o, "no-explanations");
  if (!in || !*in || !out || !*out) {
    fprintf(stderr, "plam allocate : l'option --input est obligatoire (voir plam allocate --help)\n");
    opt_result_release(&o);
    return error_exit_code(PLAM_ERR_USAGE);
  }
  alloc_tune_malloc(); /* one-shot process: see alloc_run.h */
  char *data = NULL;
  size_t len = 0;
  int mapped = 0;
  struct alloc_run run;
  struct buf res;
  struct allocate_out dst;
  buf_init(&res, (size_t)1 << 24); /* staging only: the result streams to the file */
  memset(&run, 0, sizeof run);
  int ran = 0;
  err[0] = '\0';
  if ((e = allocate_read(in, ALLOC_MAX_BUNDLE_BYTES, &data, &len, &mapped, err, sizeof err))) goto done;
  ran = 1;
  if ((e = alloc_run_bundle(&run, data, len, err, sizeof err))) {
    if (e == PLAM_ERR_TOO_LARGE) e = PLAM_ERR_INVALID; /* oversized input is invalid data: exit 3 */
    goto done;
  }
  run.no_explanations = no_expl;
  run.start_writeback = strcmp(out, "-") != 0; /* allocate_close fsyncs the file */
  if ((e = allocate_open(out, &dst, err, sizeof err))) goto done;
  e = alloc_result_write(&run, &res, dst.f, err, sizeof err);
  plam_err ce = allocate_close(&dst, e == PLAM_OK, err, sizeof err);
  if (!e) e = ce;
  if (e) goto done;
  if (!run.check.ok) {
    snprintf(err, sizeof err,
             "le contrôleur indépendant a rejeté le résultat (%lld anomalie(s), voir « check » dans le résultat) : "
             "c'est une erreur du moteur, merci de la signaler avec le lot",
             run.check.violations);
    e = PLAM_ERR_INTERNAL;
    goto done;
  }
  if (!quiet) {
    int assigned = 0;
    for (int c = 0; c < run.inst.ncand; c++) assigned += run.m.post[c] >= 0;
    fprintf(stderr,
            "plam allocate : %d candidat(s) affecté(s) sur %d, %d poste(s) ; vérification indépendante : conforme%s\n",
            assigned, run.inst.ncand, run.inst.npost,
            run.inst.round == ALLOC_ROUND_SIMULATION ? " (simulation : résultat provisoire)" : "");
  }
done:
  if (e) fprintf(stderr, "plam allocate : %s\n", err[0] ? err : error_message(e));
  if (ran) alloc_run_release(&run);
  buf_release(&res);
  if (mapped) munmap(data, len);
  else free(data);
  opt_result_release(&o);
  return error_exit_code(e);
}
