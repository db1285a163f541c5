/* FINESS numbers and the FINESS extract reader: see estab_finess.h and
 * estab.h (estab_finess_check). */
#include "app/estab/estab_finess.h"
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "app/estab/estab.h"
#include "app/geo/geo.h"
#include "base/utf8.h"
#include "fmt/csv.h"

/* The check key. A FINESS number is 9 characters: the département (2
 * digits, or 2A/2B in Corsica; 97 and 98 overseas, the third character then
 * being the département's last digit), 6 digits of sequence, and a check key,
 * the 9th character, chosen so that the whole number passes the Luhn
 * ("modulus 10") check: from the right, every second digit is doubled (9
 * subtracted when over 9) and the sum of all digits is a multiple of 10 —
 * the rule of SIREN numbers (varoclier-avocats.com, "Demander le Luhn",
 * describes it on the SIREN); no official text on the FINESS key was found
 * with the search tool, so the rule was checked on real numbers instead: the
 * 23 CHU numbers (EJ) listed in public repositories (440000289 CHU de Nantes,
 * 310781406 CHU de Toulouse, 490000031, 750712184…) and
 * 980501506, 980501498 (Mayotte, extract lines quoted in a public test
 * suite) all pass it, and changing any one digit of any of them fails it;
 * see tests/unit/app/estab/test_finess.c. The sources found do not say how
 * the letters of a Corsican number (2A, 2B) enter the key: for those the
 * format is checked and the key is not (docs/ARCHITECTURE.md, Decisions). */
