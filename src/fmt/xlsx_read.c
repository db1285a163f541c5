/* XLSX reader (see xlsx_read.h). Each XML part is inflated from the zip in
 * 64 KiB chunks straight into an expat parser, so a sheet is never held in
 * memory whole; only the shared strings are kept (they are referenced by
 * index from any cell). Element and attribute names are matched by local
 * name (after any "x:" prefix) so files from other generators that use
 * prefixes read the same. Every handler that finds a problem records it in
 * the part's context and stops the parser; the caller then reports that
 * rather than expat's generic "aborted". */
#include "fmt/xlsx_read.h"

#include <errno.h>
#include <expat.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/utf8.h"

#define XLSX_CHUNK 65536
#define XLSX_MAX_RELS 4096
#define XLSX_MAX_XFS 65536
#define XLSX_MAX_NUMFMTS 4096
#define XLSX_MAX_SHARED 16000000u
#define XLSX_MAX_ROW_TEXT (64u * 1024u * 1024u)
#define XLSX_PATH_MAX 512

struct sheet_ref {
  char *name;
  char path[XLSX_PATH_MAX];
};

struct xlsx_book {
  zip_t *zip;
  void *owned;
  struct xlsx_limits lim;
  bool date1904;
  struct sheet_ref *sheets;
  size_t nsheets;
  struct buf sst; /* shared strings, each NUL-terminated */
  size_t *sst_off;
  size_t nsst, sst_cap;
  bool *xf_date; /* per cell style: a date format */
  size_t nxf;
};

/* ---- helpers ------------------------------------------------------------- */

static const char *lname(const char *n) {
  const char *c = strrchr(n, ':');
  return c ? c + 1 : n;
}

static const char *attr(const char **atts, const char *name) {
  for (size_t i = 0; atts[i]; i += 2)
    if (strcmp(lname(atts[i]), name) == 0) return atts[i + 1];
  return NULL;
}

struct xml_base {
  XML_Parser p;
  plam_err err;
  struct table_error *te;
  const char *part;
};

static void xml_stop(struct xml_base *x, plam_err e) {
  if (!x->err) x->err = e;
  XML_StopParser(x->p, XML_FALSE);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                               int has_internal) {
  struct xml_base *x = ud;
  table_error_set(x->te, PLAM_ERR_INVALID, 0, 0, "déclaration DTD refusée dans %s", x->part);
  xml_stop(x, PLAM_ERR_INVALID);
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int pe, const XML_Char *value, int vlen,
                              const XML_Char *base, const XML_Char *sysid, const XML_Char *pubid,
                              const XML_Char *notation) {
  struct xml_base *x = ud;
  table_error_set(x->te, PLAM_ERR_INVALID, 0, 0, "entité XML refusée dans %s", x->part);
  xml_stop(x, PLAM_ERR_INVALID);
}

/* Inflates part `path` into a new expat parser with the given handlers and
 * user data (which starts with a struct xml_base). A missing part is
 * PLAM_ERR_NOT_FOUND. */
