#!/usr/bin/env python3
"""Independent recomputation of the inventory golden values (golden.md
sections A, B, H) with mpmath at 50 digits, straight from the textbook
formulas, sharing no code with the extension.  Prints one line per value;
sql/inventory.sql cites these digits.  Run: python3 reference.py (needs
mpmath)."""
import mpmath as m

m.mp.dps = 50
sqrt, phi, Phi = m.sqrt, m.npdf, m.ncdf


def q(p):
    return m.sqrt(2) * m.erfinv(2 * m.mpf(p) - 1)


def L(z):
    return phi(z) - z * (1 - Phi(z))


def out(name, v):
    print(f"{name:8s} {m.nstr(v, 20)}")


# A: EOQ family (Snyder & Shen ch. 3)
def eoq(D, K, h): return sqrt(2 * D * K / h)
def eoq_g(D, K, h, Q): return K * D / Q + h * Q / 2


out("A1.Q", eoq(1300, 8, m.mpf('0.225')))
out("A1.g", sqrt(2 * 1300 * 8 * m.mpf('0.225')))
out("A2.g", eoq_g(1300, 8, m.mpf('0.225'), 250))
out("A3.Q", eoq(182500, 2250, 275))
out("A3.g", sqrt(2 * 182500 * 2250 * 275))
for name, K, h, p, D in (("A4", 8, '0.225', 5, 1300), ("A5", 40, '40.05', 60, 2080),
                         ("A16", 12000, '0.3', '1.1', 8000)):
    h, p = m.mpf(h), m.mpf(p)
    Q = sqrt(2 * K * D * (h + p) / (h * p))
    out(name + ".Q", Q)
    out(name + ".x", h / (h + p))
    out(name + ".g", sqrt(2 * K * D * h * p / (h + p)))
    out(name + ".S", Q * h / (h + p))
h, p, K, D, Q, x = m.mpf('40.05'), 60, 40, 2080, 100, m.mpf('0.3')
out("A6.g", h * (Q * (1 - x))**2 / (2 * Q) + p * (Q * x)**2 / (2 * Q) + K * D / Q)
for name, K, h, D, P in (("A7", 8, '0.225', 1300, 2000), ("A9", 4, '0.08', 80, 110)):
    h = m.mpf(h)
    hp = h * (1 - m.mpf(D) / P)
    out(name + ".Q", sqrt(2 * K * D / hp))
    out(name + ".g", sqrt(2 * K * D * hp))
hp = m.mpf('0.225') * (1 - m.mpf(1300) / 2000)
out("A8.g", m.mpf(8) * 1300 / 350 + hp * 350 / 2)


def all_units(D, K, i, b, c):
    best = None
    for j in range(len(b)):
        Qj = max(sqrt(2 * K * D / (i * c[j])), b[j])
        if j + 1 < len(b) and Qj >= b[j + 1]:
            continue
        g = c[j] * D + K * D / Qj + i * c[j] * Qj / 2
        if best is None or g < best[1]:
            best = (Qj, g, j)
    return best


def incremental(D, K, i, b, c):
    best, cbar = None, m.mpf(0)
    for j in range(len(b)):
        if j:
            cbar += c[j - 1] * (b[j] - b[j - 1])
        kj = K + cbar - c[j] * b[j]
        Qj = sqrt(2 * D * kj / (i * c[j]))
        cands = [Qj] if Qj >= b[j] and (j + 1 == len(b) or Qj < b[j + 1]) else []
        if j:
            cands.append(m.mpf(b[j]))
        for Q in cands:
            pur = cbar + c[j] * (Q - b[j])
            g = D * pur / Q + K * D / Q + i * pur / 2
            if best is None or g < best[1]:
                best = (Q, g, j)
    return best


