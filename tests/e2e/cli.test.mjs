// The command line: `plam --help` and every subcommand's --help (French,
// exit 0), unknown commands (exit 2), and `plam user add|list|disable|
// enable|passwd` with French messages and the documented exit codes
// (0 success, 1 failure, 2 usage, 3 invalid data).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeTestDatabase, runPlam, runPlamAsync } from '../lib/server.mjs';

// French for users: accented words or common French words, and none of the
// English usage words that would betray an untranslated text.
function assertFrench(text, where) {
  assert.match(text, /[àâçéèêîïôûùœ]|\b(le|la|les|des|du|une?|et|pour|avec|sur|voir|inconnue?|introuvable)\b/i, `${where}: French words`);
  assert.doesNotMatch(text, /\b(the|database|usage:|options:|default|error)\b/i, `${where}: English words`);
}

function subcommands() {
  const r = runPlam(['--help']);
  const block = r.stdout.split(/Commandes\s*:/)[1] || '';
  return [...block.matchAll(/^ {2}([a-z][a-z-]*)\s{2,}/gm)].map((m) => m[1]);
}

describe('command line', { concurrency: true }, () => {
  describe('plam --help and subcommand help', { timeout: 60000, concurrency: 1 }, () => {
    test('plam --help, -h and no argument', async () => {
      const [r, h, none] = await Promise.all([runPlamAsync(['--help']), runPlamAsync(['-h']), runPlamAsync([])]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /Usage : plam COMMANDE/);
      assertFrench(r.stdout, 'plam --help');
      assert.equal(h.status, 0);
      assert.equal(none.status, 2, 'no command is a usage error');
      assert.match(none.stdout + none.stderr, /Commandes/);
    });

    test('every subcommand listed by plam --help has a French --help that exits 0', async () => {
      const cmds = subcommands();
      for (const c of ['init', 'serve', 'user', 'migrate', 'backup', 'check', 'version', 'routes']) assert.ok(cmds.includes(c), `${c} listed`);
      const problems = [];
      const runs = await Promise.all(cmds.map((c) => runPlamAsync([c, '--help'])));
      cmds.forEach((c, i) => {
        const r = runs[i];
        const out = r.stdout + r.stderr;
        if (r.status !== 0) problems.push(`plam ${c} --help exited ${r.status}`);
        if (!new RegExp(`Usage : plam ${c}\\b`).test(out)) problems.push(`plam ${c} --help does not print "Usage : plam ${c}": ${JSON.stringify(out.slice(0, 80))}`);
        else if (!/Codes de sortie/.test(out)) problems.push(`plam ${c} --help does not document its exit codes`);
        try { assertFrench(out, `plam ${c} --help`); } catch (e) { problems.push(e.message); }
      });
      const rh = runPlam(['backup', '-h']);
      assert.equal(rh.status, 0);
      assert.match(rh.stdout, /Usage : plam backup/);
      assert.deepEqual(problems, []);
    });

    test('unknown command and unknown option: exit 2, French message on stderr', async () => {
      const [r, o] = await Promise.all([runPlamAsync(['frobnicate']), runPlamAsync(['check', '--no-such-option'])]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /commande inconnue/);
      assert.equal(o.status, 2);
      assert.match(o.stderr, /option|inconnu/i);
      assertFrench(o.stderr, 'unknown option');
    });

    test('plam version', () => {
      const r = runPlam(['version']);
      assert.equal(r.status, 0);
      assert.match(r.stdout, /^plam \d+\.\d+\.\d+/);
    });
  });

  describe('plam user', { timeout: 90000, concurrency: 1 }, () => {
    let dir, db;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plam-e2e-cli-'));
      db = makeTestDatabase(dir);
    });
    after(() => { fs.rmSync(dir, { recursive: true, force: true }); });

    const user = (args, input) => runPlam(['user', ...args, '--db', db], { input });
    const userAsync = (args, input) => runPlamAsync(['user', ...args, '--db', db], { input });

    test('add: creates the account, French confirmation, exit 0; list shows it', () => {
      const r = user(['add', 'nouvelle.pilote', '--role', 'pilot', '--org', '3', '--name', 'Nouvelle Pilote',
        '--email', 'np@example.org', '--password-stdin'], 'un-mot-de-passe-solide-2026\n');
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /Compte « nouvelle\.pilote » créé \(id \d+, rôle pilot\)/);
      const l = user(['list']);
      assert.equal(l.status, 0);
      assert.match(l.stdout, /IDENTIFIANT/);
      assert.match(l.stdout, /nouvelle\.pilote\s+pilot\s+actif/);
      assert.doesNotMatch(l.stdout, /argon2|mot-de-passe-solide/i, 'list shows no secret');
    });

    test('add: usage errors exit 2 with a French message', async () => {
      const [noPw, noRole, noLogin, badAction] = await Promise.all([
        userAsync(['add', 'x.y', '--role', 'staff']),
        userAsync(['add', 'x.y', '--password-stdin'], 'un-mot-de-passe-solide-2026\n'),
        userAsync(['add']),
        userAsync(['frob', 'x'])]);
      assert.equal(noPw.status, 2);
      assert.match(noPw.stderr, /--password-stdin/);
      assertFrench(noPw.stderr, 'missing --password-stdin');
      assert.equal(noRole.status, 2);
      assert.match(noRole.stderr, /--role est obligatoire/);
      assert.equal(noLogin.status, 2);
      assert.match(noLogin.stderr, /usage/i);
      assert.equal(badAction.status, 2);
    });

    test('add: invalid data exits 3 with a French message naming the field', async () => {
      const pw = 'un-mot-de-passe-solide-2026\n';
      const [short, role, dup, org] = await Promise.all([
        userAsync(['add', 'court', '--role', 'staff', '--password-stdin'], 'court\n'),
        userAsync(['add', 'mauvais.role', '--role', 'king', '--password-stdin'], pw),
        userAsync(['add', 'admin', '--role', 'staff', '--password-stdin'], pw),
        userAsync(['add', 'sans.org', '--role', 'staff', '--org', '999999', '--password-stdin'], pw)]);
      assert.equal(short.status, 3, short.stderr);
      assert.match(short.stderr, /password|mot de passe/i);
      assert.match(short.stderr, /12/);
      assert.equal(role.status, 3, role.stderr);
      assert.match(role.stderr, /role|rôle/i);
      assert.equal(dup.status, 3, dup.stderr);
      assertFrench(dup.stderr, 'duplicate login');
      assert.notEqual(org.status, 0, 'unknown organisation refused');
      assert.ok(org.status === 3 || org.status === 1, `exit ${org.status}`);
      const l = user(['list']).stdout;
      assert.doesNotMatch(l, /court|mauvais\.role|sans\.org/, 'nothing was created');
    });

    test('disable / enable: French messages, state in list, unknown account exits 3', () => {
      let r = user(['disable', 'nouvelle.pilote']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /Compte « nouvelle\.pilote » désactivé\./);
      assert.doesNotMatch(user(['list']).stdout, /nouvelle\.pilote\s+pilot\s+actif/);
      r = user(['enable', 'nouvelle.pilote']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /réactivé/);
      assert.match(user(['list']).stdout, /nouvelle\.pilote\s+pilot\s+actif/);
      r = user(['disable', 'personne']);
      assert.equal(r.status, 3);
      assert.match(r.stderr, /compte « personne » introuvable/);
    });

    test('passwd: reads stdin, enforces the policy, French confirmation', async () => {
      let r = user(['passwd', 'nouvelle.pilote', '--password-stdin'], 'encore-un-autre-secret-2026\n');
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /Mot de passe de « nouvelle\.pilote » changé/);
      const [short, noStdin, nobody] = await Promise.all([
        userAsync(['passwd', 'nouvelle.pilote', '--password-stdin'], 'trop-court\n'),
        userAsync(['passwd', 'nouvelle.pilote']),
        userAsync(['passwd', 'personne', '--password-stdin'], 'encore-un-autre-secret-2026\n')]);
      assert.equal(short.status, 3);
      assert.equal(noStdin.status, 2);
      assert.equal(nobody.status, 3);
    });

    test('a missing database is an execution failure (exit 1), not a crash', () => {
      const r = runPlam(['user', 'list', '--db', path.join(dir, 'nope', 'absent.db')]);
      assert.ok(r.status === 1 || r.status === 3, `exit ${r.status}`);
      assert.ok(r.stderr.length > 0);
      assertFrench(r.stderr, 'missing database');
    });

    test('check and migrate on the database: exit 0, French', () => {
      const c = runPlam(['check', '--db', db]);
      assert.equal(c.status, 0, c.stderr);
      assert.match(c.stdout, /Base saine/);
      const m = runPlam(['migrate', '--db', db]);
      assert.equal(m.status, 0, m.stderr);
    });
  });
});

