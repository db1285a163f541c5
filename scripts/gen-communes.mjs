// Regenerates data/ref/communes.csv (today's communes: INSEE code, name,
// département, population, centroid) and data/ref/commune_merges.csv (codes
// of the 2018 geography merged since, with today's code) from two sources:
//   - data/ref/communes-2018-centroids.csv: the centroid of every commune of
//     the 2018 Code officiel géographique (IGN ADMIN EXPRESS COG 2018, INSEE;
//     Licence Ouverte, "Source : IGN, INSEE"), committed;
//   - the npm package @etalab/decoupage-administratif (MIT; INSEE's COG):
//     today's communes with their population, the codes they absorbed
//     (anciensCodes) and the communes déléguées and associées with their
//     chef-lieu.
// Run by hand when the geography changes, the output is committed (the build
// never needs the network):
//   npm install --prefix /tmp/dec @etalab/decoupage-administratif@6.0.0
//   node scripts/gen-communes.mjs /tmp/dec/node_modules/@etalab/decoupage-administratif/data
// A commune of today keeps the centroid of the 2018 commune with its code
// (its chef-lieu when it was formed by a merger); a commune whose code did not
// exist in 2018 takes the mean of the centroids of the 2018 communes it
// absorbed (the package gives no population for those, so the mean is not
// weighted). Communes of the overseas collectivities outside any région
// (975, 977, 978, 98x) are left out, like the territories table.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) { console.error('usage: node scripts/gen-communes.mjs DECOUPAGE_DATA_DIR'); process.exit(2); }
const ref = new URL('../data/ref/', import.meta.url);
const communes = JSON.parse(readFileSync(join(dir, 'communes.json'), 'utf8'));
const depts = new Set(readFileSync(new URL('territories.csv', ref), 'utf8').split('\n')
  .filter((l) => l.startsWith('DEP-')).map((l) => l.split(',')[1]));

// 2018 centroids: code,nom,departement,lat,lon (names hold no comma or quote)
const old = new Map();
for (const line of readFileSync(new URL('communes-2018-centroids.csv', ref), 'utf8').trim().split('\n').slice(1)) {
  const [code, nom, dep, lat, lon] = line.split(',');
  if (!code || !lon) throw new Error(`bad 2018 line: ${line}`);
  old.set(code, { code, nom, dep, lat: Number(lat), lon: Number(lon) });
}

const current = communes.filter((c) => c.type === 'commune-actuelle' && depts.has(c.departement));
const currentCodes = new Set(current.map((c) => c.code));
const parentOf = new Map(); // 2018 code -> today's code
for (const c of current) for (const a of c.anciensCodes || []) if (!currentCodes.has(a)) parentOf.set(a, c.code);
for (const c of communes) {
  if ((c.type === 'commune-deleguee' || c.type === 'commune-associee') && c.chefLieu && currentCodes.has(c.chefLieu) &&
      !currentCodes.has(c.code) && !parentOf.has(c.code)) parentOf.set(c.code, c.chefLieu);
}

const fmt = (x) => x.toFixed(5);
const quote = (s) => (/[;"]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
let out = 'code;name;departement;population;lat;lon\n';
let byMean = 0;
const missing = [];
for (const c of current.sort((a, b) => (a.code < b.code ? -1 : 1))) {
  let p = old.get(c.code);
  if (!p) {
    const parts = [...old.values()].filter((o) => parentOf.get(o.code) === c.code);
    if (!parts.length) { missing.push(`${c.code} ${c.nom}`); continue; }
    p = { lat: parts.reduce((s, o) => s + o.lat, 0) / parts.length, lon: parts.reduce((s, o) => s + o.lon, 0) / parts.length };
    byMean++;
  }
  out += `${c.code};${quote(c.nom)};${c.departement};${c.population ?? ''};${fmt(p.lat)};${fmt(p.lon)}\n`;
}
writeFileSync(new URL('communes.csv', ref), out);

let merges = 'old_code;new_code;old_name\n';
let nmerge = 0;
const unmapped = [];
for (const o of [...old.values()].sort((a, b) => (a.code < b.code ? -1 : 1))) {
  if (currentCodes.has(o.code)) continue;
  const to = parentOf.get(o.code);
  if (!to) { unmapped.push(`${o.code} ${o.nom}`); continue; }
  merges += `${o.code};${to};${quote(o.nom)}\n`;
  nmerge++;
}
writeFileSync(new URL('commune_merges.csv', ref), merges);
console.log(`${current.length - missing.length} communes (${byMean} placed at the mean of the communes they absorbed), ` +
  `${nmerge} merged 2018 codes`);
if (missing.length) console.log(`left out (no 2018 centroid): ${missing.join(', ')}`);
if (unmapped.length) console.log(`2018 codes with no commune today: ${unmapped.join(', ')}`);
