"""Stratified selection: strata by amount bands, allocation proportional to value.

Bands are given as lower edges (`--strata`: an item of amount a is in the last stratum
whose edge ≤ a) or made of equal value (`--bands K`: cut where the cumulative value of
the sorted amounts passes k ÷ K of the total). Each non-empty stratum gets
n × its value ÷ the population value items (largest remainders, at least one), drawn at
random without replacement with one seeded Generator, strata in order.
"""

from __future__ import annotations

import bisect

import numpy as np

from rl_audit.sampling.population import Item, Population
from rl_audit.sampling.select import Pick, Sample


def equal_value_edges(amounts: list[int], bands: int) -> list[int]:
    """Lower edges (sen) of `bands` strata holding about equal value (first edge 0)."""
    ordered, total = sorted(amounts), sum(amounts)
    edges, running, cut = [0], 0, 1
    for amount in ordered:
        if cut < bands and running >= total * cut / bands and amount > edges[-1]:
            edges.append(amount)
            cut += 1
        running += amount
    return edges


def allocate(values: list[int], counts: list[int], size: int) -> list[int]:
    """Sample sizes per stratum proportional to value (largest remainders), ≤ its count."""
    total = sum(values) or 1
    quotas = [size * v / total for v in values]
    sizes = [min(c, max(1, int(q))) if c else 0 for q, c in zip(quotas, counts, strict=True)]
    order = sorted(range(len(values)), key=lambda h: int(quotas[h]) - quotas[h])
    for h in order:
        if sum(sizes) >= size:
            break
        if sizes[h] < counts[h]:
            sizes[h] += 1
    return sizes


def stratified(population: Population, size: int, seed: int, edges: list[int]) -> Sample:
    """A stratified sample; `edges` are the strata's lower edges in sen (ascending)."""
    bounds = sorted({0, *edges})
    groups: list[list[Item]] = [[] for _ in bounds]
    for item in population.items:
        groups[bisect.bisect_right(bounds, item.amount) - 1].append(item)
    values = [sum(i.amount for i in g) for g in groups]
    sizes = allocate(values, [len(g) for g in groups], size)
    rng, picks = np.random.default_rng(seed), []
    for number, (group, n) in enumerate(zip(groups, sizes, strict=True), 1):
        chosen = sorted(int(i) for i in rng.choice(len(group), n, replace=False)) if n else []
        picks += [Pick(group[i], stratum=number) for i in chosen]
    highs = [*(b - 1 for b in bounds[1:]), None]
    strata = [
        (lo, hi, len(g), v) for lo, hi, g, v in zip(bounds, highs, groups, values, strict=True)
    ]
    return Sample(population, "stratified", seed, picks, strata=strata)
