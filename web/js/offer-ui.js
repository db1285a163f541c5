// Shared by the offer pages (offres.html, offre.html, besoin-offres.html).
import { T } from './texts.js';
import { h } from './dom.js';

/** "2030-03-02T08:00+01:00" as "02/03/2030 08:00" (the time as written). */
export function when(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(iso || '');
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}` : (iso || '');
}

/** The place of an offer: commune (département), or the département. */
export function placeOf(o) {
  return o.commune_name ? `${o.commune_name} (${o.departement_name})` : o.departement_name;
}

/** A visitor's way to receive offers: create a candidate account (null when signed in). */
export function signUp(session) {
  return session && session.user ? null : h('p', {}, h('a', { href: '/inscription.html', class: 'fr-link' }, T.offerspub.signUp));
}