M = m.mpf
for name, f, args in (
        ("A10", all_units, (1300, 8, M('0.3'), [0, 400, 800], [M('0.75'), M('0.72'), M('0.68')])),
        ("A11", all_units, (1000, 200, M('0.2'), [0, 200, 500], [500, 475, 450])),
        ("A12", all_units, (182500, 2250, M('0.25'), [0, 1200, 2400], [1490, 1220, 1100])),
        ("A13", incremental, (1300, 8, M('0.3'), [0, 400, 800], [M('0.75'), M('0.72'), M('0.68')])),
        ("A14", incremental, (2400, 150, M('0.25'), [0, 300, 600], [100, 90, 80]))):
    Qb, g, j = f(*args)
    out(name + ".Q", Qb)
    out(name + ".g", g)
    out(name + ".j", j)
out("A15.Q", eoq(8000, 12000, M('0.3')))
out("A15.g", sqrt(2 * 8000 * 12000 * M('0.3')))


# B: newsvendor with normal demand (Snyder & Shen ch. 4), cu = p, co = h
def nv(mu, sd, cu, co):
    return mu + sd * q(M(cu) / (M(cu) + M(co)))


def nv_cost(mu, sd, cu, co, S):
    z = (S - mu) / sd
    return M(co) * sd * L(-z) + M(cu) * sd * L(z)


for name, mu, sd, cu, co, Ss in (("B1", 50, 8, '0.70', '0.18', (40, 60)),
                                 ("B4", 900, 60, 79, 43, ()),
                                 ("B5", 250, 8 * sqrt(5), '0.70', '0.18', (180,))):
    S = nv(mu, sd, cu, co)
    out(name + ".S", S)
    out(name + ".g*", (M(cu) + M(co)) * sd * phi(q(M(cu) / (M(cu) + M(co)))))
    out(name + ".g(S)", nv_cost(mu, sd, cu, co, S))
    for s in Ss:
        out(f"{name}.g{s}", nv_cost(mu, sd, cu, co, s))
for name, mu, sd, r, c, v, Ss in (("B12", 50, 8, 1, '0.3', '0.12', (40,)),
                                  ("B13", 50, 10, 7, '2.5', '1.5', ()),
                                  ("B14", 100, 30, 4, 1, 0, ()),
                                  ("B15", 100, 20, 4, 1, 0, ())):
    r, c, v = M(r), M(c), M(v)
    S = nv(mu, sd, r - c, c - v)
    out(name + ".S", S)
    out(name + ".cost", nv_cost(mu, sd, r - c, c - v, S))
    out(name + ".profit", (r - c) * mu - nv_cost(mu, sd, r - c, c - v, S))
    out(name + ".fill", 1 - sd * L((S - mu) / sd) / mu)
    for s in Ss:
        out(f"{name}.profit{s}", (r - c) * mu - nv_cost(mu, sd, r - c, c - v, s))


# H: safety stock, reorder point (Silver, Pyke & Peterson)
def sig(d, sd, Lt, sdL=0):
    return sqrt(Lt * M(sd)**2 + M(d)**2 * M(sdL)**2)


out("H1.SS", q(M('0.95')) * sig(0, M('0.7'), 2))
out("H2.ROP", 2500 * 6 + q(M('0.9')) * sig(2500, 500, 6))
out("H3.sig", sig(50, 5, 6, 2))
out("H3.SS", q(M('0.9')) * sig(50, 5, 6, 2))
out("H3.ROP", 300 + q(M('0.9')) * sig(50, 5, 6, 2))
d, s = M(8000) / 52, 600 / sqrt(52)
out("H4.SS", q(M('0.92')) * sig(d, s, 4))
out("H4.ROP", 4 * d + q(M('0.92')) * sig(d, s, 4))
d, s = M(20000) / 52, 1200 / sqrt(52)
k = q(M('0.95'))
out("H5.SS", k * sig(d, s, 3))
out("H5.ROP", 3 * d + k * sig(d, s, 3))
out("H5.EUS", sig(d, s, 3) * L(k))
out("H5.fill", 1 - sig(d, s, 3) * L(k) / 4500)
d, s = M(100000) / 52, 5000 / sqrt(52)
sg = sig(d, s, 4)
g = 9000 * (1 - M('0.97')) / sg
k = m.findroot(lambda z: L(z) - g, 0.5)
out("H6.G", g)
out("H6.k", k)
out("H6.SS", k * sg)
out("H6.ROP", 4 * d + k * sg)
out("H6.CSL", Phi(k))
