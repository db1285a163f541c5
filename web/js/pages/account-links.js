// Shared by the public account pages (mail): the token of a signed link,
// read from the URL's fragment (#jeton=…) so that it never reaches the
// server's logs nor a Referer, then removed from the address bar and the
// history; and the password pair check.
import { T } from '../texts.js';

/** The link's token, or ''; the fragment is cleared. */
export function takeToken() {
  const m = /^#jeton=([A-Za-z0-9._-]{1,127})$/.exec(location.hash);
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  return m ? m[1] : '';
}

/** Checks a new password and its confirmation on their fields; the first bad input or null. */
export function checkPasswords(pwdF, confirmF, texts) {
  pwdF.setError(null);
  confirmF.setError(null);
  if ([...pwdF.input.value].length < 12) { pwdF.setError(texts.shortPassword || T.signup.shortPassword); return pwdF.input; }
  if (pwdF.input.value !== confirmF.input.value) { confirmF.setError(T.signup.mismatch); return confirmF.input; }
  return null;
}

// A link pasted into a tab already showing the page changes only the
// fragment: load the page again so that it reads the new token.
window.addEventListener('hashchange', () => { if (location.hash.startsWith('#jeton=')) location.reload(); });
