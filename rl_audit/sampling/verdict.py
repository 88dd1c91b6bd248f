"""The evaluation said in words: the figures, per stratum, and the conclusion line (id/en)."""

from __future__ import annotations

from rl_audit.messages import label
from rl_audit.messages import rupiah_sen as rp
from rl_audit.sampling.evaluate import Evaluation, StratumResult


def conclusion(result: Evaluation, lang: str) -> list[str]:
    """The evaluation's lines: the figures, then the conclusion against the tolerable."""
    figures = dict(errors=result.errors, known=rp(result.known), projected=rp(result.projected))
    if result.method == "mus":
        more = dict(
            basic=rp(result.basic_precision),
            allowance=rp(result.allowance),
            limit=rp(result.upper_limit),
        )
        lines = [label("sample_eval_mus", lang, **figures, **more)]
    else:
        lines = [label("sample_eval_other", lang, method=result.method, **figures)]
        lines += [stratum_line(s, lang) for s in result.strata]
    if result.acceptable is None:
        return [*lines, label("sample_no_tolerable", lang)]
    key = "sample_accept" if result.acceptable else "sample_reject"
    return [*lines, label(key, lang, limit=rp(result.upper_limit), tolerable=rp(result.tolerable))]


def stratum_line(stratum: StratumResult, lang: str) -> str:
    """One stratum's projection."""
    return label(
        "sample_eval_stratum",
        lang,
        number=stratum.number,
        errors=stratum.errors,
        known=rp(stratum.known),
        sampled=rp(stratum.sampled),
        projected=rp(stratum.projected),
        value=rp(stratum.value),
    )
