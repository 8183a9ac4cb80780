#!/usr/bin/python3
"""logistics through psycopg2 (Debian's python3-psycopg2), as Superset,
Metabase's Python tools and notebooks receive its results.  Prints TAP.

    check_psycopg2.py STATEMENTS.json OUT.json

STATEMENTS.json comes from harvest.py: every SQL example of the reference.
Each runs, per file in one transaction that is rolled back at the end, each
statement under a savepoint.  Checks:

  - per example that returns rows: every column arrives as a number, a
    string, a timestamp/date or a boolean (by the column's type OID and by
    the Python type of every value; numbers finite), and no two columns
    share a name;
  - per user-facing function overload (from the catalog, so nothing to keep
    by hand): an example that runs calls it (found exactly, overload and all,
    through the dependencies of a throwaway SQL-standard function with the
    example as its body), and its declared result is flat, or test/bi/forms.txt
    says what its flat form is, which function its value is an input of
    (an example that runs must pass it there and get a flat result), or
    that a flat form is to come;
  - per view outside the system and PostGIS schemas: SELECT * is flat.

OUT.json receives the statements with the functions each calls and the
verdict rules' inputs, for check_node_pg.js, which runs the same examples
through node pg.
"""

import datetime
import decimal
import itertools
import json
import math
import re
import sys

import psycopg2

# User-facing functions: in the schema, no leading "_", and not a support
# function of an aggregate, a type, an operator or an index method (so the
# rule does not depend on names).
USER_FACING = """
WITH support AS (
  SELECT unnest(ARRAY[aggtransfn, aggfinalfn, aggcombinefn, aggserialfn,
                      aggdeserialfn, aggmtransfn, aggminvtransfn,
                      aggmfinalfn])::oid AS oid FROM pg_aggregate
  UNION SELECT unnest(ARRAY[typinput, typoutput, typreceive, typsend,
                            typmodin, typmodout, typanalyze])::oid FROM pg_type
  UNION SELECT amproc FROM pg_amproc
  UNION SELECT unnest(ARRAY[oprcode, oprrest, oprjoin])::oid FROM pg_operator
)
SELECT p.oid::regprocedure::text, p.proname::text, p.prorettype::oid,
       coalesce((SELECT array_agg(t ORDER BY o)
                   FROM unnest(p.proallargtypes, p.proargmodes)
                        WITH ORDINALITY AS a(t, m, o)
                  WHERE m IN ('o', 't', 'b')), '{}')::oid[]
FROM pg_proc p
WHERE p.pronamespace = 'logistics'::regnamespace
  AND p.proname !~ '^_'
  AND p.oid NOT IN (SELECT oid FROM support WHERE oid <> 0)
  AND p.prorettype NOT IN ('internal'::regtype, 'trigger'::regtype,
                           'event_trigger'::regtype)
ORDER BY 1
"""

# Views a BI tool lists: everything outside the system schemas and not
# installed by an extension (PostGIS's geometry_columns and the like).
VIEWS = """
SELECT format('%I.%I', n.nspname, c.relname)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_'
  AND NOT EXISTS (SELECT FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                    AND d.deptype = 'e')
ORDER BY 1
"""

# The functions each view (or materialized view) calls: its rewrite rule's
# dependencies.
VIEW_DEPS = """
SELECT DISTINCT d.refobjid::regprocedure::text
FROM pg_rewrite r JOIN pg_depend d
  ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
WHERE r.ev_class = %s::regclass AND d.refclassid = 'pg_proc'::regclass
"""

DEPS = """
SELECT DISTINCT d.refobjid::regprocedure::text
FROM pg_depend d
WHERE d.classid = 'pg_proc'::regclass
  AND d.objid = 'pg_temp.bi_probe()'::regprocedure
  AND d.refclassid = 'pg_proc'::regclass
"""

TYPES = """
SELECT oid::oid, format_type(oid, NULL), typcategory, typtype, typbasetype,
       typrelid
FROM pg_type WHERE oid = ANY(%s)
"""

