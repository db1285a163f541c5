// Test fixture of the territorial committee tests (e2e and browser): the
// demo plans hold no territorial committee whose département has
// département-level indicators (Bourgogne-Franche-Comté's committees are in
// the sources, but its indicators are regional), so the tests add one
// committee for Loire-Atlantique to their own copy of the demo database. It
// is not demo data: its source says it is a test fixture.
import { dbQuery, makeTestDatabase } from './server.mjs';

export const FIXTURE_NAME = 'Comité territorial de test — Loire-Atlantique';

/** A copy of the demo database in dir with one territorial committee for DEP-44 in the Pays de la Loire plan. */
export function committeeDatabase(dir) {
  const db = makeTestDatabase(dir);
  const sql = `INSERT INTO gov_bodies(plan_id, kind, name, territory_id, source) SELECT id, 'territorial', ` +
    `'${FIXTURE_NAME}', 'DEP-44', 'fixture des tests (aucune source)' FROM plans WHERE slug = 'pdl-plam-2022'`;
  dbQuery(db, sql, { write: true });
  return db;
}
