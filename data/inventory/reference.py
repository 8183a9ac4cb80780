#!/usr/bin/env python3
"""Independent recomputation of the inventory golden values (golden.md
sections A, B, C, D, E, H) with mpmath at 50 digits, straight from the textbook
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


# E: Wagner-Whitin by brute force over all order-period subsets (T <= 5)
from itertools import combinations


def ww_brute(d, K, h, c=None):
    T = len(d)
    best = None
    for r in range(1, T + 1):
        for periods in combinations(range(T), r):
            if periods[0] != 0 and d[0] > 0:
                continue
            q = [0] * T
            cost = m.mpf(0)
            for a, start in enumerate(periods):
                end = periods[a + 1] if a + 1 < len(periods) else T
                q[start] = sum(d[start:end])
                if q[start] > 0:
                    cost += K + (c[start] * q[start] if c else 0)
                    cost += h * sum((t - start) * d[t] for t in range(start, end))
            if best is None or cost < best[0]:
                best = (cost, q)
    return best


for name, d, K, h, c in (("E1", [90, 120, 80, 70], 500, 2, None),
                         ("E2", [150, 100, 80, 200], 120, M('0.8'), None),
                         ("E3", [730, 580, 445, 650, 880], 100, M('0.1'), None),
                         ("E4", [400, 500, 500, 1100, 900], 100, M('0.1'), [3, 1, 4, 6, 6])):
    cost, qs = ww_brute(d, K, h, c)
    print(f"{name}.Q    {qs}")
    out(name + ".g", cost)


# B7-B9, D: Poisson demand, exact sums at 50 digits
def pmf(lam, d):
    return m.exp(d * m.log(lam) - lam - m.loggamma(d + 1)) if d >= 0 else m.mpf(0)


def G(lam, h, p, y):
    hi = int(lam + 60 * m.sqrt(lam) + 60)
    below = sum((y - d) * pmf(lam, d) for d in range(0, max(y, 0) + 1))
    above = sum((d - y) * pmf(lam, d) for d in range(max(y, 0) + 1, hi))
    if y < 0:
        above = lam - y
    return h * below + p * above


def poisson_nv(lam, h, p):
    alpha, cum, S = M(p) / (M(p) + M(h)), m.mpf(0), 0
    while True:
        cum += pmf(lam, S)
        if cum >= alpha:
            return S
        S += 1


for name, h, p, lam, extra in (("B7", 1, 4, 6, 5), ("B8", 200, 270, 18, 13),
                               ("B9", M('0.08'), M('1.25'), 90, None)):
    S = poisson_nv(lam, h, p)
    print(f"{name}.S    {S}")
    out(name + ".g*", G(lam, h, p, S))
    if extra is not None:
        out(f"{name}.g{extra}", G(lam, h, p, extra))


def ss_cost(lam, h, p, K, s, S):
    n = S - s
    f = [pmf(lam, j) for j in range(n + 1)]
    mm = [1 / (1 - f[0])]
    for j in range(1, n):
        mm.append(mm[0] * sum(f[l] * mm[j - l] for l in range(1, j + 1)))
    return (K + sum(mm[j] * G(lam, h, p, S - j) for j in range(n))) / sum(mm)


def ss_brute(lam, h, p, K):
    """exhaustive search over a box around the newsvendor level"""
    y = poisson_nv(lam, h, p)
    best = None
    for s in range(max(-1, y - int(3 * m.sqrt(lam)) - 10), y):
        for S in range(y, y + int(6 * m.sqrt(K * lam / h)) + 20):
            c = ss_cost(lam, h, p, K, s, S)
            if best is None or c < best[2]:
                best = (s, S, c)
    return best


if __import__('os').environ.get('SS_BRUTE'):
    m.mp.dps = 20
    for name, h, p, K, lam in (("D1", 1, 4, 5, 6), ("D2", 40, 125, 150, 4)):
        s_, S_, c_ = ss_brute(lam, h, p, K)
        print(f"{name}.sS   {s_} {S_}")
        out(name + ".g", c_)
    m.mp.dps = 50
out("D1.g(6,18)", ss_cost(6, 1, 4, 5, 6, 18))
out("D1.g(4,10)", ss_cost(6, 1, 4, 5, 4, 10))
out("D2.g(2,7)", ss_cost(4, 40, 125, 150, 2, 7))
out("D2.g(4,10)", ss_cost(4, 40, 125, 150, 4, 10))


# D3, D4: power approximation (Ehrhardt), one-period lead-time demand
def power(h, p, K, mu, sd):
    Q = M('1.30') * M(mu)**M('0.494') * (M(K) / h)**M('0.506') * (1 + M(sd)**2 / M(mu)**2)**M('0.116')
    z = sqrt(Q * h / (sd * p))
    s_ = M('0.973') * mu + sd * (M('0.183') / z + M('1.063') - M('2.192') * z)
    return s_, s_ + Q


for name, args in (("D3", (M('0.18'), M('0.70'), M('2.5'), 50, 8)), ("D4", (2, 36, 60, 190, 48))):
    s_, S_ = power(*args)
    out(name + ".s", s_)
    out(name + ".S", S_)


# C: (r,Q) with normal lead-time demand N(lam L, tau^2 L)
def L2(z):
    return ((z * z + 1) * (1 - Phi(z)) - z * phi(z)) / 2


def rq_cost(h, p, K, lam, tau, Lt, r, Q):
    mu, sg = lam * Lt, tau * sqrt(Lt)
    za, zb = (r - mu) / sg, (r + Q - mu) / sg
    int_n = sg**2 * (L2(za) - L2(zb))
    int_nbar = sg**2 * (L2(-zb) - L2(-za))
    return (K * lam + h * int_nbar + p * int_n) / Q


C51 = (M('0.225'), M('7.5'), 8, 1300, 150, M(1) / 12)
out("C1.g", rq_cost(*C51, M('126.8'), M('328.5')))
out("C2.g", rq_cost(*C51, 100, 250))


def eil(h, p, K, lam, tau, Lt):
    mu, sg = lam * Lt, tau * sqrt(Lt)
    Q, r = sqrt(2 * K * lam / h), m.mpf(0)
    for _ in range(1000):
        r2 = mu + sg * q(1 - Q * h / (p * lam))
        Q2 = sqrt(2 * lam * (K + p * sg * L((r2 - mu) / sg)) / h)
        done = abs(r2 - r) < M('1e-6') and abs(Q2 - Q) < M('1e-6')
        r, Q = r2, Q2
        if done:
            break
    g = h * (r - mu + Q / 2) + K * lam / Q + p * lam * sg * L((r - mu) / sg) / Q
    return r, Q, g


for name, args in (("C4", C51), ("C10", (M('3.1'), 45, 50, 800, 40, M(4) / 365))):
    r_, Q_, g_ = eil(*args)
    out(name + ".r", r_)
    out(name + ".Q", Q_)
    out(name + ".g", g_)
out("C6.r", 1300 / M(12) + q(M('7.5') / (M('7.5') + M('0.225'))) * 150 * sqrt(M(1) / 12))
