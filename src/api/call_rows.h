/* A list answered as its statement steps (docs/ADDING-A-MODULE.md, "A list
 * route"): the app's list function runs with a row function, and each row
 * the store hands it (struct store_row, typed column values read in place)
 * is written at once by the streaming writer (base/jsonw.h) with the bytes
 * jansson would give: no record copied, no tree built. The envelope is
 * {"data": [rows]} or, for a page, {"data": [rows], "meta": {total, limit,
 * offset}}. Stored text that is not UTF-8 stops the writer: the list then
 * runs again with tree, whose jansson bytes are the reference; debug builds
 * run it with tree after every streamed answer and compare the two. */
#ifndef PLAM_API_CALL_ROWS_H
#define PLAM_API_CALL_ROWS_H
#include "api/api.h"

struct jsonw;
struct store_row;
typedef plam_err (*call_row_fn)(const struct store_row *r, void *ctx);

struct call_rows_view {
  /* Runs the app's list, fn(row, ctx) for each row; fills *meta for a page. */
  plam_err (*run)(struct api_call *c, call_row_fn fn, void *ctx, struct call_meta *meta);
  void (*write)(struct jsonw *w, const struct store_row *r); /* one row's view, streamed */
  json_t *(*tree)(const struct store_row *r);                /* the same view with jansson */
  size_t reserve;                                            /* bytes reserved once for the answer */
  int page;                                                  /* 1: with "meta" */
};
plam_err call_rows(struct api_call *c, const struct call_rows_view *v);

#endif