RECORD_OID = 2249

out_n = 0
counts = {'ok': 0, 'fail': 0, 'todo': 0, 'skip': 0}


def tap(verdict, text, note=''):
    """verdict: ok, fail, todo (not ok # TODO) or skip (ok # SKIP)."""
    global out_n
    out_n += 1
    counts[verdict] += 1
    text = text.replace('\n', ' ')
    if verdict == 'ok':
        print('ok %d - %s' % (out_n, text))
    elif verdict == 'skip':
        print('ok %d - %s # SKIP %s' % (out_n, text, note))
    elif verdict == 'todo':
        print('not ok %d - %s # TODO %s' % (out_n, text, note))
    else:
        print('not ok %d - %s' % (out_n, text))
        if note:
            print('# ' + note)
    sys.stdout.flush()


class Types:
    """pg_type rows by OID, fetched as they are met."""

    def __init__(self, cur):
        self.cur = cur
        self.rows = {}

    def get(self, oid):
        if oid not in self.rows:
            self.cur.execute(TYPES, ([oid],))
            for r in self.cur.fetchall():
                self.rows[r[0]] = {'name': r[1], 'category': r[2],
                                   'typtype': r[3], 'base': r[4],
                                   'relid': r[5]}
        return self.rows.get(oid)

    def nonflat(self, oid):
        """None for a type BI tools show as a number, a string, a time or a
        boolean; otherwise what it is."""
        t = self.get(oid)
        if t is None:
            return 'unknown type %d' % oid
        while t['typtype'] == 'd':
            t = self.get(t['base'])
        if oid == RECORD_OID or t['typtype'] == 'c':
            return 'composite'
        if t['category'] == 'A':
            return 'array'
        if t['typtype'] == 'p':
            return 'pseudo-type'
        if t['category'] == 'T':
            return 'interval'
        if t['category'] in ('N', 'S', 'D', 'B', 'E'):
            return None
        return t['name']

    def composite_columns(self, oid):
        """Column type OIDs of a composite type."""
        t = self.get(oid)
        self.cur.execute(
            "SELECT atttypid FROM pg_attribute WHERE attrelid = %s AND "
            "attnum > 0 AND NOT attisdropped ORDER BY attnum", (t['relid'],))
        return [r[0] for r in self.cur.fetchall()]


def bad_value(v):
    """None when psycopg2 delivered v as a plain scalar."""
    if v is None or isinstance(v, (bool, str)):
        return None
    if isinstance(v, int):
        return None
    if isinstance(v, float):
        return None if math.isfinite(v) else 'the number %r' % v
    if isinstance(v, decimal.Decimal):
        return None if v.is_finite() else 'the number %s' % v
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time)):
        return None
    return 'a Python %s' % type(v).__name__


def load_forms(path):
    forms = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            if not line:
                continue
            parts = line.split(None, 2)
            if len(parts) < 3 or parts[1] not in ('todo', 'sql', 'input'):
                raise SystemExit('test/bi/forms.txt: bad line: ' + line)
            forms[parts[0]] = {'kind': parts[1], 'note': parts[2]}
    return forms


def probe(cur, sql):
    """The functions the statement calls, overloads resolved, or None
    when it cannot be the body of a function (utility statements)."""
    body = sql
    m = re.match(r'CREATE\s+(?:TEMP\w*\s+|UNLOGGED\s+)?TABLE\s+\S+\s+AS\s+(.*)',
                 body, re.S | re.I)
    if m:
        body = m.group(1)
    elif not re.match(r'(SELECT|WITH|VALUES|TABLE|INSERT|UPDATE|DELETE)\b',
                      body, re.I):
        return None
    cur.execute('SAVEPOINT bi_probe')
    try:
        # the statement keeps its ';' and any comment after it
        cur.execute('CREATE FUNCTION pg_temp.bi_probe() RETURNS void '
                    'LANGUAGE sql BEGIN ATOMIC\n' + body + '\nEND')
        cur.execute(DEPS)
        deps = [r[0] for r in cur.fetchall()]
    except psycopg2.Error:
        deps = None
    cur.execute('ROLLBACK TO SAVEPOINT bi_probe')
    return deps


