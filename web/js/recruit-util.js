// Helpers shared by the recruitment pages (besoins.html, candidat.html):
// times as written in ISO 8601 with their offset.

/** "2027-01-15T21:00+01:00" as "15/01/2027 21:00" (the time as written). */
export function slotText(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso || '');
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}` : String(iso || '');
}

/** A datetime-local value ("2027-01-15T21:00") with the browser's offset for that instant. */
export function withOffset(local) {
  const d = new Date(local);
  if (!local || Number.isNaN(d.getTime())) return local;
  const off = -d.getTimezoneOffset(), sign = off >= 0 ? '+' : '-', a = Math.abs(off);
  return `${local.slice(0, 16)}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
