// Shared by the offer pages (offres.html, offre.html, besoin-offres.html).

/** "2030-03-02T08:00+01:00" as "02/03/2030 08:00" (the time as written). */
export function when(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(iso || '');
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}` : (iso || '');
}

/** The place of an offer: commune (département), or the département. */
export function placeOf(o) {
  return o.commune_name ? `${o.commune_name} (${o.departement_name})` : o.departement_name;
}
