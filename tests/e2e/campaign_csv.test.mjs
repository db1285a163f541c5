// CSV import and export of a campaign's posts and candidates (issue 4):
// an export is a valid import (same campaign: nothing changes; another
// campaign: the same lists), a file with errors changes nothing and lists
// every error by row and column in French, a good file is written in one
// transaction with one audit entry, and only staff may import or export.
// The phase and spécialité columns (eligibility) round-trip byte for byte.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer } from '../lib/server.mjs';

const CSV = { 'Content-Type': 'text/csv; charset=utf-8' };
const POSTS_HEADER = 'code;libellé;organisation;phase;spécialité;territoire;fragile;capacité;places réservées subdivision;réservé CESP';
const CANDS_HEADER = 'identifiant;nom;rang;ancienneté;phase;spécialité;CESP;subdivision';
// the layout before the eligibility columns (migration 0008): still a valid import
const POSTS_HEADER_0005 = 'code;libellé;organisation;spécialité;territoire;fragile;capacité;places réservées subdivision;réservé CESP';
const CANDS_HEADER_0005 = 'identifiant;nom;rang;ancienneté;CESP;subdivision';

describe('campaign CSV import and export', { timeout: 180000 }, () => {
  let srv, staff, admin, interne, employeur, demo;
  before(async () => {
    srv = await startServer();
    [staff, admin, interne, employeur] = await Promise.all(['staff', 'admin', 'interne', 'employeur'].map((l) => srv.login(l)));
    demo = (await staff.get('/api/campaigns')).json.data.find((c) => /Choix de stage des internes/.test(c.title));
    assert.ok(demo);
  });
  after(async () => { await srv?.stop(); });

  const exportCsv = async (id, list) => {
    const r = await staff.get(`/api/campaigns/${id}/${list}.csv`);
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers['content-type'], /^text\/csv; charset=utf-8/);
    assert.match(r.headers['content-disposition'], /attachment; filename="campagne-\d+-(postes|candidats)\.csv"/);
    return r.text;
  };
  const importCsv = (client, id, list, text, q = '') => client.post(`/api/campaigns/${id}/${list}/import${q}`, text, { headers: CSV });
  const newCampaign = async (title, kind = 'interns') => {
    const c = await staff.post('/api/campaigns', { kind, region: 'REG-52', title, seed: 3 });
    assert.equal(c.status, 201, c.text);
    return c.json.data.id;
  };
  const auditCount = async () => (await admin.get('/api/audit?entity=campaign&limit=500')).json.meta.total;

  test('the export is the documented layout (BOM, ;, CRLF, French headers)', async () => {
    const posts = await exportCsv(demo.id, 'posts');
    assert.ok(posts.startsWith('\ufeff' + POSTS_HEADER + '\r\n'), posts.slice(0, 200));
    assert.match(posts, /\r\nSAR-GER-1;Gériatrie — EHPAD de démonstration \(Sarthe\);EHPAD de démonstration \(Sarthe\);;;DEP-72;oui;2;1;non\r\n/);
    assert.match(posts, /\r\nNAN-PED-1;Pédiatrie — CHU de Nantes;CHU de Nantes;;Pédiatrie;DEP-44;non;1;0;non\r\n/);
    const cands = await exportCsv(demo.id, 'candidates');
    assert.ok(cands.startsWith('\ufeff' + CANDS_HEADER + '\r\n'));
    assert.match(cands, /\r\ninterne;[^;]+;3;2;;Pédiatrie;non;oui\r\n/);
    assert.match(cands, /\r\n;Interne A \(démo\);1;2;;Pédiatrie;non;oui\r\n/);
    assert.match(cands, /\r\n;Interne C \(démo\);4;2;;;non;oui\r\n/);
  });

  test('round trip: importing an export changes nothing; into a new campaign it gives the same lists', async () => {
    for (const list of ['posts', 'candidates']) {
      const text = await exportCsv(demo.id, list);
      const audits = await auditCount();
      const same = await importCsv(staff, demo.id, list, text);
      assert.equal(same.status, 200, same.text);
      assert.equal(same.json.data.created, 0);
      assert.equal(same.json.data.updated, 0);
      assert.equal(same.json.data.unchanged, same.json.data.rows);
      assert.equal(await exportCsv(demo.id, list), text, `${list}: export after re-import is byte-identical`);
      assert.equal(await auditCount(), audits + 1, 'one audit entry per import');
    }
    const id = await newCampaign('Import CSV e2e');
    for (const list of ['posts', 'candidates']) {
      const text = await exportCsv(demo.id, list);
      const r = await importCsv(staff, id, list, text, '?filename=liste.csv');
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.data.created, r.json.data.rows);
      assert.equal(await exportCsv(id, list), text, `${list}: the new campaign exports the same file`);
    }
    const audit = (await admin.get('/api/audit?entity=campaign&limit=5')).json.data.find((x) => x.action === 'import_candidates' && x.entity_id === String(id));
    assert.ok(audit, 'audit entry of the candidates import');
    assert.equal(audit.after.file, 'liste.csv');
    assert.equal(audit.after.created.length, 6);
  });

  test('a second import updates what changed and adds what is new, by code and by account', async () => {
    const id = await newCampaign('Import CSV mise à jour');
    const first = `${POSTS_HEADER_0005}\nP-1;Poste un;CHU de Nantes;Pédiatrie;44;non;2;0;non\nP-2;Poste deux;CHU de Nantes;;DEP-49;oui;1;1;oui\n`;
    assert.equal((await importCsv(staff, id, 'posts', first)).json.data.created, 2);
    // other column order, comma separator, other spellings of yes/no and the département
    const second = 'Capacite,Code,Libelle,Organisation,Territoire,Reserve CESP\n3,P-1,Poste un,CHU de Nantes,DEP-44,1\n1,P-3,Poste trois,CHU de Nantes,85,faux\n';
    const r = await importCsv(staff, id, 'posts', second);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.json.data.created, r.json.data.updated, r.json.data.unchanged], [1, 1, 0]);
    const posts = (await staff.get(`/api/campaigns/${id}/posts`)).json.data;
    const p1 = posts.find((p) => p.code === 'P-1');
    assert.equal(p1.capacity, 3);
    assert.equal(p1.cesp_only, true);
    assert.equal(p1.specialty, 'Pédiatrie', 'an optional column absent from the file keeps the value');
    assert.equal(posts.find((p) => p.code === 'P-3').cesp_only, false);
    assert.equal(posts.find((p) => p.code === 'P-3').territory_id, 'DEP-85');
    assert.equal(posts.length, 3, 'nothing is deleted');

    const cands = `${CANDS_HEADER_0005}\ninterne;;4;1;oui;non\n;Sans Compte;5;0;;\n`;
    const c1 = await importCsv(staff, id, 'candidates', cands);
    assert.equal(c1.status, 200, c1.text);
    const c2 = await importCsv(staff, id, 'candidates', `${CANDS_HEADER_0005}\ninterne;;2;1;oui;non\n;Sans Compte;5;0;non;oui\n`);
    assert.deepEqual([c2.json.data.created, c2.json.data.updated, c2.json.data.unchanged], [0, 1, 1]);
    const list = (await staff.get(`/api/campaigns/${id}/candidates`)).json.data;
    const me = list.find((k) => k.login === 'interne');
    assert.equal(me.rank, 2);
    assert.equal(me.cesp, true);
    assert.equal(me.subdivision, false);
    assert.ok(me.name.length > 0, 'an empty name takes the account name');
    assert.equal(list.find((k) => k.name === 'Sans Compte').subdivision, true, 'an empty subdivision cell is oui');
  });

  test('phase and spécialité columns: import, export, byte-identical round trip, absent column keeps the value', async () => {
    const id = await newCampaign('Import CSV éligibilité');
    const posts = `${POSTS_HEADER}\nE-1;Poste socle;CHU de Nantes;socle;Pédiatrie;44;non;1;0;non\nE-2;Poste libre;CHU de Nantes;;;44;non;2;0;non\n`;
    const p = await importCsv(staff, id, 'posts', posts);
    assert.equal(p.status, 200, p.text);
    const cands = `${CANDS_HEADER}\ninterne;;1;0; approfondissement ;;non;oui\n;Sans Compte;2;0;socle;Pédiatrie;non;oui\n`;
    const k = await importCsv(staff, id, 'candidates', cands);
    assert.equal(k.status, 200, k.text);
    const e1 = (await staff.get(`/api/campaigns/${id}/posts`)).json.data.find((x) => x.code === 'E-1');
    assert.deepEqual([e1.phase, e1.specialty], ['socle', 'Pédiatrie']);
    const list = (await staff.get(`/api/campaigns/${id}/candidates`)).json.data;
    assert.equal(list.find((x) => x.login === 'interne').phase, 'approfondissement', 'cells are trimmed');
    const sc = list.find((x) => x.name === 'Sans Compte');
    assert.deepEqual([sc.phase, sc.specialty], ['socle', 'Pédiatrie']);
    const ptext = await exportCsv(id, 'posts'), ctext = await exportCsv(id, 'candidates');
    assert.match(ptext, /\r\nE-1;Poste socle;CHU de Nantes;socle;Pédiatrie;DEP-44;non;1;0;non\r\n/);
    assert.match(ctext, /\r\n;Sans Compte;2;0;socle;Pédiatrie;non;oui\r\n/);
    for (const [list, text] of [['posts', ptext], ['candidates', ctext]]) {
      const again = await importCsv(staff, id, list, text);
      assert.equal(again.status, 200, again.text);
      assert.equal(again.json.data.unchanged, again.json.data.rows);
      assert.equal(await exportCsv(id, list), text, `${list}: byte-identical after re-import`);
      const other = await newCampaign(`Copie éligibilité ${list}`);
      if (list === 'candidates') assert.equal((await importCsv(staff, other, 'posts', ptext)).status, 200);
      assert.equal((await importCsv(staff, other, list, text)).status, 200);
      assert.equal(await exportCsv(other, list), text, `${list}: another campaign exports the same file`);
    }
    // a file without the columns keeps the values of existing rows
    const old = await importCsv(staff, id, 'posts', `${POSTS_HEADER_0005}\nE-1;Poste socle modifié;CHU de Nantes;Pédiatrie;44;non;1;0;non\n`);
    assert.deepEqual([old.json.data.updated, old.json.data.unchanged], [1, 0]);
    assert.equal((await staff.get(`/api/campaigns/${id}/posts`)).json.data.find((x) => x.code === 'E-1').phase, 'socle');
    // an empty cell clears the rule
    const clear = await importCsv(staff, id, 'candidates', `${CANDS_HEADER}\n;Sans Compte;2;0;;Pédiatrie;non;oui\n`);
    assert.equal(clear.json.data.updated, 1);
    assert.equal((await staff.get(`/api/campaigns/${id}/candidates`)).json.data.find((x) => x.name === 'Sans Compte').phase, '');
    // errors name the column
    const bad = await importCsv(staff, id, 'candidates', `${CANDS_HEADER}\n;Trop Long;3;0;${'é'.repeat(70)};;non;oui\n`);
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json.error.errors.map((e) => [e.row, e.column, e.col]), [[2, 'phase', 5]]);
    assert.match(bad.json.error.errors[0].message, /128 octets/);
  });

  test('a file with errors changes nothing and lists every error by row and column', async () => {
    const id = await newCampaign('Import CSV erreurs');
    const before = (await staff.get(`/api/campaigns/${id}/posts`)).json.data.length;
    const audits = await auditCount();
    const csv = `${POSTS_HEADER_0005}\n` +
      'OK-1;Bon poste;CHU de Nantes;;DEP-44;non;1;0;non\n' +          // row 2: good
      'é!;Poste;CHU de Nantes;;DEP-44;non;1;0;non\n' +                 // row 3: code
      'B-1;Poste;Organisation fantôme;;DEP-44;non;1;0;non\n' +         // row 4: organisation
      'B-2;Poste;CHU de Nantes;;DEP-999;non;1;0;non\n' +               // row 5: territoire (shape)
      'B-3;Poste;CHU de Nantes;;DEP-44;peut-être;deux;3;non\n' +       // row 6: fragile, capacité
      'B-4;Poste;CHU de Nantes;;DEP-44;non;1;2;non\n' +                // row 7: places réservées > capacité
      'OK-1;Doublon;CHU de Nantes;;DEP-44;non;1;0;non\n' +             // row 8: code déjà donné
      'B-5;;CHU de Nantes;;DEP-44;non;1;0;non\n';                      // row 9: libellé
    const r = await importCsv(staff, id, 'posts', csv);
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.code, 'invalid_input');
    assert.match(r.json.error.message, /Le fichier contient 8 erreurs : rien n'a été importé\./);
    const got = r.json.error.errors.map((e) => [e.row, e.column, e.col]);
    assert.deepEqual(got, [[3, 'code', 1], [4, 'organisation', 3], [5, 'territoire', 5], [6, 'fragile', 6], [6, 'capacité', 7],
      [7, 'places réservées subdivision', 8], [8, 'code', 1], [9, 'libellé', 2]]);
    assert.equal(r.json.error.errors_total, 8);
    const msg = Object.fromEntries(r.json.error.errors.map((e) => [`${e.row}/${e.column}`, e.message]));
    assert.match(msg['4/organisation'], /organisation « Organisation fantôme » inconnue/);
    assert.match(msg['6/capacité'], /« deux » n'est pas un nombre entier/);
    assert.match(msg['7/places réservées subdivision'], /2 places réservées pour une capacité de 1/);
    assert.match(msg['8/code'], /code de poste « OK-1 » déjà donné ligne 2/);
    assert.match(msg['5/territoire'], /département « DEP-999 » inconnu/);
    assert.equal((await staff.get(`/api/campaigns/${id}/posts`)).json.data.length, before, 'nothing was written');
    assert.equal(await auditCount(), audits, 'nothing was audited');

    const header = await importCsv(staff, id, 'posts', 'code;libellé;couleur\nA;B;C\n');
    assert.equal(header.status, 400);
    assert.deepEqual(header.json.error.errors.map((e) => [e.row, e.col, e.column]), [[1, 0, 'organisation'], [1, 0, 'territoire'], [1, 0, 'capacité'], [1, 3, '']]);
    assert.match(header.json.error.errors[3].message, /colonne 3 : en-tête « couleur » inconnu/);

    const cands = await importCsv(staff, id, 'candidates', `${CANDS_HEADER_0005}\nfantome;;1;0;non;oui\npilote;;2;0;non;oui\n;;3;0;non;oui\n;Même Nom;5;0;non;oui\n;Même Nom;6;0;non;oui\n;Rang Nul;0;0;non;oui\n`);
    assert.equal(cands.status, 400);
    assert.deepEqual(cands.json.error.errors.map((e) => [e.row, e.column]),
      [[2, 'identifiant'], [3, 'identifiant'], [4, 'nom'], [6, 'nom'], [7, 'rang']]);
    assert.match(cands.json.error.errors[1].message, /rôle « interne » ou « candidat »/);
    assert.equal((await staff.get(`/api/campaigns/${id}/candidates`)).json.data.length, 0);

    // a post's site must be one the campaign offers: the région-level "CHU" record is not a site
    const site = await importCsv(staff, id, 'posts', `${POSTS_HEADER_0005}\nS-1;Poste;CHU;;DEP-44;non;1;0;non\n`);
    assert.equal(site.status, 400, site.text);
    assert.deepEqual(site.json.error.errors.map((e) => [e.row, e.column]), [[2, 'organisation']]);
    assert.match(site.json.error.errors[0].message, /« CHU » ne peut pas accueillir de poste de la campagne/);
    assert.equal((await staff.get(`/api/campaigns/${id}/posts`)).json.data.length, 0);

    const empty = await importCsv(staff, id, 'posts', '');
    assert.equal(empty.status, 400);
    assert.match(empty.json.error.errors[0].message, /fichier vide/);
  });

  test('permissions: only staff import and export; JSON is refused', async () => {
    const text = await exportCsv(demo.id, 'posts');
    for (const who of [interne, employeur]) {
      assert.equal((await importCsv(who, demo.id, 'posts', text)).status, 403);
      assert.equal((await importCsv(who, demo.id, 'candidates', `${CANDS_HEADER}\n`)).status, 403);
      assert.equal((await who.get(`/api/campaigns/${demo.id}/posts.csv`)).status, 403);
      assert.equal((await who.get(`/api/campaigns/${demo.id}/candidates.csv`)).status, 403);
    }
    assert.equal((await importCsv(srv.anon(), demo.id, 'posts', text)).status, 401);
    const wrongType = await staff.post(`/api/campaigns/${demo.id}/posts/import`, { a: 1 });
    assert.equal(wrongType.status, 415);
    // an upload route asks for its file format, not for JSON
    assert.equal(wrongType.json.error.code, 'unsupported_file_type');
    assert.doesNotMatch(wrongType.json.error.message, /JSON/);
    assert.match(wrongType.json.error.message, /CSV ou XLSX/);
    assert.equal(wrongType.json.error.fields[0].field, 'Content-Type');
    assert.equal((await staff.get('/api/campaigns/2147483000/posts.csv')).status, 404);
    assert.equal((await importCsv(staff, 2147483000, 'posts', text)).status, 404);
  });
});
