#!/usr/bin/python3
"""Collect the SQL examples of the reference (doc/*.md and README.md).

Every user-facing function has an example in doc/ (the catalog test checks
that it is mentioned, doc/CONTRIBUTING.md asks for an example with its
output), so the examples are the calls with valid arguments that the driver
tests need, and they stay complete without a hand-kept list.

A code block holds statements followed by psql's output.  A statement
starts on a line that begins with an SQL keyword and ends at a line that
ends with ';' outside quotes; the lines up to the next statement are its
documented output (an "ERROR:" there means the example shows an error).

Prints a JSON list: {"file", "line", "sql", "output", "error"} per
statement, in the order of the files and of the text.

    harvest.py [FILE...]      (default: doc/*.md README.md test/bi/examples.sql)
"""

import glob
import json
import re
import sys

# A statement begins with one of these (the examples write keywords in
# upper case, as psql's documentation does).
START = re.compile(
    r'^(SELECT|WITH|VALUES|TABLE|CREATE|INSERT|UPDATE|DELETE|SET|RESET|'
    r'BEGIN|COMMIT|ROLLBACK|START|ALTER|DROP|GRANT|REVOKE|EXPLAIN|COPY|'
    r'ANALYZE|VACUUM|CALL|DO|COMMENT|TRUNCATE|REFRESH|PREPARE|EXECUTE)\b')

# psql's command tags, which also begin with a keyword: output, not SQL.
TAG = re.compile(
    r'^(CREATE [A-Z ]+|INSERT \d+ \d+|SELECT \d+|UPDATE \d+|DELETE \d+|'
    r'COPY \d+|DROP [A-Z ]+|ALTER [A-Z ]+|SET|RESET|BEGIN|COMMIT|ROLLBACK|'
    r'GRANT|REVOKE|DO|CALL|COMMENT|TRUNCATE TABLE|ANALYZE|VACUUM|'
    r'START TRANSACTION|PREPARE|EXECUTE)$')


def ends_statement(text):
    """True when text (the statement so far) ends with ';' outside quotes,
    dollar quotes and comments."""
    i, n = 0, len(text)
    last = ''
    while i < n:
        c = text[i]
        if c == "'":
            j = text.find("'", i + 1)
            while j != -1 and j + 1 < n and text[j + 1] == "'":
                j = text.find("'", j + 2)
            if j == -1:
                return False
            i = j + 1
            last = "'"
            continue
        if c == '"':
            j = text.find('"', i + 1)
            if j == -1:
                return False
            i = j + 1
            last = '"'
            continue
        if c == '$':
            m = re.match(r'\$([A-Za-z_][A-Za-z_0-9]*)?\$', text[i:])
            if m:
                tag = m.group(0)
                j = text.find(tag, i + len(tag))
                if j == -1:
                    return False
                i = j + len(tag)
                last = '$'
                continue
        if text.startswith('--', i):
            j = text.find('\n', i)
            i = n if j == -1 else j
            continue
        if text.startswith('/*', i):
            j = text.find('*/', i + 2)
            if j == -1:
                return False
            i = j + 2
            continue
        if not c.isspace():
            last = c
        i += 1
    return last == ';'


def blocks(path):
    """(line number, lines) of each fenced code block of SQL or no language;
    a .sql file is one block."""
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    if path.endswith('.sql'):
        yield 1, lines
        return
    i = 0
    while i < len(lines):
        m = re.match(r'^```\s*(\w*)\s*$', lines[i])
        if not m:
            i += 1
            continue
        lang = m.group(1).lower()
        start = i + 1
        j = start
        while j < len(lines) and not lines[j].startswith('```'):
            j += 1
        if lang in ('', 'sql', 'psql'):
            yield start + 1, lines[start:j]
        i = j + 1


def statements(path):
    out = []
    for first, lines in blocks(path):
        cur = None
        for k, line in enumerate(lines):
            s = line.strip()
            if cur is not None and cur['open']:
                cur['sql'] += '\n' + line
                if ends_statement(cur['sql']):
                    cur['open'] = False
                continue
            if START.match(s) and not TAG.match(s):
                cur = {'file': path, 'line': first + k, 'sql': line,
                       'output': [], 'open': True}
                out.append(cur)
                if ends_statement(line):
                    cur['open'] = False
            elif cur is not None and s and not s.startswith('--'):
                cur['output'].append(line)
        # a statement left open at the end of its block is a fragment
        if cur is not None and cur['open']:
            out.remove(cur)
    for st in out:
        del st['open']
        st['sql'] = st['sql'].strip()
        st['error'] = any(o.lstrip().startswith('ERROR:')
                          for o in st['output'])
        st['output'] = '\n'.join(st['output'])
    return out


def main(argv):
    files = argv[1:] or (sorted(glob.glob('doc/*.md')) +
                         ['README.md', 'test/bi/examples.sql'])
    allst = []
    for f in files:
        allst.extend(statements(f))
    json.dump(allst, sys.stdout, indent=1)
    print()


if __name__ == '__main__':
    main(sys.argv)
