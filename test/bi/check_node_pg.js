#!/usr/bin/env node
// logistics through node pg (npm "pg", the driver under Cube, Evidence and
// most JavaScript BI tools).  Prints TAP.
//
//     node check_node_pg.js CHECKED.json
//
// CHECKED.json is what check_psycopg2.py wrote: the reference's examples,
// which of them run, the functions of the extension each calls and the
// verdict rules' inputs.  Every example that ran there runs here the same
// way (per file one transaction, rolled back; each statement under a
// savepoint) and every view is read, and each result column must arrive as a
// number, a string, a Date or a boolean (int8 and numeric arrive as strings
// by node pg's design; they must hold a finite number), with no two columns
// of one result sharing a name (node pg's row objects would keep only the
// last: rowMode 'array' shows them all).
'use strict';

const fs = require('fs');
const path = require('path');
const { Client } = require(path.join(__dirname, 'node_modules', 'pg'));

const RECORD_OID = 2249;
let n = 0;
const counts = { ok: 0, fail: 0, todo: 0, skip: 0 };

function tap(verdict, text, note) {
  n += 1;
  counts[verdict] += 1;
  text = text.replace(/\n/g, ' ');
  if (verdict === 'ok') console.log(`ok ${n} - ${text}`);
  else if (verdict === 'skip') console.log(`ok ${n} - ${text} # SKIP ${note}`);
  else if (verdict === 'todo') console.log(`not ok ${n} - ${text} # TODO ${note}`);
  else {
    console.log(`not ok ${n} - ${text}`);
    if (note) console.log('# ' + note.replace(/\n/g, '\n# '));
  }
}

class Types {
  constructor(client) {
    this.client = client;
    this.rows = new Map();
  }

  async get(oid) {
    if (!this.rows.has(oid)) {
      const r = await this.client.query(
        'SELECT oid::int, format_type(oid, NULL) AS name, typcategory, typtype, ' +
        'typbasetype::int FROM pg_type WHERE oid = $1', [oid]);
      for (const t of r.rows) this.rows.set(t.oid, t);
    }
    return this.rows.get(oid);
  }

  // null for a type BI tools show as a number, a string, a time or a
  // boolean; otherwise what it is (the same rule as check_psycopg2.py)
  async nonflat(oid) {
    let t = await this.get(oid);
    if (!t) return `unknown type ${oid}`;
    while (t.typtype === 'd') t = await this.get(t.typbasetype);
    if (oid === RECORD_OID || t.typtype === 'c') return 'composite';
    if (t.typcategory === 'A') return 'array';
    if (t.typtype === 'p') return 'pseudo-type';
    if (t.typcategory === 'T') return 'interval';
    if (['N', 'S', 'D', 'B', 'E'].includes(t.typcategory)) return null;
    return t.name;
  }
}

// null when node pg delivered v as a plain scalar
function badValue(v, category) {
  if (v === null || typeof v === 'boolean') return null;
  if (typeof v === 'number') return Number.isFinite(v) ? null : `the number ${v}`;
  if (typeof v === 'string') {
    if (category === 'N' && !Number.isFinite(Number(v))) return `the string "${v}" for a number`;
    return null;
  }
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'an invalid Date' : null;
  if (Buffer.isBuffer(v)) return 'a Buffer';
  if (Array.isArray(v)) return 'an Array';
  return `a JavaScript ${typeof v} (${JSON.stringify(v).slice(0, 40)})`;
}

// the same rule as verdict() in check_psycopg2.py
function verdict(problems, dups, nonflatOids, st) {
  const ours = nonflatOids.filter((o) => st.strict || (st.result_types || []).includes(o));
  const valueProblems = problems.length !== nonflatOids.length;
  if (ours.length === 0 && !valueProblems && dups.length === 0) return 'ok';
  if ((st.todo_calls || []).length) return 'todo';
  if (dups.length === 0 && !valueProblems && ours.every((o) => (st.sql_types || []).includes(o)))
    return 'skip';
  return 'fail';
}