static int luhn_ok(const char *s) {
  int sum = 0;
  for (int i = 8, k = 0; i >= 0; i--, k++) {
    int d = s[i] - '0';
    if (k % 2) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 == 0;
}

const char *estab_finess_check(const char *s) {
  if (!s || strlen(s) != 9) return "numéro FINESS de 9 caractères attendu";
  int corsica = s[0] == '2' && (s[1] == 'A' || s[1] == 'B');
  for (int i = corsica ? 2 : 0; i < 9; i++)
    if (!isdigit((unsigned char)s[i])) return "numéro FINESS : chiffres attendus (2A ou 2B en Corse)";
  if (!corsica && s[0] == '0' && s[1] == '0') return "numéro FINESS : département 00 inconnu";
  if (!corsica && !luhn_ok(s)) return "numéro FINESS : clé de contrôle incorrecte";
  return NULL;
}

/* ---- Latin-1 ---- */

plam_err finess_latin1_to_utf8(const char *s, size_t len, struct buf *out, size_t *bad) {
  /* 0x80-0x9F: Windows-1252 where it defines them (csv.h's converter holds
   * that table); elsewhere Latin-1 and Windows-1252 agree. */
  return csv_cp1252_to_utf8(s, len, out, bad);
}

/* ---- Lambert 93 ---- */

void finess_lambert93_to_wgs84(double x, double y, double *lat, double *lon) {
  /* Lambert 93 constants (IGN): n, C, Xs, Ys of the secant cone, lon0 = 3° E */
  const double n = 0.7256077650532670, c = 11754255.4261, xs = 700000.0, ys = 12655612.0499;
  const double e = 0.0818191910428158; /* GRS 80 first eccentricity */
  const double pi = 3.14159265358979323846;
  double dx = x - xs, dy = y - ys;
  double r = sqrt(dx * dx + dy * dy);
  double gamma = atan(dx / -dy);
  double lambda = 3.0 * pi / 180.0 + gamma / n;
  double latiso = -1.0 / n * log(fabs(r / c));
  double phi = 2 * atan(exp(latiso)) - pi / 2;
  for (int i = 0; i < 30; i++) {
    double es = e * sin(phi);
    double next = 2 * atan(pow((1 + es) / (1 - es), e / 2) * exp(latiso)) - pi / 2;
    if (fabs(next - phi) < 1e-12) {
      phi = next;
      break;
    }
    phi = next;
  }
  *lat = phi * 180.0 / pi;
  *lon = lambda * 180.0 / pi;
}

/* ---- categories ---- */

/* FINESS establishment categories (categetab) -> the module's. Codes of the
 * FINESS nomenclature of establishment categories; any other code reads as
 * "other" (docs/FORMATS.md lists this table). */
static const struct {
  const char *code, *category;
} finess_categories[] = {
  {"101", "chu"},           /* Centre Hospitalier Régional (CHR/CHU) */
  {"106", "ch"},            /* Centre hospitalier, ex Hôpital local */
  {"355", "ch"},            /* Centre Hospitalier (C.H.) */
  {"114", "ch"},            /* Hôpital des armées */
  {"109", "clinic"},        /* Établissement de santé privé autorisé en SSR */
  {"128", "clinic"},        /* Établissement de Soins Chirurgicaux */
  {"129", "clinic"},        /* Établissement de Soins Médicaux */
  {"365", "clinic"},        /* Établissement de Soins Pluridisciplinaire */
  {"292", "psychiatry"},    /* Centre Hospitalier Spécialisé lutte Maladies Mentales */
  {"156", "psychiatry"},    /* Centre Médico-Psychologique (C.M.P.) */
  {"500", "ehpad"},         /* EHPAD */
  {"501", "ehpad"},         /* EHPA percevant des crédits d'assurance maladie */
  {"127", "home_care"},     /* Hospitalisation à Domicile */
  {"354", "home_care"},     /* Service de Soins Infirmiers A Domicile (SSIAD) */
  {"209", "home_care"},     /* SPASAD */
  {"460", "home_care"},     /* Service d'aide et d'accompagnement à domicile */
  {"124", "health_centre"}, /* Centre de Santé */
  {"603", "health_centre"}, /* Maison de santé (L.6223-3) */
  {"182", "disability"},    /* SESSAD */
  {"183", "disability"},    /* Institut Médico-Éducatif (I.M.E.) */
  {"186", "disability"},    /* Institut Thérapeutique Éducatif et Pédagogique */
  {"188", "disability"},    /* Établissement pour Enfants ou Adolescents Polyhandicapés */
  {"192", "disability"},    /* Établissement pour Déficient Moteur */
  {"238", "disability"},    /* Centre d'Action Médico-Sociale Précoce */
  {"246", "disability"},    /* Établissement et Service d'Aide par le Travail */
  {"252", "disability"},    /* Foyer Hébergement Adultes Handicapés */
  {"255", "disability"},    /* Maison d'Accueil Spécialisée (M.A.S.) */
  {"382", "disability"},    /* Foyer de Vie pour Adultes Handicapés */
  {"437", "disability"},    /* Foyer d'Accueil Médicalisé pour Adultes Handicapés */
  {"445", "disability"},    /* SAMSAH */
  {"446", "disability"},    /* Service d'Accompagnement à la Vie Sociale */
  {"175", "social"},        /* Maison d'Enfants à Caractère Social */
  {"214", "social"},        /* Centre Hébergement & Réinsertion Sociale (C.H.R.S.) */
  {"202", "social"},        /* Résidences autonomie */
};

const char *finess_category(const char *code) {
  for (size_t i = 0; i < sizeof finess_categories / sizeof finess_categories[0]; i++)
    if (!strcmp(finess_categories[i].code, code)) return finess_categories[i].category;
  return "other";
}

/* ---- the reader ---- */

#define FIELDS_MAX 40

/* Splits line[0..len) on ';' into f (NUL-terminated copies in store). */
static size_t split(char *line, char **f) {
  size_t n = 0;
  f[n++] = line;
  for (char *p = line; *p; p++)
    if (*p == ';') {
      *p = 0;
      if (n == FIELDS_MAX) return FIELDS_MAX + 1;
      f[n++] = p + 1;
    }
  return n;
}

static int has_control(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s < 0x20 || *s == 0x7f) return 1;
  return 0;
}

static int all_digits(const char *s, size_t n) {
  if (strlen(s) != n) return 0;
  for (size_t i = 0; i < n; i++)
    if (!isdigit((unsigned char)s[i])) return 0;
  return 1;
}

/* Département part of the extract (01…95, 2A, 2B, 9A…9F) -> DEP-xx(x) and
 * the INSEE code prefix; 0 when unknown. */