def missing(message):
    """An error that says an object outside the extension is missing (a
    table of the example, the SCMS data set, pgRouting)."""
    return bool(re.search(r'(relation|schema|role) "[^"]*" does not exist|'
                          r'function (?!logistics\.)\S+\(.*\) does not exist',
                          message))


def ahead(st):
    """test/bi/examples.sql may call functions of the extension that are
    still on their way to main (written beside the branch that adds them);
    the catalog check, not this call, says what must be covered."""
    return st['file'].endswith('test/bi/examples.sql') and bool(
        re.search(r'function logistics\.\S+\(.*\) does not exist',
                  st['message']))


def where(st):
    if st['file'].startswith('view '):
        return st['file']
    return '%s:%d' % (st['file'], st['line'])


def verdict(problems, dups, nonflat_oids, st):
    """The rule both drivers apply to an example's result: 'ok', 'todo',
    'skip' or 'fail'.  A non-flat column whose type no function of the
    extension in the statement returns is the example's own input (an array
    it shows beside the result): not held against the extension."""
    ours = [o for o in nonflat_oids
            if st.get('strict') or o in st.get('result_types', [])]
    if not ours and len(problems) == len(nonflat_oids) and not dups:
        return 'ok'
    if st.get('todo_calls'):
        return 'todo'
    if not dups and len(problems) == len(nonflat_oids) and \
            all(o in st.get('sql_types', []) for o in ours):
        return 'skip'
    return 'fail'


def run_statements(cur, types, stmts, funcs, forms):
    names_of = {f['ident']: f['name'] for f in funcs}
    rettype_of = {f['ident']: f['rettype'] for f in funcs}
    types_of = {f['ident']: [f['rettype']] + f['outs'] for f in funcs}
    for file, group in itertools.groupby(stmts, key=lambda s: s['file']):
        cur.execute('BEGIN')
        for st in group:
            kw = st['sql'].split(None, 1)[0].upper()
            # transaction control, and the set-up steps of README.md that
            # the test database has done already
            if kw in ('BEGIN', 'COMMIT', 'ROLLBACK', 'START', 'END') or \
                    re.match(r'CREATE\s+(EXTENSION|SCHEMA)\b', st['sql'], re.I):
                st['status'] = 'skipped'
                continue
            cur.execute('SAVEPOINT bi_stmt')
            calls = probe(cur, st['sql'])
            st['calls'] = [c for c in (calls or []) if c in names_of]
            names = sorted({names_of[c] for c in st['calls']})
            st['todo_calls'] = [n for n in names
                                if forms.get(n, {}).get('kind') == 'todo']
            st['sql_types'] = sorted({rettype_of[c] for c in st['calls']
                                      if forms.get(names_of[c], {})
                                      .get('kind') in ('sql', 'input')})
            st['result_types'] = sorted({t for c in st['calls']
                                         for t in types_of[c]})
            try:
                cur.execute(st['sql'])
                description = cur.description
                rows = cur.fetchall() if description else None
            except psycopg2.Error as e:
                cur.execute('ROLLBACK TO SAVEPOINT bi_stmt')
                st['status'] = 'error'
                st['message'] = (e.pgerror or str(e)).strip().split('\n')[0]
                continue
            cur.execute('RELEASE SAVEPOINT bi_stmt')
            st['status'] = 'ran'
            if rows is None:
                continue
            check_result(types, st, description, rows, 'psycopg2', where(st))
        cur.execute('ROLLBACK')


