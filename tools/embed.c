/* Build-time generator of the files plam carries in its binary (Fossil's
 * mkbuiltin model): reads files and writes one C source defining
 * embed_files[] (src/base/embed.h), sorted by name, each file's bytes as a
 * string literal (printable ASCII as is, everything else and the characters
 * that could start an escape, a trigraph or end the literal as 3-digit octal
 * escapes, so the source compiles fast and reads as the file it holds).
 * Usage: embed OUT.c [--root DIR --prefix NAME/ FILE...]...
 * FILE is relative to the last --root; its embedded name is NAME/FILE.
 * Written to OUT.c.tmp then renamed, so a failed run leaves no half file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EMBED_MAX 4096

struct entry {
  char *name, *path;
};

static int entry_cmp(const void *a, const void *b) {
  return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static char *join(const char *a, const char *b, const char *c) {
  size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
  char *s = malloc(n);
  if (!s) exit(1);
  snprintf(s, n, "%s%s%s", a, b, c);
  return s;
}

static int emit(FILE *out, int idx, const char *path, long *len) {
  FILE *in = fopen(path, "rb");
  if (!in) {
    fprintf(stderr, "embed: cannot read %s\n", path);
    return 1;
  }
  fprintf(out, "static const char embed_%d[] =\n\"", idx);
  int c, col = 0;
  *len = 0;
  while ((c = getc(in)) != EOF) {
    (*len)++;
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '?') {
      putc(c, out);
      col++;
    } else {
      fprintf(out, "\\%03o", (unsigned)c);
      col += 4;
    }
    if (c == '\n' || col >= 100) {
      fputs("\"\n\"", out);
      col = 0;
    }
  }
  fputs("\";\n", out);
  int bad = ferror(in);
  fclose(in);
  if (bad) fprintf(stderr, "embed: read error on %s\n", path);
  return bad;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: embed OUT.c [--root DIR --prefix NAME/ FILE...]...\n");
    return 2;
  }
  static struct entry entries[EMBED_MAX];
  int n = 0;
  const char *root = ".", *prefix = "";
  for (int a = 2; a < argc; a++) {
    if (!strcmp(argv[a], "--root") && a + 1 < argc) root = argv[++a];
    else if (!strcmp(argv[a], "--prefix") && a + 1 < argc) prefix = argv[++a];
    else if (n == EMBED_MAX) {
      fprintf(stderr, "embed: more than %d files\n", EMBED_MAX);
      return 1;
    } else {
      entries[n].name = join(prefix, argv[a], "");
      entries[n].path = join(root, "/", argv[a]);
      n++;
    }
  }
  qsort(entries, (size_t)n, sizeof entries[0], entry_cmp);
  for (int i = 1; i < n; i++)
    if (!strcmp(entries[i].name, entries[i - 1].name)) {
      fprintf(stderr, "embed: %s given twice\n", entries[i].name);
      return 1;
    }
  char *tmp = join(argv[1], ".tmp", "");
  FILE *out = fopen(tmp, "w");
  if (!out) {
    fprintf(stderr, "embed: cannot write %s\n", tmp);
    return 1;
  }
  fprintf(out,
          "/* Generated at build time by tools/embed.c from %d files: do not edit. */\n"
          "#include \"base/embed.h\"\n\n",
          n);
  long *lens = calloc((size_t)n + 1, sizeof *lens);
  int bad = !lens;
  for (int i = 0; i < n && !bad; i++) bad = emit(out, i, entries[i].path, &lens[i]);
  fprintf(out, "\nconst struct embed_file embed_files[] = {\n");
  for (int i = 0; i < n && !bad; i++) fprintf(out, "  {\"%s\", embed_%d, %ld},\n", entries[i].name, i, lens[i]);
  if (!n) fprintf(out, "  {\"\", \"\", 0},\n");
  fprintf(out, "};\nconst size_t embed_files_count = %d;\n", n);
  free(lens);
  if (fclose(out) || bad || rename(tmp, argv[1])) {
    fprintf(stderr, "embed: failed to write %s\n", argv[1]);
    remove(tmp);
    free(tmp);
    return 1;
  }
  free(tmp);
  return 0;
}