static plam_err parse_part(struct xlsx_book *b, const char *path, XML_StartElementHandler start,
                           XML_EndElementHandler end, XML_CharacterDataHandler text, struct xml_base *x) {
  zip_int64_t idx = zip_name_locate(b->zip, path, 0);
  if (idx < 0) return PLAM_ERR_NOT_FOUND;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(b->zip, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
    return table_error_set(x->te, PLAM_ERR_INVALID, 0, 0, "archive endommagée (%s)", path);
  if (st.size > b->lim.max_part)
    return table_error_set(x->te, PLAM_ERR_TOO_LARGE, 0, 0, "partie %s trop grosse une fois décompressée", path);
  if ((st.valid & ZIP_STAT_COMP_SIZE) && st.size > (1u << 20) &&
      st.size / (st.comp_size ? st.comp_size : 1) > b->lim.max_ratio)
    return table_error_set(x->te, PLAM_ERR_TOO_LARGE, 0, 0, "partie %s anormalement compressée (bombe zip ?)", path);
  zip_file_t *f = zip_fopen_index(b->zip, (zip_uint64_t)idx, 0);
  if (!f) return table_error_set(x->te, PLAM_ERR_INVALID, 0, 0, "archive endommagée (%s)", path);
  XML_Parser p = XML_ParserCreate("UTF-8");
  char *chunk = malloc(XLSX_CHUNK);
  if (!p || !chunk) {
    if (p) XML_ParserFree(p);
    free(chunk);
    zip_fclose(f);
    return PLAM_ERR_NOMEM;
  }
  x->p = p;
  x->part = path;
  XML_SetUserData(p, x);
  XML_SetElementHandler(p, start, end);
  if (text) XML_SetCharacterDataHandler(p, text);
  XML_SetStartDoctypeDeclHandler(p, on_doctype);
  XML_SetEntityDeclHandler(p, on_entity);
  plam_err e = PLAM_OK;
  size_t total = 0;
  for (;;) {
    zip_int64_t n = zip_fread(f, chunk, XLSX_CHUNK);
    if (n < 0) {
      e = table_error_set(x->te, PLAM_ERR_INVALID, 0, 0, "archive endommagée (%s)", path);
      break;
    }
    total += (size_t)n;
    if (total > b->lim.max_part) {
      e = table_error_set(x->te, PLAM_ERR_TOO_LARGE, 0, 0, "partie %s trop grosse une fois décompressée", path);
      break;
    }
    if (XML_Parse(p, chunk, (int)n, n == 0) != XML_STATUS_OK) {
      if (x->err) e = x->err;
      else
        e = table_error_set(x->te, PLAM_ERR_INVALID, 0, 0, "XML invalide dans %s, ligne %lu : %s", path,
                            (unsigned long)XML_GetCurrentLineNumber(p), XML_ErrorString(XML_GetErrorCode(p)));
      break;
    }
    if (n == 0) break;
  }
  if (!e && x->err) e = x->err;
  XML_ParserFree(p);
  x->p = NULL;
  free(chunk);
  zip_fclose(f);
  return e;
}

/* Joins a relationship target to the directory of the part that names it. */
static plam_err resolve_target(const char *from_part, const char *target, char *out, size_t size) {
  char tmp[XLSX_PATH_MAX * 2];
  if (target[0] == '/') {
    snprintf(tmp, sizeof tmp, "%s", target + 1);
  } else {
    const char *slash = strrchr(from_part, '/');
    int dl = slash ? (int)(slash - from_part + 1) : 0;
    snprintf(tmp, sizeof tmp, "%.*s%s", dl, from_part, target);
  }
  /* fold "x/../" and "./" */
  char outb[XLSX_PATH_MAX * 2];
  size_t n = 0;
  const char *s = tmp;
  while (*s) {
    const char *e = strchr(s, '/');
    size_t sl = e ? (size_t)(e - s) : strlen(s);
    if (sl == 2 && s[0] == '.' && s[1] == '.') {
      if (n == 0) return PLAM_ERR_INVALID;
      n--;
      while (n > 0 && outb[n - 1] != '/') n--;
    } else if (!(sl == 1 && s[0] == '.') && sl > 0) {
      if (n + sl + 2 > sizeof outb) return PLAM_ERR_INVALID;
      memcpy(outb + n, s, sl);
      n += sl;
      if (e) outb[n++] = '/';
    }
    s = e ? e + 1 : s + sl;
  }
  outb[n] = '\0';
  if (n == 0 || n >= size) return PLAM_ERR_INVALID;
  memcpy(out, outb, n + 1);
  return PLAM_OK;
}

/* ---- relationships ------------------------------------------------------- */

struct rel {
  char id[64];
  char type_tail[48]; /* after the last '/' of Type */
  char target[XLSX_PATH_MAX];
};

struct rels_ctx {
  struct xml_base x;
  struct rel *v;
  size_t n;
};

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts) {
  struct rels_ctx *c = ud;
  if (strcmp(lname(name), "Relationship") != 0) return;
  const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
  const char *mode = attr(atts, "TargetMode");
  if (!id || !type || !target || (mode && strcmp(mode, "External") == 0)) return;
  if (c->n >= XLSX_MAX_RELS) {
    xml_stop(&c->x, table_error_set(c->x.te, PLAM_ERR_TOO_LARGE, 0, 0, "trop de relations"));
    return;
  }
  if (strlen(id) >= sizeof c->v[0].id || strlen(target) >= sizeof c->v[0].target) return;
  if (c->n % 64 == 0) {
    struct rel *v = realloc(c->v, (c->n + 64) * sizeof *v);
    if (!v) {
      xml_stop(&c->x, PLAM_ERR_NOMEM);
      return;
    }
    c->v = v;
  }
  struct rel *r = &c->v[c->n++];
  snprintf(r->id, sizeof r->id, "%s", id);
  const char *tail = strrchr(type, '/');
  snprintf(r->type_tail, sizeof r->type_tail, "%s", tail ? tail + 1 : type);
  snprintf(r->target, sizeof r->target, "%s", target);
}

static void XMLCALL ignore_end(void *ud, const XML_Char *name) {}

/* Reads the relationships of part (its _rels/<name>.rels); none is fine. */
static plam_err rels_read(struct xlsx_book *b, const char *part, struct rels_ctx *c, struct table_error *te) {
  memset(c, 0, sizeof *c);
  c->x.te = te;
  char path[XLSX_PATH_MAX + 16];
  const char *slash = strrchr(part, '/');
  if (slash) snprintf(path, sizeof path, "%.*s_rels/%s.rels", (int)(slash - part + 1), part, slash + 1);
  else snprintf(path, sizeof path, "_rels/%s.rels", part);
  plam_err e = parse_part(b, path, rels_start, ignore_end, NULL, &c->x);
  return e == PLAM_ERR_NOT_FOUND ? PLAM_OK : e;
}

static const struct rel *rels_find_type(const struct rels_ctx *c, const char *tail) {
  for (size_t i = 0; i < c->n; i++)
    if (strcmp(c->v[i].type_tail, tail) == 0) return &c->v[i];
  return NULL;
}

static const struct rel *rels_find_id(const struct rels_ctx *c, const char *id) {
  for (size_t i = 0; i < c->n; i++)
    if (strcmp(c->v[i].id, id) == 0) return &c->v[i];
  return NULL;
}