def check_result(types, st, description, rows, driver, label):
    cols = [(d.name, d.type_code) for d in description]
    problems, nonflat_oids = [], []
    for i, (name, oid) in enumerate(cols):
        nf = types.nonflat(oid)
        if nf:
            problems.append('%s is %s (%s)' % (name, types.get(oid)['name']
                                               if types.get(oid) else oid, nf))
            nonflat_oids.append(oid)
            continue
        for r in rows:
            b = bad_value(r[i])
            if b:
                problems.append('%s arrives as %s' % (name, b))
                break
    seen = set()
    dups = sorted({n for n, _ in cols if n in seen or seen.add(n)})
    v = verdict(problems, dups, nonflat_oids, st)
    st['flat'] = v == 'ok'
    desc = '%s %s: %d column%s, %d row%s' % (
        driver, label, len(cols), '' if len(cols) == 1 else 's', len(rows),
        '' if len(rows) == 1 else 's')
    why = '; '.join(problems + ['duplicate column name %s' % d for d in dups])
    if v == 'ok' and problems:
        tap('ok', desc + ', the results flat, names unique (%s: input '
            'shown beside them)' % ', '.join(problems))
    elif v == 'ok':
        tap('ok', desc + ', all flat, names unique')
    elif v == 'todo':
        tap('todo', desc + ': ' + why, 'flat form to come for %s'
            % ', '.join(st['todo_calls']))
    elif v == 'skip':
        tap('skip', desc + ': ' + why, 'form for SQL users (test/bi/forms.txt)')
    else:
        tap('fail', desc + ': ' + why, st['sql'][:300])


def flat_example(stmts, funcs, name):
    """The first example that calls function name (any overload) and
    whose result is flat, or None."""
    idents = {f['ident'] for f in funcs if f['name'] == name}
    for st in stmts:
        if st.get('status') == 'ran' and st.get('flat') and \
                idents.intersection(st['calls']):
            return st
    return None


def input_example(stmts, funcs, name, consumer):
    """The first example that calls function name and function consumer
    (any overloads), so that name's value can be consumer's argument, and
    whose result is flat, or None."""
    mine = {f['ident'] for f in funcs if f['name'] == name}
    theirs = {f['ident'] for f in funcs if f['name'] == consumer}
    for st in stmts:
        if st.get('status') == 'ran' and st.get('flat') and \
                mine.intersection(st['calls']) and \
                theirs.intersection(st['calls']):
            return st
    return None


def check_functions(types, stmts, funcs, forms):
    by_ident = {}
    for st in stmts:
        if st.get('status') == 'ran':
            for c in st['calls']:
                by_ident.setdefault(c, st)
    names = {f['name'] for f in funcs}
    for f in funcs:
        form = forms.get(f['name'], {})
        todo = form.get('kind') == 'todo'
        st = by_ident.get(f['ident'])
        if st:
            tap('ok', '%s is called by an example that runs (%s)'
                % (f['ident'], where(st)))
        else:
            tap('todo' if todo else 'fail',
                '%s is called by no example of the reference that runs'
                % f['ident'], form.get('note', ''))
        # the declared result
        if f['outs']:
            bad = [types.get(o)['name'] for o in f['outs'] if types.nonflat(o)]
        elif types.nonflat(f['rettype']):
            bad = [types.get(f['rettype'])['name']]
        else:
            bad = []
        f['flat'] = not bad
        if not bad:
            tap('ok', '%s returns flat columns' % f['ident'])
        elif form.get('kind') == 'sql':
            flat = form['note'].split()[0]
            shown = flat_example(stmts, funcs, flat)
            tap('ok' if shown else 'fail',
                '%s returns %s for SQL users; flat form: %s%s'
                % (f['ident'], ', '.join(bad), flat,
                   ' (%s)' % where(shown) if shown else
                   ', which no example that runs shows with a flat result'))
        elif form.get('kind') == 'input':
            consumer = form['note'].split()[0]
            shown = input_example(stmts, funcs, f['name'], consumer)
            tap('ok' if shown else 'fail',
                '%s returns %s, an input of %s%s'
                % (f['ident'], ', '.join(bad), consumer,
                   ' (%s passes it with a flat result)' % where(shown)
                   if shown else ': no example that runs passes it to %s '
                   'with a flat result' % consumer))
        elif todo:
            tap('todo', '%s returns %s' % (f['ident'], ', '.join(bad)),
                form['note'])
        else:
            tap('fail', '%s returns %s: needs a flat form, or a line in '
                'test/bi/forms.txt' % (f['ident'], ', '.join(bad)))
    for n in sorted(k for k, v in forms.items() if v['kind'] == 'todo'):
        fs = [f for f in funcs if f['name'] == n]
        if fs and all(f['flat'] for f in fs) and \
                all(st.get('flat') for st in stmts
                    if st.get('status') == 'ran' and
                    any(c in [f['ident'] for f in fs] for c in st['calls'])):
            tap('fail', '%s: flat now (every overload, every example), and '
                'test/bi/forms.txt still lists it as todo: remove the line'
                % n)
    for n in sorted(k for k, v in forms.items()
                    if v['kind'] in ('sql', 'input')):
        other = forms[n]['note'].split()[0]
        if other not in names:
            tap('fail', 'test/bi/forms.txt: %s names %s, which is no '
                'user-facing function' % (n, other))
    for n in sorted(set(forms) - names):
        tap('fail', 'test/bi/forms.txt names %s, which is no user-facing '
            'function: remove the line' % n)


