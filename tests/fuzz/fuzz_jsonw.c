/* libFuzzer target for the streaming JSON writer (src/base/jsonw.c): the
 * input is a little program (one byte of opcode, then operands) that writes
 * strings, keys, integers, null, booleans and nested containers both with
 * jsonw and as a jansson tree. Checks: when every string is UTF-8 that
 * jansson accepts, jsonw succeeds and its bytes are exactly
 * json_dumps(tree, JSON_COMPACT); when jansson refuses a string, jsonw
 * reports PLAM_ERR_INVALID (never other bytes than jansson's); and
 * jsonw_utf8_valid agrees with jansson on every string. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "base/jsonw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(c) \
  do { \
    if (!(c)) abort(); \
  } while (0)

#define FUZZ_DEPTH 8

struct fz {
  const uint8_t *p, *end;
};

static int fz_byte(struct fz *f) { return f->p < f->end ? *f->p++ : -1; }

/* A string operand: a length byte then that many bytes (cut at the end). */
static size_t fz_str(struct fz *f, const char **s) {
  int n = fz_byte(f);
  if (n < 0) n = 0;
  size_t avail = (size_t)(f->end - f->p);
  size_t len = (size_t)n < avail ? (size_t)n : avail;
  *s = (const char *)f->p;
  f->p += len;
  return len;
}

/* Appends v to the container c (array, or object under key k). */
static void fz_add(json_t *c, const char *k, json_t *v, int *refused) {
  if (!v) {
    *refused = 1;
    return;
  }
  if (json_is_array(c)) json_array_append_new(c, v);
  else json_object_set_new_nocheck(c, k, v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct fz f = {data, data + size};
  struct buf b;
  buf_init(&b, 1u << 20);
  struct jsonw w;
  jsonw_init(&w, &b);
  json_t *stack[FUZZ_DEPTH];
  char *keys[FUZZ_DEPTH]; /* key under which stack[d] goes into stack[d - 1] */
  int depth = 0, refused = 0;
  char *key = NULL; /* pending key in the current object */
  json_t *root = json_array();
  jsonw_array(&w);
  stack[depth] = root;
  keys[depth++] = NULL;
  int op;
  while ((op = fz_byte(&f)) >= 0 && !refused) {
    json_t *cur = stack[depth - 1];
    int in_object = json_is_object(cur);
    if (in_object && !key) { /* an object wants a key first */
      const char *s;
      size_t n = fz_str(&f, &s);
      key = strndup(s, n);
      FUZZ_CHECK(key);
      if (strlen(key) != n) { /* NUL in a key: jansson keys are C strings */
        free(key);
        key = NULL;
        break;
      }
      json_t *probe = json_string(key);
      FUZZ_CHECK(jsonw_utf8_valid(key, n) == (probe != NULL));
      json_decref(probe);
      if (!probe) {
        free(key);
        key = NULL;
        break;
      }
      if (json_object_get(cur, key)) { /* jansson would replace, not repeat */
        free(key);
        key = NULL;
        continue;
      }
      jsonw_key(&w, key);
      continue;
    }
    switch (op % 8) {
    case 0:
    case 1: { /* string */
      const char *s;
      size_t n = fz_str(&f, &s);
      json_t *v = json_stringn(s, n);
      FUZZ_CHECK(jsonw_utf8_valid(s, n) == (v != NULL));
      jsonw_strn(&w, s, n);
      fz_add(cur, key, v, &refused);
      break;
    }
    case 2: { /* integer */
      int64_t v = 0;
      for (int i = 0; i < 8; i++) v = (int64_t)((uint64_t)v << 8 | (uint64_t)(fz_byte(&f) & 0xff));
      jsonw_int(&w, v);
      fz_add(cur, key, json_integer(v), &refused);
      break;
    }
    case 3:
      jsonw_null(&w);
      fz_add(cur, key, json_null(), &refused);
      break;
    case 4:
      jsonw_bool(&w, op & 16);
      fz_add(cur, key, json_boolean(op & 16), &refused);
      break;
    case 5:
    case 6: /* open */
      if (depth < FUZZ_DEPTH) {
        json_t *c = op % 8 == 5 ? json_array() : json_object();
        if (op % 8 == 5) jsonw_array(&w);
        else jsonw_object(&w);
        json_incref(c);
        fz_add(cur, key, c, &refused);
        keys[depth] = key;
        stack[depth++] = c;
        key = NULL;
        json_decref(c); /* the parent holds it */
        continue;
      }
      jsonw_null(&w); /* too deep: a null instead */
      fz_add(cur, key, json_null(), &refused);
      break;
    case 7: /* close (a pending key gets null first) */
      if (in_object) {
        jsonw_null(&w);
        fz_add(cur, key, json_null(), &refused);
      }
      if (depth > 1) {
        jsonw_end(&w);
        depth--;
        free(keys[depth]);
      }
      break;
    }
    free(key);
    key = NULL;
  }
  if (!refused && key) { /* a key without its value: give it null */
    jsonw_null(&w);
    json_object_set_new_nocheck(stack[depth - 1], key, json_null());
  }
  free(key);
  while (depth > 1) {
    jsonw_end(&w);
    depth--;
    free(keys[depth]);
  }
  jsonw_end(&w);
  plam_err e = jsonw_finish(&w);
  if (refused) {
    FUZZ_CHECK(e == PLAM_ERR_INVALID);
  } else {
    FUZZ_CHECK(e == PLAM_OK);
    char *want = json_dumps(root, JSON_COMPACT | JSON_ENCODE_ANY);
    FUZZ_CHECK(want);
    FUZZ_CHECK(strlen(want) == b.len && !memcmp(want, b.data, b.len));
    free(want);
  }
  json_decref(root);
  buf_release(&b);
  return 0;
}