/* ---- workbook ------------------------------------------------------------ */

struct wb_sheet {
  char *name;
  char rid[64];
};

struct wb_ctx {
  struct xml_base x;
  struct xlsx_book *b;
  struct wb_sheet *v;
  size_t n;
};

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts) {
  struct wb_ctx *c = ud;
  const char *ln = lname(name);
  if (strcmp(ln, "workbookPr") == 0) {
    const char *d = attr(atts, "date1904");
    c->b->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
    return;
  }
  if (strcmp(ln, "sheet") != 0) return;
  const char *sname = attr(atts, "name"), *rid = attr(atts, "id");
  if (!sname || !rid || strlen(rid) >= sizeof c->v[0].rid || strlen(sname) > 255) {
    xml_stop(&c->x, table_error_set(c->x.te, PLAM_ERR_INVALID, 0, 0, "feuille mal décrite dans le classeur"));
    return;
  }
  if (c->n >= c->b->lim.max_sheets) {
    xml_stop(&c->x, table_error_set(c->x.te, PLAM_ERR_TOO_LARGE, 0, 0, "trop de feuilles (au plus %zu)",
                                    c->b->lim.max_sheets));
    return;
  }
  struct wb_sheet *v = realloc(c->v, (c->n + 1) * sizeof *v);
  if (!v) {
    xml_stop(&c->x, PLAM_ERR_NOMEM);
    return;
  }
  c->v = v;
  v[c->n].name = strdup(sname);
  if (!v[c->n].name) {
    xml_stop(&c->x, PLAM_ERR_NOMEM);
    return;
  }
  snprintf(v[c->n].rid, sizeof v[c->n].rid, "%s", rid);
  c->n++;
}

/* ---- styles -------------------------------------------------------------- */

struct st_ctx {
  struct xml_base x;
  int in_xfs;
  unsigned *xf_fmt;
  size_t nxf;
  unsigned *date_fmts;
  size_t ndate;
};

/* Whether a number format code shows a date: a d or y outside quotes,
 * brackets and escapes. */
static bool format_is_date(const char *code) {
  for (const char *p = code; *p; p++) {
    switch (*p) {
    case '"':
      p = strchr(p + 1, '"');
      if (!p) return false;
      break;
    case '[':
      p = strchr(p + 1, ']');
      if (!p) return false;
      break;
    case '\\':
    case '_':
    case '*':
      if (!p[1]) return false;
      p++;
      break;
    case 'd':
    case 'D':
    case 'y':
    case 'Y': return true;
    default: break;
    }
  }
  return false;
}

