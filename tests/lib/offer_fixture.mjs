// Test data of the offers module (issue 11), written with SQL on either
// engine: an establishment of the demo employer's organisation, a pool,
// candidates near it (available all of March 2030), open needs with their
// slots, and optionally offers with known link secrets (the server stores
// the SHA-256 of the secret only, so the test can hold the secret). This is
// a fixture for the tests: the candidates module's API creates such rows in
// the application.
import crypto from 'node:crypto';
import { dbQuery } from './server.mjs';

export const minutes = (iso) => Date.parse(iso) / 60000;
const blob = (srv, hex) => (String(srv.db).startsWith('postgres') ? `decode('${hex}', 'hex')` : `X'${hex}'`);
const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

/** A new link secret and its stored hash (hex). */
export function newToken() {
  const token = crypto.randomBytes(32).toString('base64url');
  return { token, hash: crypto.createHash('sha256').update(token).digest('hex') };
}

/** Establishment 90001 (employer's organisation) and pool 90001. */
export function seedBase(srv) {
  const org = dbQuery(srv, "SELECT org_id FROM users WHERE login = 'employeur'")[0][0];
  dbQuery(srv, `INSERT INTO establishments(id, name, category, departement, lat, lon, org_id) VALUES
    (90001, 'CH Fixture', 'ch', 'DEP-44', 47.2, -1.55, ${org}),
    (90002, 'Clinique Fixture', 'clinic', 'DEP-44', 47.21, -1.56, NULL);
    INSERT INTO pools(id, name, level, territory_id) VALUES (90001, 'Vivier régional (test)', 'region', 'REG-52');`,
  { write: true });
  return Number(org);
}

/** Candidates first..first+n-1 (IDE, pool 90001), available in March 2030. */
export function seedCandidates(srv, first, n) {
  const a = minutes('2030-03-01T00:00+01:00'), b = minutes('2030-04-01T00:00+02:00');
  const rows = [], pools = [], avail = [];
  for (let i = first; i < first + n; i++) {
    rows.push(`(${i}, ${q(`Prénom${i}`)}, ${q(`Nom${i}`)}, ${q(`c${i}@exemple.fr`)}, '0600000000', 'IDE', 'DEP-44', 47.2, ${(-1.55 + (i - first) * 0.001).toFixed(4)}, 100)`);
    pools.push(`(${i}, 90001)`);
    avail.push(`(${i}, '2030-03-01T00:00+01:00', '2030-04-01T00:00+02:00', ${a}, ${b})`);
  }
  dbQuery(srv, `INSERT INTO candidates(id, first_name, last_name, email, phone, profession, departement, lat, lon, max_km) VALUES ${rows.join(', ')};
    INSERT INTO candidate_pools(candidate_id, pool_id) VALUES ${pools.join(', ')};
    INSERT INTO candidate_availability(candidate_id, start_at, end_at, start_min, end_min) VALUES ${avail.join(', ')};`,
  { write: true });
}

/** An open need of establishment estab (pool 90001) with one slot; nextWaveAt
 * (seconds) keeps a running server's scheduler away from it until then. */
export function seedNeed(srv, { id, estab = 90001, headcount = 1, mode = 'first', contract = 'shift', start, end, pay = '',
  nextWaveAt = null }) {
  dbQuery(srv, `INSERT INTO needs(id, establishment_id, profession, headcount, reason, contract, max_km, fill_mode, status, pay, description)
      VALUES (${id}, ${estab}, 'IDE', ${headcount}, 'replacement', ${q(contract)}, 100, ${q(mode)}, 'open', ${q(pay)}, 'Renfort de nuit (test)');
    INSERT INTO need_pools(need_id, pool_id) VALUES (${id}, 90001);
    INSERT INTO need_slots(id, need_id, start_at, end_at, start_min, end_min) VALUES (${id}, ${id}, ${q(start)}, ${q(end)}, ${minutes(start)}, ${minutes(end)});
    ${nextWaveAt === null ? '' : `INSERT INTO need_waves(need_id, next_wave_at) VALUES (${id}, ${nextWaveAt});`}`,
  { write: true });
}

/** Offers of need to each candidate, sent now, open for a day: [{candidate, token}]. */
export function seedOffers(srv, need, candidates) {
  const now = Math.floor(Date.now() / 1000);
  const out = [], rows = [];
  candidates.forEach((c, i) => {
    const { token, hash } = newToken();
    out.push({ candidate: c, token });
    rows.push(`(${need}, ${c}, 1, ${i + 1}, ${blob(srv, hash)}, 'sent', ${now}, ${now + 86400})`);
  });
  dbQuery(srv, `INSERT INTO offers(need_id, candidate_id, wave, rank, token_hash, status, sent_at, expires_at) VALUES ${rows.join(', ')};`,
    { write: true });
  return out;
}