static int dep_of(const char *d, char dep[12], char prefix[4]) {
  static const char *const dom[] = {"9A", "971", "9B", "972", "9C", "973", "9D", "974", "9F", "976"};
  for (size_t i = 0; i < sizeof dom / sizeof dom[0]; i += 2)
    if (!strcmp(d, dom[i])) {
      snprintf(dep, 12, "DEP-%s", dom[i + 1]);
      strcpy(prefix, "97");
      return 1;
    }
  int n = all_digits(d, 2) ? atoi(d) : 0;
  if ((n >= 1 && n <= 95 && n != 20) || !strcmp(d, "2A") || !strcmp(d, "2B")) {
    snprintf(dep, 12, "DEP-%s", d);
    strcpy(prefix, d);
    return 1;
  }
  return 0;
}

static int row_cmp(const void *x, const void *y) {
  const struct finess_row *a = x, *b = y;
  int c = strcmp(a->finess, b->finess);
  return c ? c : (a->line > b->line) - (a->line < b->line);
}

static plam_err push(struct finess_file *f, size_t *cap, const struct finess_row *r) {
  if (f->n == *cap) {
    size_t nc = *cap ? *cap * 2 : 256;
    struct finess_row *q = realloc(f->rows, nc * sizeof *q);
    if (!q) return PLAM_ERR_NOMEM;
    f->rows = q;
    *cap = nc;
  }
  f->rows[f->n++] = *r;
  return PLAM_OK;
}

struct geo_line {
  uint32_t line;
  char finess[10];
  double x, y;
  int lambert;
};

static void structureet(struct finess_file *f, size_t *cap, uint32_t ln, char **c, size_t n,
                        struct geo_file_report *rep, plam_err *e) {
  if (n != 32) {
    geo_file_error(rep, ln, 0, "", "ligne structureet : 32 champs attendus, %zu lus", n);
    return;
  }
  struct finess_row r;
  memset(&r, 0, sizeof r);
  r.line = ln;
  int ok = 1;
  const char *why = estab_finess_check(c[1]);
  if (why) {
    geo_file_error(rep, ln, 2, "nofinesset", "%s", why);
    ok = 0;
  } else {
    strcpy(r.finess, c[1]);
  }
  const char *name = *c[4] ? c[4] : c[3];
  if (!*name || utf8_count(name) > ESTAB_NAME_MAX || has_control(name) || strlen(name) >= sizeof r.name) {
    geo_file_error(rep, ln, *c[4] ? 5 : 4, *c[4] ? "rslongue" : "rs",
                   "raison sociale obligatoire, 200 caractères au plus, sans caractère de contrôle");
    ok = 0;
  } else {
    strcpy(r.name, name);
  }
  char prefix[4];
  if (!dep_of(c[13], r.departement, prefix)) {
    geo_file_error(rep, ln, 14, "departement", "département « %.8s » inconnu", c[13]);
    ok = 0;
  } else if (!all_digits(c[12], 3)) {
    geo_file_error(rep, ln, 13, "commune", "code commune de 3 chiffres attendu");
    ok = 0;
  } else {
    snprintf(r.commune, sizeof r.commune, "%.2s%.3s", prefix, c[12]); /* 9F + 606 -> 97606 */
  }
  if (!all_digits(c[18], 3)) {
    geo_file_error(rep, ln, 19, "categetab", "code de catégorie de 3 chiffres attendu");
    ok = 0;
  } else {
    strcpy(r.category_code, c[18]);
    strcpy(r.category, finess_category(c[18]));
  }
  if (ok && push(f, cap, &r)) *e = PLAM_ERR_NOMEM;
}

static int number(const char *s, double *v) {
  if (!*s) return 0;
  char *end;
  *v = strtod(s, &end);
  return *end == 0 && isfinite(*v);
}

