/* The committee workbook (see committee.h): a data sheet "Valeurs" with one
 * row per (action, indicator) of the committee's territory, the protected
 * identification and known-value columns (A to O) followed by the three
 * editable columns (P to R, unlocked and shaded), and a second sheet that
 * explains how to fill it. libxlsxwriter 1.1.4 only writes files, so the
 * workbook goes through a private temporary file that is read back and
 * removed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "app/committee/committee.h"
#include "fmt/xlsx_write.h"

static const char *const guide[] = {
  "Mode d'emploi du classeur de comité territorial",
  "",
  "1. Ne modifiez pas les colonnes A à O (identifiants, action, indicateur, valeurs connues) : elles sont protégées "
  "et vérifiées au dépôt. Toute cellule modifiée y est signalée comme une erreur.",
  "2. Pour chaque indicateur dont vous avez une nouvelle valeur, remplissez « Nouvelle valeur » (nombre), "
  "« Date de la nouvelle valeur » (JJ/MM/AAAA, fin de la période couverte) et, si besoin, « Commentaire ».",
  "3. Laissez vides les lignes sans nouvelle valeur. N'ajoutez ni ligne ni colonne.",
  "4. Déposez le classeur rempli sur la page « Comités territoriaux » : les différences s'affichent cellule par "
  "cellule, puis un pilote ou l'équipe du plan les approuve ; les valeurs sont alors proposées à la validation.",
  "",
  "Si les valeurs connues ont changé entre le téléchargement et le dépôt, le dépôt est signalé en erreur : "
  "téléchargez un classeur à jour.",
};

static void write_rows(struct xlsx_writer *w, const struct committee_row *rows, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const struct committee_row *r = &rows[i];
    uint32_t y = (uint32_t)i + 1;
    xlsx_writer_number(w, y, CC_ACTION_ID, (double)r->action_id, XLSX_FMT_GENERAL);
    xlsx_writer_number(w, y, CC_INDICATOR_ID, (double)r->indicator_id, XLSX_FMT_GENERAL);
    xlsx_writer_text(w, y, CC_TERRITORY, r->territory);
    xlsx_writer_text(w, y, CC_ACTION_NUMBER, r->action_number);
    xlsx_writer_text(w, y, CC_ACTION_TITLE, r->action_title);
    xlsx_writer_text(w, y, CC_INDICATOR_CODE, r->indicator_code);
    xlsx_writer_text(w, y, CC_INDICATOR_NAME, r->indicator_name);
    xlsx_writer_text(w, y, CC_UNIT, r->unit);
    xlsx_writer_text(w, y, CC_REF_TERRITORY, r->ref_territory);
    if (r->has_baseline) xlsx_writer_number(w, y, CC_BASELINE, r->baseline, XLSX_FMT_GENERAL);
    xlsx_writer_date(w, y, CC_BASELINE_ON, r->baseline_on);
    if (r->has_target) xlsx_writer_number(w, y, CC_TARGET, r->target, XLSX_FMT_GENERAL);
    xlsx_writer_date(w, y, CC_TARGET_ON, r->target_on);
    if (r->has_last) xlsx_writer_number(w, y, CC_LAST, r->last, XLSX_FMT_GENERAL);
    xlsx_writer_date(w, y, CC_LAST_ON, r->last_on);
  }
}

plam_err committee_book_write(const char *title, const struct committee_row *rows, size_t n, char **out,
                              size_t *out_len) {
  *out = NULL;
  *out_len = 0;
  const char *dir = getenv("TMPDIR");
  char path[512];
  snprintf(path, sizeof path, "%s/plam-comite-XXXXXX", dir && *dir ? dir : "/tmp");
  int fd = mkstemp(path);
  if (fd < 0) return PLAM_ERR_IO;
  close(fd);
  struct xlsx_writer *w;
  plam_err e = xlsx_writer_open(path, &w);
  if (!e) {
    xlsx_writer_properties(w, title, "plam");
    xlsx_writer_sheet(w, COMMITTEE_SHEET, NULL, 0);
    xlsx_writer_header(w, 0, committee_headers, CC__N);
    xlsx_writer_col_width(w, CC_ACTION_ID, CC_TERRITORY, 10);
    xlsx_writer_col_width(w, CC_ACTION_NUMBER, CC_ACTION_NUMBER, 8);
    xlsx_writer_col_width(w, CC_ACTION_TITLE, CC_ACTION_TITLE, 40);
    xlsx_writer_col_width(w, CC_INDICATOR_CODE, CC_INDICATOR_CODE, 18);
    xlsx_writer_col_width(w, CC_INDICATOR_NAME, CC_INDICATOR_NAME, 40);
    xlsx_writer_col_width(w, CC_UNIT, CC_LAST_ON, 13);
    xlsx_writer_editable_cols(w, CC_NEW_VALUE, CC_NEW_ON, 16);
    xlsx_writer_editable_cols(w, CC_COMMENT, CC_COMMENT, 40);
    write_rows(w, rows, n);
    xlsx_writer_protect(w);
    xlsx_writer_sheet(w, "Mode d'emploi", NULL, 0);
    xlsx_writer_col_width(w, 0, 0, 120);
    for (size_t i = 0; i < sizeof guide / sizeof guide[0]; i++) xlsx_writer_text(w, (uint32_t)i, 0, guide[i]);
    e = xlsx_writer_close(w);
  }
  if (!e) {
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) || st.st_size <= 0 || st.st_size > (off_t)256 << 20) e = PLAM_ERR_IO;
    else if (!(*out = malloc((size_t)st.st_size))) e = PLAM_ERR_NOMEM;
    else if (fread(*out, 1, (size_t)st.st_size, f) != (size_t)st.st_size) e = PLAM_ERR_IO;
    else *out_len = (size_t)st.st_size;
    if (f) fclose(f);
    if (e) {
      free(*out);
      *out = NULL;
    }
  }
  unlink(path);
  return e;
}
