/* The error table: one row per plam_err, in enum order. This is the only
 * place where HTTP statuses, API error codes and French messages for errors
 * are defined. A static assertion keeps the table in step with the enum. */
#include "base/error.h"
#include <stdio.h>

struct error_row {
  plam_err err;
  int http_status;
  int exit_code;
  const char *code;
  const char *message;
};

static const struct error_row error_table[] = {
  {PLAM_OK, 200, 0, "ok", "Opération réussie."},
  {PLAM_ERR_NOMEM, 503, 1, "out_of_memory", "Le serveur manque de mémoire ; réessayez plus tard."},
  {PLAM_ERR_INVALID, 400, 3, "invalid_input", "Les données envoyées ne sont pas valides."},
  {PLAM_ERR_NOT_FOUND, 404, 3, "not_found", "Ressource introuvable."},
  {PLAM_ERR_CONFLICT, 409, 3, "conflict", "Conflit : la ressource existe déjà ou a été modifiée entre-temps."},
  {PLAM_ERR_UNAUTHENTICATED, 401, 1, "unauthenticated", "Vous devez vous connecter."},
  {PLAM_ERR_BAD_CREDENTIALS, 401, 1, "bad_credentials", "Identifiant ou mot de passe incorrect."},
  {PLAM_ERR_FORBIDDEN, 403, 1, "forbidden", "Vous n'avez pas les droits nécessaires pour cette action."},
  {PLAM_ERR_CSRF, 403, 1, "csrf_failed", "Requête refusée : jeton anti-falsification (CSRF) ou origine invalide."},
  {PLAM_ERR_TOO_LARGE, 413, 3, "too_large", "La requête dépasse la taille autorisée."},
  {PLAM_ERR_METHOD, 405, 2, "method_not_allowed", "Méthode non autorisée pour cette ressource."},
  {PLAM_ERR_MEDIA_TYPE, 415, 2, "unsupported_media_type",
   "Type de contenu non pris en charge : envoyez du JSON (application/json)."},
  {PLAM_ERR_THROTTLED, 429, 1, "too_many_requests", "Trop de tentatives ; patientez avant de réessayer."},
  {PLAM_ERR_DISABLED, 403, 1, "account_disabled", "Ce compte est désactivé."},
  {PLAM_ERR_READ_ONLY, 503, 1, "read_only", "Le serveur est en lecture seule."},
  {PLAM_ERR_BUSY, 503, 1, "busy", "Le serveur est occupé ; réessayez dans un instant."},
  {PLAM_ERR_DB, 500, 1, "database_error", "Erreur de base de données."},
  {PLAM_ERR_IO, 500, 1, "io_error", "Erreur d'entrée-sortie."},
  {PLAM_ERR_USAGE, 400, 2, "usage", "Utilisation incorrecte de la commande."},
  {PLAM_ERR_INTERNAL, 500, 1, "internal_error", "Erreur interne du serveur."},
  {PLAM_ERR_FILE_TYPE, 415, 2, "unsupported_file_type",
   "Type de fichier non pris en charge : envoyez un fichier CSV ou XLSX, selon ce que cet import attend."},
  {PLAM_ERR_TIMEOUT, 408, 1, "request_timeout",
   "La requête n'est pas arrivée entière à temps ; la connexion est fermée."},
  {PLAM_ERR_URI_TOO_LONG, 414, 3, "uri_too_long", "L'adresse demandée est trop longue."},
  {PLAM_ERR_HEADERS_TOO_LARGE, 431, 3, "headers_too_large", "Les en-têtes de la requête sont trop volumineux."},
  {PLAM_ERR_HTTP_VERSION, 505, 2, "http_version_not_supported",
   "Version du protocole HTTP non prise en charge (HTTP/1.0 ou HTTP/1.1 attendu)."},
  {PLAM_ERR_UNVERIFIED, 403, 1, "account_unverified",
   "L'adresse électronique de ce compte n'est pas encore vérifiée : suivez le lien reçu par courriel pour "
   "l'activer. Lien perdu ou expiré ? Demandez-en un nouveau sur la page « Renvoyer le lien de vérification »."},
};

_Static_assert(sizeof error_table / sizeof error_table[0] == PLAM_ERR__COUNT,
               "error_table must have one row per plam_err");

static const struct error_row *error_row_get(plam_err e) {
  if ((unsigned)e >= PLAM_ERR__COUNT) e = PLAM_ERR_INTERNAL;
  return &error_table[e];
}

int error_http_status(plam_err e) { return error_row_get(e)->http_status; }
const char *error_code(plam_err e) { return error_row_get(e)->code; }
const char *error_message(plam_err e) { return error_row_get(e)->message; }
int error_exit_code(plam_err e) { return error_row_get(e)->exit_code; }

void error_wait_message(char *out, size_t n, long long seconds) {
  if (seconds < 1) seconds = 1;
  if (seconds < 120)
    snprintf(out, n, "Trop de tentatives ; réessayez dans %lld seconde%s.", seconds, seconds > 1 ? "s" : "");
  else snprintf(out, n, "Trop de tentatives ; réessayez dans %lld minutes.", (seconds + 59) / 60);
}
