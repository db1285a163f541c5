/* The outbox for administrators: see mail_admin.h. */
#include "app/mail/mail_admin.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/access/write.h"
#include "app/mail/mail.h"
#include "app/mail/mail_int.h"
#include "store/store_mail.h"
#include "store/store_tx.h"

static json_t *outbox_rec_json(const struct outbox_rec *o) {
  json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:I}", "id", (json_int_t)o->id, "kind", o->kind,
                        "recipient", o->recipient, "subject", o->subject, "status", o->status, "attempts",
                        (json_int_t)o->attempts, "next_attempt_at", (json_int_t)o->next_attempt_at, "last_error",
                        o->last_error, "created_at", (json_int_t)o->created_at);
  if (j) json_object_set_new(j, "sent_at", o->sent_at ? json_integer(o->sent_at) : json_null());
  return j;
}

plam_err mail_outbox_json(struct db *db, json_t **out) {
  struct outbox_rec *rows = calloc(MAIL_OUTBOX_LIST, sizeof *rows);
  if (!rows) return PLAM_ERR_NOMEM;
  int64_t counts[3];
  int n = 0;
  plam_err e = store_read_begin(db);
  if (!e) {
    e = store_outbox_counts(db, counts);
    if (!e) e = store_outbox_recent(db, MAIL_OUTBOX_LIST, rows, &n);
    store_read_end(db);
  }
  json_t *list = json_array();
  for (int i = 0; !e && list && i < n; i++) json_array_append_new(list, outbox_rec_json(&rows[i]));
  free(rows);
  if (e || !list) {
    json_decref(list);
    return e ? e : PLAM_ERR_NOMEM;
  }
  *out = json_pack("{s:{s:I, s:I, s:I}, s:o}", "counts", "queued", (json_int_t)counts[0], "sent", (json_int_t)counts[1],
                   "failed", (json_int_t)counts[2], "messages", list);
  return *out ? PLAM_OK : PLAM_ERR_NOMEM;
}

struct test_arg {
  const char *to, *instance;
  int64_t *id;
};

static plam_err test_tx(struct app_tx *tx, void *arg) {
  const struct test_arg *x = arg;
  int sms = x->to[0] == '+';
  char text[400], subject[300];
  snprintf(text, sizeof text, "Message d'essai de %s : l'envoi des %s fonctionne.", x->instance,
           sms ? "SMS" : "courriels");
  snprintf(subject, sizeof subject, "Message d'essai – %s", x->instance);
  plam_err e = mail_queue_id(tx, x->to, sms ? NULL : subject, text, x->id);
  if (e) return e;
  return app_audit(tx, "test", "mail", *x->id, NULL,
                   json_pack("{s:s, s:s}", "kind", sms ? "sms" : "email", "to", x->to));
}

plam_err mail_send_test(struct db *db, const struct actor *a, const char *to, const char *instance_name, int64_t *id,
                        struct field_error *fe) {
  if (!to || !*to) return field_fail(fe, "to", "adresse électronique ou numéro de téléphone obligatoire");
  struct test_arg x = {to, instance_name ? instance_name : "plam", id};
  return app_write(db, a, test_tx, &x, fe);
}
