"""What the engine is asked to do: `RunOptions`, and the store of evaluations it may be given.

The engine knows no cache: `evaluate` takes any `EvalStore` (the evaluation cache,
`rl_audit.cache.evaluation.EvalCache`, is one), built and passed in by the caller.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import pandas as pd

from rl_audit.catalog.calendar import WorkCalendar
from rl_audit.documents import Document, InputFile, OpdRef
from rl_audit.findings import Finding, OpdRun, RuleOutcome
from rl_audit.ruleset.load import Rule

OpdEvaluation = tuple[list[RuleOutcome], list[Finding], OpdRun]
"""What evaluating one OPD yields: its rule outcomes, its findings, its run record."""


@dataclass
class RunOptions:
    """What a run needs besides the inputs: period, parameters, selection.

    No language: reporters render the wording, so one evaluation serves every language.
    """

    params: dict[str, Any] = field(default_factory=dict)
    as_of: pd.Timestamp | None = None
    year: int | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    opds: tuple[str, ...] = ()  # only these OPD codes (all when empty)
    year_source: str = "option"  # where a given `year` came from: option | config
    as_of_source: str = "option"  # where a given `as_of` came from: option | config


class OpdStore(Protocol):
    """One run's use of an evaluation store: each OPD's evaluation, kept or computed."""

    def fetch(
        self, opd: OpdRef, docs: list[Document], compute: Callable[[], OpdEvaluation]
    ) -> OpdEvaluation:
        """The OPD's kept evaluation, else `compute()` (and keep it)."""
        ...


class EvalStore(Protocol):
    """Where unchanged OPDs' evaluations are kept between runs (e.g. the evaluation cache)."""

    def session(
        self,
        rules: list[Rule],
        params: dict[str, Any],
        options: RunOptions,
        inputs: list[InputFile],
    ) -> OpdStore:
        """The store as used by one run with these rules, parameters, options and inputs."""
        ...