static bool builtin_date(unsigned id) {
  return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

static void XMLCALL st_start(void *ud, const XML_Char *name, const XML_Char **atts) {
  struct st_ctx *c = ud;
  const char *ln = lname(name);
  if (strcmp(ln, "cellXfs") == 0) {
    c->in_xfs++;
  } else if (strcmp(ln, "numFmt") == 0) {
    const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
    if (id && code && format_is_date(code) && c->ndate < XLSX_MAX_NUMFMTS) {
      if (c->ndate % 64 == 0) {
        unsigned *v = realloc(c->date_fmts, (c->ndate + 64) * sizeof *v);
        if (!v) {
          xml_stop(&c->x, PLAM_ERR_NOMEM);
          return;
        }
        c->date_fmts = v;
      }
      c->date_fmts[c->ndate++] = (unsigned)strtoul(id, NULL, 10);
    }
  } else if (strcmp(ln, "xf") == 0 && c->in_xfs) {
    if (c->nxf >= XLSX_MAX_XFS) {
      xml_stop(&c->x, table_error_set(c->x.te, PLAM_ERR_TOO_LARGE, 0, 0, "trop de styles"));
      return;
    }
    if (c->nxf % 256 == 0) {
      unsigned *v = realloc(c->xf_fmt, (c->nxf + 256) * sizeof *v);
      if (!v) {
        xml_stop(&c->x, PLAM_ERR_NOMEM);
        return;
      }
      c->xf_fmt = v;
    }
    const char *id = attr(atts, "numFmtId");
    c->xf_fmt[c->nxf++] = id ? (unsigned)strtoul(id, NULL, 10) : 0;
  }
}

static void XMLCALL st_end(void *ud, const XML_Char *name) {
  struct st_ctx *c = ud;
  if (strcmp(lname(name), "cellXfs") == 0 && c->in_xfs) c->in_xfs--;
}

/* ---- shared strings ------------------------------------------------------ */

/* Replaces Excel's _xHHHH_ escapes (control characters) in b by the
 * character itself; NUL stays escaped. */
static void decode_x_escapes(struct buf *b) {
  if (!b->data || !memchr(b->data, '_', b->len)) return;
  size_t o = 0;
  for (size_t i = 0; i < b->len;) {
    const char *s = b->data + i;
    unsigned cp = 0;
    bool ok = i + 7 <= b->len && s[0] == '_' && s[1] == 'x' && s[6] == '_';
    for (int k = 2; ok && k < 6; k++) {
      char h = s[k];
      unsigned d = (h >= '0' && h <= '9')   ? (unsigned)(h - '0')
                   : (h >= 'a' && h <= 'f') ? (unsigned)(h - 'a' + 10)
                   : (h >= 'A' && h <= 'F') ? (unsigned)(h - 'A' + 10)
                                            : 99u;
      if (d > 15) ok = false;
      cp = cp * 16 + d;
    }
    if (ok && cp != 0 && !(cp >= 0xD800 && cp <= 0xDFFF)) {
      if (cp < 0x80) b->data[o++] = (char)cp;
      else if (cp < 0x800) {
        b->data[o++] = (char)(0xC0 | (cp >> 6));
        b->data[o++] = (char)(0x80 | (cp & 0x3F));
      } else {
        b->data[o++] = (char)(0xE0 | (cp >> 12));
        b->data[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b->data[o++] = (char)(0x80 | (cp & 0x3F));
      }
      i += 7;
    } else {
      b->data[o++] = b->data[i++];
    }
  }
  b->len = o;
  b->data[o] = '\0';
}

struct sst_ctx {
  struct xml_base x;
  struct xlsx_book *b;
  struct buf cur;
  bool in_si, in_t;
  int in_rph;
};

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts) {
  struct sst_ctx *c = ud;
  if (c->x.err) return;
  const char *ln = lname(name);
  if (strcmp(ln, "si") == 0) {
    c->in_si = true;
    buf_clear(&c->cur);
  } else if (strcmp(ln, "rPh") == 0) {
    c->in_rph++;
  } else if (strcmp(ln, "t") == 0 && c->in_si && !c->in_rph) {
    c->in_t = true;
  }
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len) {
  struct sst_ctx *c = ud;
  if (c->x.err) return;
  if (!c->in_t) return;
  if (buf_append(&c->cur, s, (size_t)len) != PLAM_OK)
    xml_stop(&c->x, table_error_set(c->x.te, PLAM_ERR_TOO_LARGE, 0, 0, "texte partagé trop long (au plus %zu octets)",
                                    c->b->lim.max_string));
}

static void XMLCALL sst_end(void *ud, const XML_Char *name) {
  struct sst_ctx *c = ud;
  if (c->x.err) return;
  struct xlsx_book *b = c->b;
  const char *ln = lname(name);
  if (strcmp(ln, "t") == 0) {
    c->in_t = false;
  } else if (strcmp(ln, "rPh") == 0) {
    if (c->in_rph) c->in_rph--;
  } else if (strcmp(ln, "si") == 0 && c->in_si) {
    c->in_si = false;
    decode_x_escapes(&c->cur);
    if (b->nsst >= XLSX_MAX_SHARED) {
      xml_stop(&c->x, table_error_set(c->x.te, PLAM_ERR_TOO_LARGE, 0, 0, "trop de textes partagés"));
      return;
    }
    if (b->nsst == b->sst_cap) {
      size_t cap = b->sst_cap ? b->sst_cap * 2 : 256;
      size_t *v = realloc(b->sst_off, cap * sizeof *v);
      if (!v) {
        xml_stop(&c->x, PLAM_ERR_NOMEM);
        return;
      }
      b->sst_off = v;
      b->sst_cap = cap;
    }
    b->sst_off[b->nsst] = b->sst.len;
    if (buf_append(&b->sst, c->cur.data ? c->cur.data : "", c->cur.len) != PLAM_OK ||
        buf_append(&b->sst, "", 1) != PLAM_OK) {
      xml_stop(&c->x, table_error_set(c->x.te, PLAM_ERR_TOO_LARGE, 0, 0, "textes partagés trop volumineux"));
      return;
    }
    b->nsst++;
  }
}

/* ---- open ---------------------------------------------------------------- */

static void limits_fill(struct xlsx_limits *l, const struct xlsx_limits *in) {
  static const struct xlsx_limits def = {.max_part = 128u << 20,
                                         .max_ratio = 400,
                                         .max_entries = 10000,
                                         .max_strings_bytes = 64u << 20,
                                         .max_string = 128u << 10,
                                         .max_cells = 20000000,
                                         .max_cols = 1024,
                                         .max_sheets = 256};
  *l = def;
  if (!in) return;
  if (in->max_part) l->max_part = in->max_part;
  if (in->max_ratio) l->max_ratio = in->max_ratio;
  if (in->max_entries) l->max_entries = in->max_entries;
  if (in->max_strings_bytes) l->max_strings_bytes = in->max_strings_bytes;
  if (in->max_string) l->max_string = in->max_string;
  if (in->max_cells) l->max_cells = in->max_cells;
  if (in->max_cols) l->max_cols = in->max_cols > 16384 ? 16384 : in->max_cols;
  if (in->max_sheets) l->max_sheets = in->max_sheets;
}

static plam_err book_load(struct xlsx_book *b, struct table_error *te) {
  zip_int64_t entries = zip_get_num_entries(b->zip, 0);
  if (entries < 0 || (zip_uint64_t)entries > b->lim.max_entries)
    return table_error_set(te, PLAM_ERR_TOO_LARGE, 0, 0, "archive avec trop de fichiers");
  /* the workbook part, from the package relationships */
  char wbpath[XLSX_PATH_MAX] = "xl/workbook.xml";
  struct rels_ctx pr;
  plam_err e = rels_read(b, "", &pr, te);
  if (e) {
    free(pr.v);
    return e;
  }
  const struct rel *r = rels_find_type(&pr, "officeDocument");
  if (r && resolve_target("", r->target, wbpath, sizeof wbpath) != PLAM_OK) r = NULL;
  free(pr.v);

  struct wb_ctx wc;
  memset(&wc, 0, sizeof wc);
  wc.x.te = te;
  wc.b = b;
  e = parse_part(b, wbpath, wb_start, ignore_end, NULL, &wc.x);
  if (e == PLAM_ERR_NOT_FOUND) e = table_error_set(te, PLAM_ERR_INVALID, 0, 0, "ce fichier n'est pas un classeur XLSX");
  struct rels_ctx wr;
  memset(&wr, 0, sizeof wr);
  if (!e) e = rels_read(b, wbpath, &wr, te);
  if (!e) {
    b->sheets = calloc(wc.n ? wc.n : 1, sizeof *b->sheets);
    if (!b->sheets) e = PLAM_ERR_NOMEM;
  }
  for (size_t i = 0; !e && i < wc.n; i++) {
    const struct rel *sr = rels_find_id(&wr, wc.v[i].rid);
    if (!sr || resolve_target(wbpath, sr->target, b->sheets[i].path, sizeof b->sheets[i].path))
      e = table_error_set(te, PLAM_ERR_INVALID, 0, 0, "feuille « %.100s » introuvable dans l'archive", wc.v[i].name);
    b->sheets[i].name = wc.v[i].name;
    wc.v[i].name = NULL;
    b->nsheets = i + 1;
  }
  for (size_t i = 0; i < wc.n; i++) free(wc.v[i].name);
  free(wc.v);
  char path[XLSX_PATH_MAX];
  /* shared strings */
  if (!e) {
    const struct rel *sr = rels_find_type(&wr, "sharedStrings");
    if (sr && resolve_target(wbpath, sr->target, path, sizeof path) == PLAM_OK) {
      struct sst_ctx sc;
      memset(&sc, 0, sizeof sc);
      sc.x.te = te;
      sc.b = b;
      buf_init(&sc.cur, b->lim.max_string);
      e = parse_part(b, path, sst_start, sst_end, sst_text, &sc.x);
      if (e == PLAM_ERR_NOT_FOUND) e = PLAM_OK;
      buf_release(&sc.cur);
    }
  }
  /* styles */
  if (!e) {
    const struct rel *sr = rels_find_type(&wr, "styles");
    if (sr && resolve_target(wbpath, sr->target, path, sizeof path) == PLAM_OK) {
      struct st_ctx sc;
      memset(&sc, 0, sizeof sc);
      sc.x.te = te;
      e = parse_part(b, path, st_start, st_end, NULL, &sc.x);
      if (e == PLAM_ERR_NOT_FOUND) e = PLAM_OK;
      if (!e && sc.nxf) {
        b->xf_date = calloc(sc.nxf, sizeof *b->xf_date);
        if (!b->xf_date) e = PLAM_ERR_NOMEM;
        for (size_t i = 0; !e && i < sc.nxf; i++) {
          bool d = builtin_date(sc.xf_fmt[i]);
          for (size_t k = 0; !d && k < sc.ndate; k++) d = sc.date_fmts[k] == sc.xf_fmt[i];
          b->xf_date[i] = d;
        }
        if (!e) b->nxf = sc.nxf;
      }
      free(sc.xf_fmt);
      free(sc.date_fmts);
    }
  }
  free(wr.v);
  return e;
}

plam_err xlsx_open(const void *data, size_t len, const struct xlsx_limits *lim, struct xlsx_book **out,
                   struct table_error *err) {
  *out = NULL;
  if (err) memset(err, 0, sizeof *err);
  struct xlsx_book *b = calloc(1, sizeof *b);
  if (!b) return PLAM_ERR_NOMEM;
  limits_fill(&b->lim, lim);
  buf_init(&b->sst, b->lim.max_strings_bytes);
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(len ? data : "", len, 0, &ze);
  if (src) {
    b->zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!b->zip) zip_source_free(src);
  }
  zip_error_fini(&ze);
  if (!b->zip) {
    xlsx_close(b);
    return table_error_set(err, PLAM_ERR_INVALID, 0, 0,
                           "ce fichier n'est pas un classeur XLSX (archive zip illisible)");
  }
  plam_err e = book_load(b, err);
  if (e) {
    xlsx_close(b);
    return e;
  }
  *out = b;
  return PLAM_OK;
}

