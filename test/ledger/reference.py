#!/usr/bin/env python3
"""Independent check of the logistics ledger, outside the database.

Written from doc/ledger.md alone (Python's hashlib, struct; no code shared
with the extension): rebuilds every row_hash of a ledger table from its
column values, checks the links, rebuilds the RFC 6962 Merkle tree heads
with the RFC's recursive definition and checks the database's digests,
audit paths and consistency proofs with the RFC 9162 verification
algorithms.  Prints TAP lines.

    reference.py TABLE CHAIN_COLUMN|- COLUMN:TYPE ...

TYPE is one of int2 int4 int8 float8 numeric bool text timestamptz date.
Reads the table with psql (PGHOST etc. from the environment).
"""
import csv
import datetime
import hashlib
import io
import struct
import subprocess
import sys

EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
n_test = 0
n_fail = 0


def ok(cond, what):
    global n_test, n_fail
    n_test += 1
    if not cond:
        n_fail += 1
    print(("ok %d - %s" if cond else "not ok %d - %s") % (n_test, what))


def psql(sql):
    out = subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-c",
         "SET TimeZone = 'UTC'", "-c", "SET extra_float_digits = 3",
         "-c", "SET DateStyle = 'ISO'", "-c", sql],
        check=True, capture_output=True, text=True).stdout
    return out


def micros(ts):
    """timestamptz text (ISO, UTC) -> microseconds since 2000-01-01 UTC"""
    d = datetime.datetime.fromisoformat(ts.replace("+00", "+00:00"))
    delta = d - EPOCH
    return (delta.days * 86400 + delta.seconds) * 1000000 + delta.microseconds


def numeric_send(s):
    """PostgreSQL's numeric binary format: ndigits, weight, sign, dscale,
    base-10000 digits (src/backend/utils/adt/numeric.c, numeric_send)."""
    if s == "NaN":
        return struct.pack(">hhHh", 0, 0, 0xC000, 0)
    neg = s.startswith("-")
    s = s.lstrip("-")
    ip, _, fp = s.partition(".")
    dscale = len(fp)
    ip = ip.lstrip("0")
    ip = "0" * (-len(ip) % 4) + ip
    fp = fp + "0" * (-len(fp) % 4)
    groups = [int(ip[i:i + 4]) for i in range(0, len(ip), 4)]
    weight = len(groups) - 1
    groups += [int(fp[i:i + 4]) for i in range(0, len(fp), 4)]
    while groups and groups[0] == 0:
        groups.pop(0)
        weight -= 1
    while groups and groups[-1] == 0:
        groups.pop()
    if not groups:
        weight = 0
        neg = False
    return struct.pack(">hhHh", len(groups), weight, 0x4000 if neg else 0,
                       dscale) + b"".join(struct.pack(">h", g) for g in groups)


def encode_value(typ, v):
    """(tag, bytes) of one non-NULL value, per doc/ledger.md"""
    if typ == "int2":
        return b"B", struct.pack(">h", int(v))
    if typ == "int4":
        return b"B", struct.pack(">i", int(v))
    if typ == "int8":
        return b"B", struct.pack(">q", int(v))
    if typ == "float8":
        f = float(v)
        return b"B", (b"\x7f\xf8" + b"\0" * 6) if f != f else struct.pack(">d", f)
    if typ == "numeric":
        return b"B", numeric_send(v)
    if typ == "bool":
        return b"B", b"\x01" if v == "t" else b"\x00"
    if typ == "timestamptz":
        return b"B", struct.pack(">q", micros(v))
    if typ == "date":
        return b"B", struct.pack(">i", (datetime.date.fromisoformat(v) - EPOCH.date()).days)
    if typ == "text":
        return b"T", v.encode("utf-8")
    raise ValueError("no reference encoding for " + typ)


def row_hash(cols, values, prev, seq, at):
    rec = [b"\x00", b"LGL1", prev, struct.pack(">qq", seq, at),
           struct.pack(">I", len(cols))]
    for (name, typ), v in zip(cols, values):
        n = name.encode("utf-8")
        rec.append(struct.pack(">I", len(n)) + n)
        if v is None:
            rec.append(b"N")
        else:
            tag, b = encode_value(typ, v)
            rec.append(tag + struct.pack(">I", len(b)) + b)
    return hashlib.sha256(b"".join(rec)).digest()


def node(l, r):
    return hashlib.sha256(b"\x01" + l + r).digest()


def mth(leaves):
    """RFC 6962 2.1 Merkle Tree Hash over leaf hashes"""
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return node(mth(leaves[:k]), mth(leaves[k:]))


