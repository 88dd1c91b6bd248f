"""Drawing a sample from a population: `mus`, `random`, `top` (`stratified` in `strata`).

Every draw is reproducible: randomness comes only from a numpy Generator seeded with
`--seed` (a seed is drawn and recorded in the paper when none is given), and the
population is in file/sheet/row order whatever order the files were found in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from rl_audit.sampling.population import Item, Population

METHODS = ("mus", "random", "top", "stratified")


@dataclass(frozen=True)
class Pick:
    """A selected item; `certainty` when it is at or above the MUS interval."""

    item: Item
    certainty: bool = False
    stratum: int = 0  # 1-based stratum of a stratified sample, else 0


@dataclass
class Sample:
    """A drawn sample and the parameters that drew it (as written on the paper)."""

    population: Population
    method: str
    seed: int
    picks: list[Pick]
    interval: int = 0  # sen, MUS only
    strata: list[tuple[int, int | None, int, int]] = field(
        default_factory=list
    )  # low, high, N, value
    confidence: int | None = None  # percent, MUS
    tolerable: int | None = None  # sen
    expected: int = 0  # sen


def new_seed() -> int:
    """A fresh seed, recorded on the paper so the draw can be repeated."""
    return int(np.random.default_rng().integers(0, 2**31 - 1))


def interval_for(value: int, size: int) -> int:
    """The MUS sampling interval in sen: population value ÷ sample size, rounded up."""
    return max(1, -(-value // max(1, size)))


def mus(population: Population, interval: int, seed: int) -> Sample:
    """Systematic monetary unit selection with a random start in [0, interval).

    The selection points are start, start + J, start + 2J … below the population value;
    the item whose cumulative amount range holds a point is selected (once). An item at
    or above the interval always holds a point: it is marked as selected with certainty.
    """
    start = int(np.random.default_rng(seed).integers(0, interval))
    picks, point, upper = [], start, 0
    for item in population.items:
        upper += item.amount
        if point < upper:
            picks.append(Pick(item, certainty=item.amount >= interval))
            point += interval * ((upper - point - 1) // interval + 1)
    return Sample(population, "mus", seed, picks, interval=interval)


def simple_random(population: Population, size: int, seed: int) -> Sample:
    """Simple random selection without replacement, listed in population order."""
    count = min(size, len(population.items))
    chosen = np.random.default_rng(seed).choice(len(population.items), count, replace=False)
    picks = [Pick(population.items[i]) for i in sorted(int(i) for i in chosen)]
    return Sample(population, "random", seed, picks)


def top(population: Population, size: int, seed: int) -> Sample:
    """The `size` largest items (ties in population order), listed in population order."""
    order = sorted(population.items, key=lambda item: -item.amount)[:size]
    chosen = sorted(order, key=lambda item: item.place)
    return Sample(population, "top", seed, [Pick(item) for item in chosen])