async function checkResult(types, st, res, label) {
  const problems = [];
  const nonflat = [];
  for (let i = 0; i < res.fields.length; i++) {
    const f = res.fields[i];
    const nf = await types.nonflat(f.dataTypeID);
    const t = await types.get(f.dataTypeID);
    if (nf) {
      problems.push(`${f.name} is ${t ? t.name : f.dataTypeID} (${nf})`);
      nonflat.push(f.dataTypeID);
      continue;
    }
    for (const row of res.rows) {
      const b = badValue(row[i], t.typcategory);
      if (b) {
        problems.push(`${f.name} arrives as ${b}`);
        break;
      }
    }
  }
  const seen = new Set();
  const dups = [...new Set(res.fields.map((f) => f.name).filter((x) => seen.has(x) || !seen.add(x)))];
  const v = verdict(problems, dups, nonflat, st);
  const cols = res.fields.length;
  const rows = res.rows.length;
  const desc = `node-pg ${label}: ${cols} column${cols === 1 ? '' : 's'}, ${rows} row${rows === 1 ? '' : 's'}`;
  const why = problems.concat(dups.map((d) => `duplicate column name ${d}`)).join('; ');
  if (v === 'ok' && problems.length)
    tap('ok', `${desc}, the results flat, names unique (${why}: input shown beside them)`);
  else if (v === 'ok') tap('ok', `${desc}, all flat, names unique`);
  else if (v === 'todo') tap('todo', `${desc}: ${why}`, `flat form to come for ${st.todo_calls.join(', ')}`);
  else if (v === 'skip') tap('skip', `${desc}: ${why}`, 'form for SQL users (test/bi/forms.txt)');
  else tap('fail', `${desc}: ${why}`, st.sql ? st.sql.slice(0, 300) : '');
}

async function main() {
  const checked = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const client = new Client();
  await client.connect();
  await client.query("SET TimeZone = 'UTC'");
  await client.query("SET statement_timeout = '60s'");
  await client.query('SET client_min_messages = warning');
  const types = new Types(client);

  let file = null;
  for (const st of checked.statements) {
    if (st.file !== file) {
      if (file !== null) await client.query('ROLLBACK');
      await client.query('BEGIN');
      file = st.file;
    }
    // what did not run through psycopg2 is reported there
    if (st.status !== 'ran') continue;
    await client.query('SAVEPOINT bi_stmt');
    let res;
    try {
      res = await client.query({ text: st.sql, rowMode: 'array' });
    } catch (e) {
      await client.query('ROLLBACK TO SAVEPOINT bi_stmt');
      tap('fail', `node-pg ${st.file}:${st.line} fails here but ran through psycopg2: ${e.message}`);
      continue;
    }
    await client.query('RELEASE SAVEPOINT bi_stmt');
    // a multi-statement string would give an array; the examples are one each
    if (Array.isArray(res)) res = res[res.length - 1];
    if (res.fields && res.fields.length) await checkResult(types, st, res, `${st.file}:${st.line}`);
  }
  if (file !== null) await client.query('ROLLBACK');

  for (const v of checked.views) {
    let res;
    try {
      res = await client.query({ text: `SELECT * FROM ${v} LIMIT 200`, rowMode: 'array' });
    } catch (e) {
      tap('fail', `node-pg view ${v}: ${e.message}`);
      continue;
    }
    if (!res.rows.length) tap('fail', `node-pg view ${v} has no rows to check`);
    else await checkResult(types, { strict: true }, res, `view ${v}`);
  }
  await client.end();
  console.log(`1..${n}`);
  console.log(`# node pg: ${counts.ok} ok, ${counts.fail} failed, ${counts.todo} todo, ${counts.skip} skipped`);
  return counts.fail ? 1 : 0;
}

main().then((rc) => process.exit(rc), (e) => {
  console.log(`not ok ${n + 1} - node pg: ${e.stack}`);
  process.exit(1);
});