plam_err xlsx_open_file(const char *path, size_t max_bytes, const struct xlsx_limits *lim, struct xlsx_book **out,
                        struct table_error *err) {
  *out = NULL;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return table_error_set(err, PLAM_ERR_IO, 0, 0, "fichier illisible : %s", strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return table_error_set(err, PLAM_ERR_IO, 0, 0, "fichier illisible");
  }
  if ((uint64_t)st.st_size > max_bytes) {
    close(fd);
    return table_error_set(err, PLAM_ERR_TOO_LARGE, 0, 0, "fichier trop gros (au plus %zu octets)", max_bytes);
  }
  size_t n = (size_t)st.st_size, got = 0;
  char *data = malloc(n ? n : 1);
  if (!data) {
    close(fd);
    return PLAM_ERR_NOMEM;
  }
  while (got < n) {
    ssize_t r = read(fd, data + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += (size_t)r;
  }
  close(fd);
  if (got != n) {
    free(data);
    return table_error_set(err, PLAM_ERR_IO, 0, 0, "lecture du fichier interrompue");
  }
  plam_err e = xlsx_open(data, n, lim, out, err);
  if (e) free(data);
  else (*out)->owned = data;
  return e;
}

void xlsx_close(struct xlsx_book *b) {
  if (!b) return;
  if (b->zip) zip_discard(b->zip);
  for (size_t i = 0; i < b->nsheets; i++) free(b->sheets[i].name);
  free(b->sheets);
  buf_release(&b->sst);
  free(b->sst_off);
  free(b->xf_date);
  free(b->owned);
  free(b);
}

size_t xlsx_sheet_count(const struct xlsx_book *b) { return b->nsheets; }

const char *xlsx_sheet_name(const struct xlsx_book *b, size_t i) { return i < b->nsheets ? b->sheets[i].name : NULL; }

long xlsx_sheet_find(const struct xlsx_book *b, const char *name) {
  for (size_t i = 0; i < b->nsheets; i++)
    if (strcmp(b->sheets[i].name, name) == 0) return (long)i;
  return -1;
}

bool xlsx_date1904(const struct xlsx_book *b) { return b->date1904; }

/* ---- cell references and dates ------------------------------------------ */

plam_err xlsx_cell_ref_parse(const char *ref, uint32_t *row, uint32_t *col) {
  const char *s = ref;
  uint32_t c = 0, r = 0;
  int nl = 0, nd = 0;
  if (*s == '$') s++;
  while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')) {
    if (++nl > 3) return PLAM_ERR_INVALID;
    c = c * 26 + (uint32_t)((*s | 0x20) - 'a' + 1);
    s++;
  }
  if (*s == '$') s++;
  if (*s == '0') return PLAM_ERR_INVALID;
  while (*s >= '0' && *s <= '9') {
    if (++nd > 7) return PLAM_ERR_INVALID;
    r = r * 10 + (uint32_t)(*s - '0');
    s++;
  }
  if (*s || nl == 0 || nd == 0 || c > 16384 || r > 1048576) return PLAM_ERR_INVALID;
  *row = r;
  *col = c;
  return PLAM_OK;
}

