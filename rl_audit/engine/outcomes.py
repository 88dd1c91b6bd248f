"""A rule's outcome for one OPD, its title and keyed reason kept for every language."""

from __future__ import annotations

from typing import Any

from rl_audit.documents import OpdRef
from rl_audit.findings import RuleOutcome, Severity, Status
from rl_audit.messages import render
from rl_audit.ruleset.load import Rule
from rl_audit.wording import texts


def rule_outcome(
    rule: Rule,
    opd: OpdRef,
    status: Status,
    count: int = 0,
    reason: str | None = None,
    reason_key: str | None = None,
    reason_params: tuple[tuple[str, Any], ...] = (),
) -> RuleOutcome:
    """The rule's outcome; its title and a keyed reason are rendered in the reader's language."""
    titles = texts(rule.title.items())
    if reason_key is not None:
        reason = render(reason_key, "id", **dict(reason_params))
    title = rule.title.get("id", rule.id)
    return RuleOutcome(
        rule.id, title, rule.bpk_code, Severity(rule.severity), status, count, reason, opd,
        titles, reason_key, reason_params,
    )  # fmt: skip


def checked_outcome(
    rule: Rule, opd: OpdRef, found: int, evaluated: int, unchecked: int
) -> RuleOutcome:
    """The outcome of a check that ran: `found` findings over `evaluated` rows.

    No finding and no row evaluated: not applicable. Rows the check could not judge
    (`unchecked`, named by its notices) are never passed silently: the reason counts them
    (`rows_unchecked`), and with no finding and no row evaluated the rule is `error`.
    """
    status = Status.FAILED if found else Status.PASSED
    if not unchecked:
        if not found and evaluated == 0:
            return rule_outcome(rule, opd, Status.NOT_APPLICABLE, reason_key="no_rows_evaluated")
        return rule_outcome(rule, opd, status, found)
    if not found and evaluated == 0:
        status = Status.ERROR
    keyed = (("count", unchecked),)
    return rule_outcome(rule, opd, status, found, None, "rows_unchecked", keyed)