def check_views(cur, types, views, funcs):
    """Each view through psycopg2; returns pseudo-statements, one per view,
    for the coverage check (the functions it calls, whether it was flat)."""
    idents = {f['ident'] for f in funcs}
    done = []
    for v in views:
        cur.execute(VIEW_DEPS, (v,))
        calls = [r[0] for r in cur.fetchall() if r[0] in idents]
        try:
            cur.execute('SELECT * FROM %s LIMIT 200' % v)
            description = cur.description
            rows = cur.fetchall()
        except psycopg2.Error as e:
            tap('fail', 'psycopg2 view %s: %s' % (v, (e.pgerror or '')
                                                   .strip().split('\n')[0]))
            continue
        if not rows:
            tap('fail', 'psycopg2 view %s has no rows to check' % v)
            continue
        st = {'strict': True, 'file': 'view ' + v, 'line': 0,
              'status': 'ran', 'calls': calls}
        check_result(types, st, description, rows, 'psycopg2', 'view ' + v)
        done.append(st)
    return done


def main(argv):
    stmts = json.load(open(argv[1], encoding='utf-8'))
    forms = load_forms('test/bi/forms.txt')
    conn = psycopg2.connect('')
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("SET TimeZone = 'UTC'")
    cur.execute("SET statement_timeout = '60s'")
    cur.execute("SET client_min_messages = warning")
    types = Types(cur)
    cur.execute(USER_FACING)
    funcs = [{'ident': r[0], 'name': r[1], 'rettype': r[2], 'outs': r[3]}
             for r in cur.fetchall()]
    cur.execute(VIEWS)
    views = [r[0] for r in cur.fetchall()]

    run_statements(cur, types, stmts, funcs, forms)
    for st in stmts:
        if st.get('status') == 'error' and ahead(st):
            tap('skip', '%s did not run: %s' % (where(st), st['message']),
                'a call ready for a function this build does not have yet')
        elif st.get('status') == 'error' and missing(st['message']):
            tap('skip', '%s did not run: %s' % (where(st), st['message']),
                'needs objects that are not in the test database')
        elif st.get('status') == 'error':
            tap('fail', '%s, an example of the reference, fails: %s'
                % (where(st), st['message']), st['sql'][:300])
    # the views first: what they call counts as called (they are read
    # through both drivers like the examples)
    viewed = check_views(cur, types, views, funcs)
    check_functions(types, stmts + viewed, funcs, forms)

    with open(argv[2], 'w', encoding='utf-8') as f:
        json.dump({'statements': stmts, 'views': views}, f, indent=1)
    print('1..%d' % out_n)
    print('# psycopg2: %d ok, %d failed, %d todo, %d skipped'
          % (counts['ok'], counts['fail'], counts['todo'], counts['skip']))
    return 1 if counts['fail'] else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