void xlsx_col_name(uint32_t col, char out[4]) {
  char tmp[4];
  int n = 0;
  if (col == 0 || col > 16384) {
    out[0] = '?';
    out[1] = '\0';
    return;
  }
  while (col > 0 && n < 3) {
    col--;
    tmp[n++] = (char)('A' + col % 26);
    col /= 26;
  }
  for (int i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
  out[n] = '\0';
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t yy = (int64_t)yoe + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = (int)(yy + (*m <= 2));
}

plam_err xlsx_serial_to_date(double serial, bool date1904, char out[20]) {
  if (!isfinite(serial) || serial < 0 || serial > 2958466) return PLAM_ERR_INVALID;
  int64_t day = (int64_t)floor(serial);
  int64_t secs = (int64_t)llround((serial - (double)day) * 86400.0);
  if (secs >= 86400) {
    day++;
    secs -= 86400;
  }
  int64_t epoch;
  if (date1904) {
    epoch = days_from_civil(1904, 1, 1);
  } else {
    if (day < 1 || day == 60) return PLAM_ERR_INVALID; /* 1900-01-00, 1900-02-29 */
    epoch = day < 60 ? days_from_civil(1899, 12, 31) : days_from_civil(1899, 12, 30);
  }
  int y;
  unsigned m, d;
  civil_from_days(epoch + day, &y, &m, &d);
  if (y > 9999) return PLAM_ERR_INVALID;
  char tmp[64];
  if (secs)
    snprintf(tmp, sizeof tmp, "%04d-%02u-%02uT%02d:%02d:%02d", y, m, d, (int)(secs / 3600), (int)(secs / 60 % 60),
             (int)(secs % 60));
  else snprintf(tmp, sizeof tmp, "%04d-%02u-%02u", y, m, d);
  size_t n = strlen(tmp);
  if (n >= 20) return PLAM_ERR_INVALID;
  memcpy(out, tmp, n + 1);
  return PLAM_OK;
}

plam_err xlsx_date_to_serial(const char *iso, bool date1904, double *out) {
  int y, m, d;
  if (!date_iso_parse(iso, &y, &m, &d)) return PLAM_ERR_INVALID;
  int64_t z = days_from_civil(y, (unsigned)m, (unsigned)d);
  int64_t s;
  if (date1904) {
    s = z - days_from_civil(1904, 1, 1);
  } else {
    s = z - days_from_civil(1899, 12, 30);
    if (s < 61) s = z - days_from_civil(1899, 12, 31); /* before the fake 1900-02-29 */
  }
  if (s < (date1904 ? 0 : 1)) return PLAM_ERR_INVALID;
  *out = (double)s;
  return PLAM_OK;
}

/* ---- sheets -------------------------------------------------------------- */

struct sheet_ctx {
  struct xml_base x;
  struct xlsx_book *b;
  table_row_fn fn;
  void *ctx;
  /* current row */
  uint32_t row, last_row;
  size_t ncols;    /* highest non-empty column of the row */
  struct buf text; /* cell texts, NUL-terminated */
  size_t *off;     /* per column (max_cols), SIZE_MAX = empty */
  size_t *lens;
  const char **cells;
  enum table_cell_kind *kinds;
  double *numbers;
  size_t cells_read;
  /* current cell */
  bool in_c, in_v, in_is, in_t;
  int in_rph;
  uint32_t col, last_col;
  char type[16];
  size_t style;
  bool has_v;
  struct buf val;
};

static plam_err cell_fail(struct sheet_ctx *c, plam_err e, const char *what, const char *detail) {
  char ref[16];
  char cn[4];
  xlsx_col_name(c->col, cn);
  snprintf(ref, sizeof ref, "%s%u", cn, c->row);
  table_error_set(c->x.te, e, c->row, c->col, "cellule %s : %s%.60s", ref, what, detail ? detail : "");
  xml_stop(&c->x, e);
  return e;
}

static void XMLCALL sh_start(void *ud, const XML_Char *name, const XML_Char **atts) {
  struct sheet_ctx *c = ud;
  if (c->x.err) return;
  const char *ln = lname(name);
  if (strcmp(ln, "row") == 0) {
    const char *r = attr(atts, "r");
    uint32_t rn = c->last_row + 1;
    if (r) {
      char *end;
      unsigned long v = strtoul(r, &end, 10);
      if (*end || v == 0 || v > 1048576) {
        table_error_set(c->x.te, PLAM_ERR_INVALID, 0, 0, "numéro de ligne invalide « %.20s »", r);
        xml_stop(&c->x, PLAM_ERR_INVALID);
        return;
      }
      rn = (uint32_t)v;
    }
    c->row = rn;
    c->ncols = 0;
    c->last_col = 0;
    buf_clear(&c->text);
  } else if (strcmp(ln, "c") == 0) {
    const char *r = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
    uint32_t col = c->last_col + 1;
    if (r) {
      uint32_t rr;
      if (xlsx_cell_ref_parse(r, &rr, &col) != PLAM_OK) {
        table_error_set(c->x.te, PLAM_ERR_INVALID, c->row, 0, "référence de cellule invalide « %.20s »", r);
        xml_stop(&c->x, PLAM_ERR_INVALID);
        return;
      }
    }
    c->col = col;
    c->last_col = col;
    snprintf(c->type, sizeof c->type, "%s", t ? t : "n");
    c->style = s ? strtoul(s, NULL, 10) : 0;
    c->in_c = true;
    c->has_v = false;
    buf_clear(&c->val);
  } else if (!c->in_c) {
    return;
  } else if (strcmp(ln, "v") == 0) {
    c->in_v = true;
    c->has_v = true;
  } else if (strcmp(ln, "is") == 0) {
    c->in_is = true;
    c->has_v = true;
  } else if (strcmp(ln, "rPh") == 0) {
    c->in_rph++;
  } else if (strcmp(ln, "t") == 0 && c->in_is && !c->in_rph) {
    c->in_t = true;
  }
}

static void XMLCALL sh_text(void *ud, const XML_Char *s, int len) {
  struct sheet_ctx *c = ud;
  if (c->x.err) return;
  if (!(c->in_v || c->in_t)) return;
  if (buf_append(&c->val, s, (size_t)len) != PLAM_OK) cell_fail(c, PLAM_ERR_TOO_LARGE, "texte trop long", NULL);
}

/* Stores the finished cell in the row. */
static void cell_store(struct sheet_ctx *c) {
  struct xlsx_book *b = c->b;
  const char *text = c->val.data ? c->val.data : "";
  size_t len = c->val.len;
  enum table_cell_kind kind = TABLE_CELL_TEXT;
  double num = 0;
  char tmp[24];
  if (!c->has_v) return;
  if (strcmp(c->type, "s") == 0) {
    char *end;
    unsigned long i = strtoul(text, &end, 10);
    if (!len || *end || i >= b->nsst) {
      cell_fail(c, PLAM_ERR_INVALID, "texte partagé inconnu ", text);
      return;
    }
    text = b->sst.data + b->sst_off[i];
    len = strlen(text);
  } else if (strcmp(c->type, "inlineStr") == 0) {
    decode_x_escapes(&c->val);
    text = c->val.data ? c->val.data : "";
    len = c->val.len;
  } else if (strcmp(c->type, "str") == 0) {
    decode_x_escapes(&c->val);
    text = c->val.data ? c->val.data : "";
    len = c->val.len;
  } else if (strcmp(c->type, "b") == 0) {
    if (strcmp(text, "0") != 0 && strcmp(text, "1") != 0) {
      cell_fail(c, PLAM_ERR_INVALID, "booléen invalide ", text);
      return;
    }
    kind = TABLE_CELL_BOOL;
  } else if (strcmp(c->type, "e") == 0) {
    kind = TABLE_CELL_ERROR;
  } else if (strcmp(c->type, "d") == 0) {
    kind = TABLE_CELL_DATE;
  } else if (strcmp(c->type, "n") == 0) {
    if (!len) return;
    char *end;
    num = strtod(text, &end);
    if (*end || !isfinite(num) || len > 64) {
      cell_fail(c, PLAM_ERR_INVALID, "nombre invalide ", text);
      return;
    }
    kind = TABLE_CELL_NUMBER;
    if (c->style < b->nxf && b->xf_date[c->style] && xlsx_serial_to_date(num, b->date1904, tmp) == PLAM_OK) {
      kind = TABLE_CELL_DATE;
      text = tmp;
      len = strlen(tmp);
    }
  } else {
    cell_fail(c, PLAM_ERR_INVALID, "type de cellule inconnu ", c->type);
    return;
  }
  if (len == 0) return;
  if (c->col > b->lim.max_cols) {
    cell_fail(c, PLAM_ERR_TOO_LARGE, "trop de colonnes", NULL);
    return;
  }
  if (++c->cells_read > b->lim.max_cells) {
    cell_fail(c, PLAM_ERR_TOO_LARGE, "trop de cellules dans la feuille", NULL);
    return;
  }
  if (!utf8_valid(text, len, NULL) || memchr(text, '\0', len)) {
    cell_fail(c, PLAM_ERR_INVALID, "texte qui n'est pas de l'UTF-8 valide", NULL);
    return;
  }
  size_t at = c->text.len;
  if (buf_append(&c->text, text, len) != PLAM_OK || buf_append(&c->text, "", 1) != PLAM_OK) {
    cell_fail(c, PLAM_ERR_TOO_LARGE, "ligne trop volumineuse", NULL);
    return;
  }
  size_t i = c->col - 1;
  for (size_t k = c->ncols; k < i; k++) c->off[k] = SIZE_MAX; /* columns skipped */
  if (i >= c->ncols) c->ncols = i + 1;
  c->off[i] = at;
  c->lens[i] = len;
  c->kinds[i] = kind;
  c->numbers[i] = num;
}

static void row_emit(struct sheet_ctx *c) {
  if (c->ncols == 0) return;
  for (size_t i = 0; i < c->ncols; i++) {
    if (c->off[i] == SIZE_MAX) {
      c->cells[i] = "";
      c->lens[i] = 0;
      c->kinds[i] = TABLE_CELL_EMPTY;
      c->numbers[i] = 0;
    } else {
      c->cells[i] = c->text.data + c->off[i];
    }
  }
  struct table_row tr =
    {.row = c->row, .ncols = c->ncols, .cells = c->cells, .lens = c->lens, .kinds = c->kinds, .numbers = c->numbers};
  plam_err e = c->fn(c->ctx, &tr);
  if (e) xml_stop(&c->x, e);
}

static void XMLCALL sh_end(void *ud, const XML_Char *name) {
  struct sheet_ctx *c = ud;
  if (c->x.err) return;
  const char *ln = lname(name);
  if (strcmp(ln, "v") == 0) {
    c->in_v = false;
  } else if (strcmp(ln, "t") == 0) {
    c->in_t = false;
  } else if (strcmp(ln, "rPh") == 0) {
    if (c->in_rph) c->in_rph--;
  } else if (strcmp(ln, "is") == 0) {
    c->in_is = false;
  } else if (strcmp(ln, "c") == 0 && c->in_c) {
    c->in_c = false;
    cell_store(c);
  } else if (strcmp(ln, "row") == 0) {
    row_emit(c);
    c->last_row = c->row;
    c->ncols = 0;
  }
}

plam_err xlsx_read_sheet(struct xlsx_book *b, size_t i, table_row_fn fn, void *ctx, struct table_error *err) {
  if (err) memset(err, 0, sizeof *err);
  if (i >= b->nsheets) return PLAM_ERR_NOT_FOUND;
  struct sheet_ctx c;
  memset(&c, 0, sizeof c);
  c.x.te = err;
  c.b = b;
  c.fn = fn;
  c.ctx = ctx;
  buf_init(&c.text, XLSX_MAX_ROW_TEXT);
  buf_init(&c.val, b->lim.max_string);
  size_t n = b->lim.max_cols;
  c.off = calloc(n, sizeof *c.off);
  c.lens = calloc(n, sizeof *c.lens);
  c.cells = calloc(n, sizeof *c.cells);
  c.kinds = calloc(n, sizeof *c.kinds);
  c.numbers = calloc(n, sizeof *c.numbers);
  plam_err e = PLAM_ERR_NOMEM;
  if (c.off && c.lens && c.cells && c.kinds && c.numbers) {
    e = parse_part(b, b->sheets[i].path, sh_start, sh_end, sh_text, &c.x);
    if (e == PLAM_ERR_NOT_FOUND)
      e = table_error_set(err, PLAM_ERR_INVALID, 0, 0, "feuille « %.100s » absente de l'archive", b->sheets[i].name);
  }
  free(c.off);
  free(c.lens);
  free(c.cells);
  free(c.kinds);
  free(c.numbers);
  buf_release(&c.text);
  buf_release(&c.val);
  return e;
}