plam_err finess_parse(const char *data, size_t len, struct finess_file *f, struct geo_file_report *rep) {
  memset(f, 0, sizeof *f);
  size_t cap = 0, gcap = 0, ng = 0;
  struct geo_line *geo = NULL;
  plam_err e = PLAM_OK;
  char *line = malloc(len + 1);
  if (!line) return PLAM_ERR_NOMEM;
  size_t pos = 0;
  uint32_t ln = 0;
  int header = 0;
  while (!e && pos < len) {
    size_t end = pos;
    while (end < len && data[end] != '\n') end++;
    size_t n = end - pos;
    memcpy(line, data + pos, n);
    if (n && line[n - 1] == '\r') n--;
    line[n] = 0;
    pos = end + 1;
    ln++;
    if (memchr(line, 0, n)) {
      geo_file_error(rep, ln, 0, "", "octet nul dans la ligne");
      continue;
    }
    if (!n) continue;
    char *c[FIELDS_MAX + 1];
    size_t nf = split(line, c);
    if (!header) {
      header = 1;
      if (strcmp(c[0], "finess"))
        geo_file_error(rep, ln, 1, "", "première ligne d'en-tête « finess;etalab;… » attendue");
      continue;
    }
    f->lines++;
    if (nf > FIELDS_MAX) {
      geo_file_error(rep, ln, 0, "", "plus de %d champs", FIELDS_MAX);
    } else if (!strcmp(c[0], "structureet")) {
      structureet(f, &cap, ln, c, nf, rep, &e);
    } else if (!strcmp(c[0], "geolocalisation")) {
      f->geo_lines++;
      struct geo_line g;
      memset(&g, 0, sizeof g);
      g.line = ln;
      if (nf != 6) {
        geo_file_error(rep, ln, 0, "", "ligne geolocalisation : 6 champs attendus, %zu lus", nf);
        continue;
      }
      const char *why = estab_finess_check(c[1]);
      if (why) {
        geo_file_error(rep, ln, 2, "nofinesset", "%s", why);
        continue;
      }
      strcpy(g.finess, c[1]);
      g.lambert = strstr(c[4], "LAMBERT_93") != NULL;
      if (!g.lambert) {
        f->geo_other++;
        continue; /* another projection (overseas): the commune's centroid is used */
      }
      if (!number(c[2], &g.x) || g.x < 0 || g.x > 1400000) {
        geo_file_error(rep, ln, 3, "coordxet", "coordonnée X Lambert 93 attendue (mètres, point décimal)");
        continue;
      }
      if (!number(c[3], &g.y) || g.y < 6000000 || g.y > 7200000) {
        geo_file_error(rep, ln, 4, "coordyet", "coordonnée Y Lambert 93 attendue (mètres, point décimal)");
        continue;
      }
      if (ng == gcap) {
        gcap = gcap ? gcap * 2 : 256;
        struct geo_line *q = realloc(geo, gcap * sizeof *q);
        if (!q) {
          e = PLAM_ERR_NOMEM;
          break;
        }
        geo = q;
      }
      geo[ng++] = g;
    } else {
      geo_file_notice(rep, ln, 1, "", "ligne de type « %.32s » ignorée", c[0]);
    }
  }
  free(line);
  if (!e && !header) geo_file_error(rep, 0, 0, "", "fichier vide");
  if (!e) {
    if (f->n) qsort(f->rows, f->n, sizeof *f->rows, row_cmp);
    for (size_t i = 1; i < f->n; i++)
      if (!strcmp(f->rows[i].finess, f->rows[i - 1].finess))
        geo_file_error(rep, f->rows[i].line, 2, "nofinesset", "établissement %s déjà décrit ligne %u",
                       f->rows[i].finess, f->rows[i - 1].line);
    for (size_t i = 0; i < ng; i++) {
      struct finess_row key;
      memset(&key, 0, sizeof key);
      strcpy(key.finess, geo[i].finess);
      /* the first row of that number (rows sorted by number, then line) */
      size_t lo = 0, hi = f->n;
      while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(f->rows[mid].finess, key.finess) < 0) lo = mid + 1;
        else hi = mid;
      }
      if (lo == f->n || strcmp(f->rows[lo].finess, key.finess)) {
        geo_file_notice(rep, geo[i].line, 2, "nofinesset", "géolocalisation d'un établissement absent du fichier");
        continue;
      }
      finess_lambert93_to_wgs84(geo[i].x, geo[i].y, &f->rows[lo].lat, &f->rows[lo].lon);
      f->rows[lo].has_coords = 1;
    }
  }
  free(geo);
  geo_file_report_sort(rep);
  if (e || rep->nomem) {
    finess_file_free(f);
    return PLAM_ERR_NOMEM;
  }
  return PLAM_OK;
}

void finess_file_free(struct finess_file *f) {
  free(f->rows);
  memset(f, 0, sizeof *f);
}
