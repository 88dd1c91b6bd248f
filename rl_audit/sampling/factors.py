"""Confidence factors of monetary unit sampling (Poisson), and the AICPA expansion factors.

The confidence factors are the upper limits of a Poisson mean for 0, 1, 2 … misstatements
at the given confidence, as tabled in the AICPA Audit Guide *Audit Sampling* (Table C-3,
"Monetary unit sampling — confidence factors for sample evaluation"): at 90 % 2.31, 3.89,
5.33, 6.69, 8.00 …; at 95 % 3.00, 4.75, 6.30, 7.76, 9.16 … Beyond the table the factor is
computed (the λ with P(X ≤ k; λ) = 1 − confidence). The expansion factors for expected
misstatement are the Guide's Table C-2 (5 % risk of incorrect acceptance: 1.6; 10 %: 1.5).
"""

from __future__ import annotations

import math

CONFIDENCES = (90, 95)
FACTORS = {
    90: (2.31, 3.89, 5.33, 6.69, 8.00, 9.28, 10.54, 11.78, 13.00, 14.21, 15.41),
    95: (3.00, 4.75, 6.30, 7.76, 9.16, 10.52, 11.85, 13.15, 14.44, 15.71, 16.97),
}
EXPANSION = {90: 1.5, 95: 1.6}


def factor(confidence: int, errors: int) -> float:
    """The confidence factor for `errors` misstatements at `confidence` percent."""
    table = FACTORS[confidence]
    if errors < len(table):
        return table[errors]
    return round(poisson_upper(errors, confidence / 100), 2)


def poisson_upper(errors: int, confidence: float) -> float:
    """The λ with P(X ≤ errors; λ) = 1 − confidence (bisection)."""
    low, high = 0.0, 10.0 + 5.0 * errors
    for _ in range(100):
        mid = (low + high) / 2
        if _cdf(errors, mid) > 1 - confidence:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def _cdf(k: int, lam: float) -> float:
    """P(X ≤ k) for a Poisson variable of mean `lam`."""
    term = total = math.exp(-lam)
    for i in range(1, k + 1):
        term *= lam / i
        total += term
    return total


def mus_size(population: int, confidence: int, tolerable: int, expected: int = 0) -> int:
    """The MUS sample size: ceil(population × factor(0) / (tolerable − expected × expansion)).

    Raises ValueError when the tolerable misstatement leaves no room for the expected one.
    """
    room = tolerable - expected * EXPANSION[confidence]
    if room <= 0:
        raise ValueError("tolerable")
    return max(1, math.ceil(population * FACTORS[confidence][0] / room))