def verify_inclusion(leaf, m, n, path, root):
    """RFC 9162 2.1.3.2"""
    if m >= n:
        return False
    fn, sn, r = m, n - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(m, n, r1, r2, path):
    """RFC 9162 2.1.4.2"""
    if m == n:
        return not path and r1 == r2
    if not path or m < 1 or m > n:
        return False
    if m & (m - 1) == 0:
        path = [r1] + path
    fn, sn = m - 1, n - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node(c, fr)
            sr = node(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == r1 and sr == r2


def unhex_array(a):
    """bytea[] text output {"\\\\x..",...} -> list of bytes"""
    a = a.strip("{}")
    return [bytes.fromhex(x.strip('"').replace("\\\\x", "").replace("\\x", ""))
            for x in a.split(",")] if a else []


def main():
    table, chain = sys.argv[1], sys.argv[2]
    cols = [tuple(c.split(":")) for c in sys.argv[3:]]
    chain = None if chain == "-" else chain
    names = ", ".join('"%s"' % c for c, _ in cols)
    key = ('t."%s", ' % chain) if chain else ""
    data = psql("COPY (SELECT %s ledger_seq, ledger_at, encode(prev_hash, 'hex'), "
                "encode(row_hash, 'hex'), %s FROM %s t ORDER BY %s ledger_seq) "
                "TO STDOUT WITH (FORMAT csv, NULL '\\N')"
                % ((('t."%s"::text, ' % chain) if chain else "'', "), names, table,
                   key))
    chains = {}
    for rec in csv.reader(io.StringIO(data)):
        rec = [None if x == "\\N" else x for x in rec]
        chains.setdefault(rec[0], []).append(rec[1:])
    ok(len(chains) > 0, "%s: %d chain(s) read" % (table, len(chains)))
    for ck, rows in sorted(chains.items()):
        prev = b"\0" * 32
        good = links = True
        hashes = []
        for i, r in enumerate(rows):
            seq, at, ph, rh = int(r[0]), micros(r[1]), bytes.fromhex(r[2]), bytes.fromhex(r[3])
            links &= seq == i + 1 and ph == prev
            good &= row_hash(cols, r[4:], ph, seq, at) == rh
            prev = rh
            hashes.append(rh)
        ok(good, "chain %r: every row_hash recomputed from the columns (%d rows)" % (ck, len(rows)))
        ok(links, "chain %r: every prev_hash links to the row before" % ck)
        arg = "NULL" if chain is None else "'%s'" % ck
        dig = psql("SELECT tree_size, encode(root_hash, 'hex') FROM logistics.ledger_digest('%s') "
                   "WHERE chain_key IS NOT DISTINCT FROM %s" % (table, arg)).split("|")
        ok(int(dig[0]) == len(rows) and bytes.fromhex(dig[1].strip()) == mth(hashes),
           "chain %r: ledger_digest root equals the RFC 6962 MTH" % ck)
        n = len(rows)
        inc = con = True
        for seq in sorted({1, 2, n // 2 + 1, n - 1, n} - {0}):
            for size in sorted({seq, n, (seq + n) // 2}):
                p = psql("SELECT leaf_index, tree_size, encode(leaf_hash, 'hex'), "
                         "encode(root_hash, 'hex'), audit_path FROM "
                         "logistics.ledger_inclusion_proof('%s', %s, %d, %d)"
                         % (table, arg, seq, size)).strip().split("|")
                inc &= (int(p[0]) == seq - 1 and bytes.fromhex(p[2]) == hashes[seq - 1]
                        and bytes.fromhex(p[3]) == mth(hashes[:size])
                        and verify_inclusion(hashes[seq - 1], seq - 1, size,
                                             unhex_array(p[4]), mth(hashes[:size])))
                c = psql("SELECT encode(first_root, 'hex'), encode(second_root, 'hex'), proof "
                         "FROM logistics.ledger_consistency_proof('%s', %s, %d, %d)"
                         % (table, arg, seq, size)).strip().split("|")
                con &= (bytes.fromhex(c[0]) == mth(hashes[:seq])
                        and bytes.fromhex(c[1]) == mth(hashes[:size])
                        and verify_consistency(seq, size, mth(hashes[:seq]),
                                               mth(hashes[:size]), unhex_array(c[2])))
        ok(inc, "chain %r: audit paths verify with RFC 9162 against the MTH" % ck)
        ok(con, "chain %r: consistency proofs verify with RFC 9162" % ck)
    print("1..%d" % n_test)
    return 1 if n_fail else 0


if __name__ == "__main__":
    sys.exit(main())
