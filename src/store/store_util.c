/* Small helpers shared by the store files. */
#include <string.h>
#include "store/store.h"

void store_copy(char *dst, size_t n, const char *src) {
  if (!n) return;
  size_t len = src ? strlen(src) : 0;
  if (len >= n) {
    len = n - 1;
    /* do not cut a UTF-8 sequence in half */
    while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80) len--;
  }
  if (len) memcpy(dst, src, len);
  dst[len] = '\0';
}
