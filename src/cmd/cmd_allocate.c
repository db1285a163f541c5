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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct opt_def allocate_opts[] = {
  {"input", OPT_STRING, NULL, "LOT.json", "lot d'entrée (JSON) : algorithme, graine, candidats, postes ; « - » pour l'entrée standard"},
  {"output", OPT_STRING, "-", "RESULTAT.json", "fichier résultat (JSON) ; « - » pour la sortie standard"},
  {"quiet", OPT_FLAG, NULL, NULL, "n'affiche pas le résumé sur la sortie d'erreur"},
};

static const struct opt_cmd allocate_cmd = {
  "allocate", "--input LOT.json --output RESULTAT.json",
  "Calcule une affectation (choix des internes par rang, appariement des docteurs juniors, répartition "
  "territoriale) à partir d'un lot JSON, la fait vérifier par un contrôleur indépendant et écrit le résultat "
  "avec une explication pour chaque candidat, la version du moteur et l'empreinte SHA-256 du lot. "
  "Le même lot donne toujours le même fichier résultat, octet pour octet. Format : docs/ALLOCATION.md.",
  allocate_opts, (int)(sizeof allocate_opts / sizeof allocate_opts[0]), 0, 0,
};

/* Reads a whole file (or stdin for "-") up to max bytes. */
static plam_err allocate_read(const char *path, size_t max, char **data, size_t *len, char *err, size_t errlen) {
  FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!f) {
    snprintf(err, errlen, "impossible d'ouvrir le lot « %s » : %s", path, strerror(errno));
    return PLAM_ERR_IO;
  }
  struct buf b;
  buf_init(&b, max);
  char chunk[65536];
  size_t n;
  plam_err e = PLAM_OK;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    if ((e = buf_append(&b, chunk, n))) break;
  if (!e && ferror(f)) {
    snprintf(err, errlen, "erreur de lecture du lot « %s » : %s", path, strerror(errno));
    e = PLAM_ERR_IO;
  } else if (e == PLAM_ERR_TOO_LARGE) {
    snprintf(err, errlen, "lot « %s » trop volumineux (%zu octets au plus)", path, max);
  } else if (e) {
    snprintf(err, errlen, "mémoire insuffisante pour lire le lot");
  }
  if (f != stdin) fclose(f);
  if (e) {
    buf_release(&b);
    return e;
  }
  if (!b.data) buf_append(&b, "", 0);
  *data = buf_detach(&b, len);
  if (!*data) {
    snprintf(err, errlen, "mémoire insuffisante pour lire le lot");
    return PLAM_ERR_NOMEM;
  }
  return PLAM_OK;
}

/* Writes data to path atomically (temporary file + rename), or stdout. */
static plam_err allocate_write(const char *path, const char *data, size_t len, char *err, size_t errlen) {
  if (!strcmp(path, "-")) {
    if (fwrite(data, 1, len, stdout) != len || fflush(stdout)) {
      snprintf(err, errlen, "erreur d'écriture sur la sortie standard : %s", strerror(errno));
      return PLAM_ERR_IO;
    }
    return PLAM_OK;
  }
  size_t n = strlen(path) + 32;
  char *tmp = malloc(n);
  if (!tmp) return PLAM_ERR_NOMEM;
  snprintf(tmp, n, "%s.tmp.%ld", path, (long)getpid());
  FILE *f = fopen(tmp, "wb");
  if (!f) {
    snprintf(err, errlen, "impossible de créer « %s » : %s", tmp, strerror(errno));
    free(tmp);
    return PLAM_ERR_IO;
  }
  int bad = fwrite(data, 1, len, f) != len;
  bad |= fflush(f) != 0;
  bad |= fsync(fileno(f)) != 0;
  bad |= fclose(f) != 0;
  if (bad || rename(tmp, path)) {
    snprintf(err, errlen, "impossible d'écrire le résultat « %s » : %s", path, strerror(errno));
    unlink(tmp);
    free(tmp);
    return PLAM_ERR_IO;
  }
  free(tmp);
  return PLAM_OK;
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
  int quiet = opt_get_flag(&o, "quiet");
  if (!in || !*in || !out || !*out) {
    fprintf(stderr, "plam allocate : l'option --input est obligatoire (voir plam allocate --help)\n");
    opt_result_release(&o);
    return error_exit_code(PLAM_ERR_USAGE);
  }
  char *data = NULL;
  size_t len = 0;
  struct alloc_run run;
  struct buf res;
  buf_init(&res, (size_t)1 << 31);
  memset(&run, 0, sizeof run);
  int ran = 0;
  err[0] = '\0';
  if ((e = allocate_read(in, ALLOC_MAX_BUNDLE_BYTES, &data, &len, err, sizeof err))) goto done;
  ran = 1;
  if ((e = alloc_run_bundle(&run, data, len, err, sizeof err))) {
    if (e == PLAM_ERR_TOO_LARGE) e = PLAM_ERR_INVALID; /* oversized input is invalid data: exit 3 */
    goto done;
  }
  if ((e = alloc_result_write(&run, &res, err, sizeof err))) goto done;
  if ((e = allocate_write(out, res.data, res.len, err, sizeof err))) goto done;
  if (!run.check.ok) {
    snprintf(err, sizeof err, "le contrôleur indépendant a rejeté le résultat (%lld anomalie(s), voir « check » dans le résultat) : "
             "c'est une erreur du moteur, merci de la signaler avec le lot", run.check.violations);
    e = PLAM_ERR_INTERNAL;
    goto done;
  }
  if (!quiet) {
    int assigned = 0;
    for (int c = 0; c < run.inst.ncand; c++) assigned += run.m.post[c] >= 0;
    fprintf(stderr, "plam allocate : %d candidat(s) affecté(s) sur %d, %d poste(s) ; vérification indépendante : conforme%s\n",
            assigned, run.inst.ncand, run.inst.npost,
            run.inst.round == ALLOC_ROUND_SIMULATION ? " (simulation : résultat provisoire)" : "");
  }
done:
  if (e) fprintf(stderr, "plam allocate : %s\n", err[0] ? err : error_message(e));
  if (ran) alloc_run_release(&run);
  buf_release(&res);
  free(data);
  opt_result_release(&o);
  return error_exit_code(e);
}
