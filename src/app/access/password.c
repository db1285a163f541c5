/* Argon2id hashing with bounded concurrency: see password.h. */
#include "app/access/password.h"
#include "base/utf8.h"
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

static sem_t password_slots;
static pthread_once_t password_once = PTHREAD_ONCE_INIT;
static unsigned password_parallel = 2;
static int password_ready;
static char password_dummy[crypto_pwhash_STRBYTES];

static void password_setup(void) {
  if (sodium_init() < 0) return;
  if (sem_init(&password_slots, 0, password_parallel)) return;
  if (crypto_pwhash_str(password_dummy, "plam-dummy-password", 19, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE))
    return;
  password_ready = 1;
}

plam_err password_init(unsigned max_parallel) {
  if (max_parallel) password_parallel = max_parallel;
  pthread_once(&password_once, password_setup);
  return password_ready ? PLAM_OK : PLAM_ERR_INTERNAL;
}

static plam_err password_acquire(void) {
  if (password_init(0)) return PLAM_ERR_INTERNAL;
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += 5;
  while (sem_timedwait(&password_slots, &until)) {
    if (errno == EINTR) continue;
    return PLAM_ERR_BUSY;
  }
  return PLAM_OK;
}

const char *password_policy_error(const char *pw) {
  if (!pw) return "le mot de passe est obligatoire";
  if (strlen(pw) > PASSWORD_MAX_BYTES) return "le mot de passe est trop long (256 octets au plus)";
  if (utf8_count(pw) < PASSWORD_MIN_CHARS) return "le mot de passe doit contenir au moins 12 caractères";
  return NULL;
}

plam_err password_hash(const char *pw, char out[PASSWORD_HASH_MAX]) {
  _Static_assert(crypto_pwhash_STRBYTES <= PASSWORD_HASH_MAX, "hash buffer too small");
  plam_err e = password_acquire();
  if (e) return e;
  int rc = crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE);
  sem_post(&password_slots);
  return rc ? PLAM_ERR_NOMEM : PLAM_OK;
}

plam_err password_verify(const char *hash, const char *pw) {
  plam_err e = password_acquire();
  if (e) return e;
  int rc = crypto_pwhash_str_verify(hash, pw, strlen(pw));
  sem_post(&password_slots);
  return rc ? PLAM_ERR_BAD_CREDENTIALS : PLAM_OK;
}

void password_verify_dummy(const char *pw) {
  if (password_acquire()) return;
  if (crypto_pwhash_str_verify(password_dummy, pw, strlen(pw)) ==
      0) { /* cannot match: the dummy password is not a valid login */
  }
  sem_post(&password_slots);
}
