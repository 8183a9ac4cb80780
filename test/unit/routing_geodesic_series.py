#!/usr/bin/env python3
"""Re-derive the series coefficients used by src/routing/geodesic.c.

Karney, "Algorithms for geodesics", J. Geodesy 87 (2013): with
c = cos 2 sigma, sqrt(1 + k^2 sin^2 sigma) = sqrt(1 - 2 eps c + eps^2)/(1 - eps).
Expand the integrands of I1 (distance), I2 (reduced length) and I3
(longitude, f = 2n/(1+n)) in eps (and n), project on cos 2 l sigma, and
write I = A (sigma + sum_l C_l sin 2 l sigma).  Prints A1 (1 - eps), C1l,
A2 / (1 - eps), C2l (order 6 in eps) and A3, C3l (total order 5 in eps, n).
Needs sympy (the pyenv python3 here has it):  python3 test/unit/routing_geodesic_series.py
"""
import sympy as sp
eps, n, t, c = sp.symbols('epsilon n t c')
ORDER = 6
S = sp.sqrt(1 - 2*eps*c + eps**2)        # c = cos(2 sigma)
# sqrt(1 + k^2 sin^2 sigma) = S / (1 - eps)
integrands = {
  'I1': S/(1-eps),
  'I2': (1-eps)/S,
}
f = 2*n/(1+n)
integrands['I3'] = (2-f)/(1 + (1-f)*S/(1-eps))

def cos_power_fourier(m):
    # cos^m x = 2^-m sum_j C(m,j) cos((m-2j)x)
    out = {}
    for j in range(m+1):
        l = abs(m-2*j)
        out[l] = out.get(l, 0) + sp.Rational(sp.binomial(m, j), 2**m)
    return out

def fourier(expr, twovar):
    if twovar:
        e = expr.subs({eps: t*eps, n: t*n})
        ser = sp.series(e, t, 0, ORDER).removeO().subs(t, 1)
    else:
        ser = sp.series(expr, eps, 0, ORDER+1).removeO()
    ser = sp.expand(ser)
    P = sp.Poly(ser, c)
    coef = {}
    for (m,), a in P.terms():
        for l, w in cos_power_fourier(m).items():
            coef[l] = sp.expand(coef.get(l, 0) + a*w)
    return coef

def trunc(expr, twovar, order):
    if twovar:
        e = sp.expand(expr).subs({eps: t*eps, n: t*n})
        return sp.expand(sp.series(e, t, 0, order+1).removeO().subs(t, 1))
    return sp.expand(sp.series(expr, eps, 0, order+1).removeO())

for name in ['I1', 'I2', 'I3']:
    two = name == 'I3'
    order = 5 if two else 6
    co = fourier(integrands[name], two)
    A = co[0]
    if name == 'I1':
        print('A1*(1-eps) =', trunc(A*(1-eps), False, 6))
    elif name == 'I2':
        print('A2/(1-eps) =', trunc(A/(1-eps), False, 6))
    else:
        print('A3 =', trunc(A, True, order))
    for l in range(1, 7):
        if l not in co: continue
        # I = A (sigma + sum C_l sin 2 l sigma): C_l = a_l / (2 l A)
        Cl = trunc(co[l]/(2*l*A), two, order)
        if Cl != 0:
            print('C%s%d =' % (name[1], l), sp.collect(Cl, eps))
