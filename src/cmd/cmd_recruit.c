/* plam recruit rank: runs the recruitment matching engine on a bundle file
 * and writes the result document (docs/RECRUITMENT.md):
 *   plam recruit rank --input BUNDLE.json --output RESULT.json
 * "-" reads standard input / writes standard output. Exit codes: 0 success,
 * 2 usage error, 3 invalid bundle (French message naming the field by its
 * JSON path on stderr, no result file), 1 runtime failure. The output is
 * written to a temporary name and renamed, so a reader never sees half a
 * result. */
#include "app/recruit/recruit.h"
#include "base/buf.h"
#include "base/error.h"
#include "base/opt.h"
#include "cmd/cmd.h"
#include "cmd/cmd_util.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct opt_def recruit_opts[] = {
  {"input", OPT_STRING, NULL, "LOT.json",
   "lot d'entrée (JSON) : règles, besoin, candidats, limite ; « - » pour l'entrée standard"},
  {"output", OPT_STRING, "-", "RESULTAT.json", "fichier résultat (JSON) ; « - » pour la sortie standard"},
  {"quiet", OPT_FLAG, NULL, NULL, "n'affiche pas le résumé sur la sortie d'erreur"},
};

static const struct opt_cmd recruit_cmd = {
  "recruit",
  "rank --input LOT.json --output RESULTAT.json",
  "Classe les candidats pour un besoin de recrutement (rank) à partir d'un lot JSON : applique les règles "
  "impératives dans cet ordre — profession, qualification valide à la date de chaque créneau, disponibilité, "
  "distance, vivier commun, chevauchement avec une mission confirmée, 48 h au plus sur 7 jours glissants, "
  "11 h de repos au moins, 12 h au plus par créneau (limites réglables dans le lot) — puis classe les "
  "candidats éligibles par distance, missions passées dans l'établissement, fiabilité et équité, chacun avec "
  "ses raisons ; chaque candidat écarté l'est avec la règle qui l'écarte et une explication chiffrée. Le même "
  "lot donne toujours le même fichier résultat, octet pour octet. Format : docs/RECRUITMENT.md.",
  recruit_opts,
  (int)(sizeof recruit_opts / sizeof recruit_opts[0]),
  1,
  1,
};

static plam_err recruit_read(const char *path, char **data, size_t *len, char *err, size_t errlen) {
  FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!f) {
    snprintf(err, errlen, "impossible d'ouvrir le lot « %.300s » : %s", path, strerror(errno));
    return PLAM_ERR_IO;
  }
  struct buf b;
  buf_init(&b, RECRUIT_MAX_BUNDLE_BYTES);
  char chunk[65536];
  plam_err e = PLAM_OK;
  size_t got;
  while (!e && (got = fread(chunk, 1, sizeof chunk, f)) > 0) e = buf_append(&b, chunk, got);
  if (!e && ferror(f)) e = PLAM_ERR_IO;
  if (f != stdin) fclose(f);
  if (e == PLAM_ERR_TOO_LARGE)
    snprintf(err, errlen, "lot « %.300s » trop volumineux (%u octets au plus)", path, RECRUIT_MAX_BUNDLE_BYTES);
  else if (e == PLAM_ERR_IO) snprintf(err, errlen, "erreur de lecture du lot « %.300s »", path);
  else if (e) snprintf(err, errlen, "mémoire insuffisante pour lire le lot");
  if (e) {
    buf_release(&b);
    return e;
  }
  *data = buf_detach(&b, len);
  if (!*data) *data = calloc(1, 1);
  return *data ? PLAM_OK : PLAM_ERR_NOMEM;
}

/* Writes all bytes to path through a temporary file renamed on success. */
static plam_err recruit_write(const char *path, const struct buf *res, char *err, size_t errlen) {
  if (!strcmp(path, "-")) {
    if (fwrite(res->data, 1, res->len, stdout) != res->len || fflush(stdout)) {
      snprintf(err, errlen, "erreur d'écriture sur la sortie standard : %s", strerror(errno));
      return PLAM_ERR_IO;
    }
    return PLAM_OK;
  }
  char tmp[4096];
  if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= sizeof tmp) {
    snprintf(err, errlen, "chemin du résultat trop long");
    return PLAM_ERR_USAGE;
  }
  FILE *f = fopen(tmp, "wb");
  if (!f) {
    snprintf(err, errlen, "impossible de créer « %.300s » : %s", tmp, strerror(errno));
    return PLAM_ERR_IO;
  }
  int bad = fwrite(res->data, 1, res->len, f) != res->len;
  bad |= fflush(f) != 0;
  bad |= fsync(fileno(f)) != 0;
  bad |= fclose(f) != 0;
  if (bad || rename(tmp, path)) {
    snprintf(err, errlen, "impossible d'écrire le résultat « %.300s » : %s", path, strerror(errno));
    unlink(tmp);
    return PLAM_ERR_IO;
  }
  return PLAM_OK;
}

int cmd_recruit(int argc, char **argv) {
  struct opt_result o;
  int rc = cmd_parse(&recruit_cmd, argc, argv, &o);
  if (rc >= 0) return rc;
  const char *in = opt_get(&o, "input"), *out = opt_get(&o, "output");
  if (strcmp(o.positional[0], "rank")) {
    fprintf(stderr, "plam recruit : action inconnue « %s » (seule « rank » existe ; voir plam recruit --help)\n",
            o.positional[0]);
    opt_result_release(&o);
    return error_exit_code(PLAM_ERR_USAGE);
  }
  if (!in || !*in || !out || !*out) {
    fprintf(stderr, "plam recruit rank : l'option --input est obligatoire (voir plam recruit --help)\n");
    opt_result_release(&o);
    return error_exit_code(PLAM_ERR_USAGE);
  }
  char err[RECRUIT_ERRLEN + 64] = "";
  char *data = NULL;
  size_t len = 0;
  struct recruit_bundle b;
  struct recruit_result r;
  struct buf res;
  memset(&b, 0, sizeof b);
  memset(&r, 0, sizeof r);
  buf_init(&res, (size_t)1 << 30);
  plam_err e = recruit_read(in, &data, &len, err, sizeof err);
  if (!e && (e = recruit_bundle_read(&b, data, len, err, sizeof err)) == PLAM_ERR_TOO_LARGE)
    e = PLAM_ERR_INVALID; /* oversized input is invalid data: exit 3 */
  if (!e && (e = recruit_rank(&b, &r))) snprintf(err, sizeof err, "échec du classement : %s", error_message(e));
  if (!e && (e = recruit_result_write(&b, &r, &res)))
    snprintf(err, sizeof err, "échec de l'écriture du résultat : %s", error_message(e));
  if (!e) e = recruit_write(out, &res, err, sizeof err);
  if (!e && !opt_get_flag(&o, "quiet"))
    fprintf(stderr, "plam recruit rank : %d candidat(s) classé(s), %d écarté(s) sur %d\n", r.nranked, r.nexcluded,
            b.ncand);
  if (e) fprintf(stderr, "plam recruit rank : %s\n", err[0] ? err : error_message(e));
  recruit_result_release(&r);
  recruit_bundle_release(&b);
  buf_release(&res);
  free(data);
  opt_result_release(&o);
  return error_exit_code(e);
}
