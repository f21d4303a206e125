#!/usr/bin/env node
/**
 * One-off: derives libs/shared/codes/continent_members.csv (the seed of the continent membership admins maintain)
 * from the `continent` field of the npm package countries-list, mapped to the continents of the published tables
 * (libs/shared/codes/continents_zh.csv), for every economy of the portal's partner list (i18n-iso-countries).
 *
 * countries-list is not a dependency of the portal (the CSV is the data; admins maintain it from there). To run
 * this again, install it somewhere and point COUNTRIES_LIST_DIR at that folder:
 *
 *   npm install --prefix /tmp/cl countries-list@3.4.1
 *   COUNTRIES_LIST_DIR=/tmp/cl node scripts/derive-continent-members.mjs
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const from = process.env.COUNTRIES_LIST_DIR;
if (!from) {
  console.error('Set COUNTRIES_LIST_DIR to a folder where countries-list is installed (see the comment at the top).');
  process.exit(2);
}
const { countries } = createRequire(join(from, 'package.json'))('countries-list');
const isoCodes = Object.keys(createRequire(join(root, 'package.json'))('i18n-iso-countries').getAlpha2Codes());

/** North America of the published tables: the United States and Canada, with Greenland, Bermuda, St Pierre. */
const NORTH_AMERICA = new Set(['US', 'CA', 'GL', 'BM', 'PM']);

/** Where Chinese statistics (and UN M49, for the uninhabited) differ from countries-list, with the reason. */
const EXCEPTIONS = {
  RU: ['EU', 'Russia is counted in Europe (continents_zh.csv)'],
  CY: ['AS', 'Cyprus is in Asia in Chinese statistics (customs code 108, MOFCOM 国别指南), not Europe'],
  BV: ['LA', 'uninhabited; UN M49 places Bouvet Island in South America'],
  GS: ['LA', 'uninhabited; UN M49 places South Georgia in South America'],
  HM: ['OC', 'uninhabited; UN M49 places Heard and McDonald Islands in Oceania'],
  TF: ['AF', 'UN M49 places the French Southern Territories in Eastern Africa'],
  AQ: ['OC', 'Antarctica: the published tables have no 南极洲 row; counted with Oceania'],
};

function continentOf(code) {
  if (EXCEPTIONS[code]) return EXCEPTIONS[code];
  const c = countries[code]?.continent;
  if (!c) throw new Error(`countries-list has no continent for ${code}`);
  if (c === 'NA' && !NORTH_AMERICA.has(code)) {
    return ['LA', 'Mexico, Central America and the Caribbean count as Latin America (continents_zh.csv)'];
  }
  if (c === 'SA') return ['LA', ''];
  if (c === 'AN') throw new Error(`${code} is in Antarctica: add it to EXCEPTIONS`);
  return [c, ''];
}

const ORDER = ['AS', 'EU', 'NA', 'LA', 'AF', 'OC'];
const rows = isoCodes
  .map((code) => [code, ...continentOf(code)])
  .sort(([a, ca], [b, cb]) => ORDER.indexOf(ca) - ORDER.indexOf(cb) || a.localeCompare(b));
const quote = (v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csv = [
  'continent_code,member,valid_from,valid_to,note',
  ...rows.map(([code, continent, note]) => [continent, code, '1900-01-01', '', quote(note)].join(',')),
];
writeFileSync(join(root, 'libs', 'shared', 'codes', 'continent_members.csv'), `${csv.join('\n')}\n`);
console.log(`${rows.length} economies written`);
