"""Checks of the values a user gives before a run: rule selection, parameters, OPDs.

Every bad value raises `OptionError`, which renders one line in the user's language
naming the value and the closest valid names (difflib). The CLI turns it into exit 2
(a command-line option) or exit 3 (`in_config`: a key of rl-audit.yaml).
Parameter values are checked against the parameter's type, taken from its default:
numbers, text, dates (YYYY-MM-DD), booleans, lists, mappings; a text default that is a
date, a deadline rule, or whose unit is `regex` asks for that.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from rl_audit.catalog.calendar import DEADLINE_RULES, is_rule
from rl_audit.catalog.opds import Registry, match_opd
from rl_audit.documents import InputFile, OpdRef
from rl_audit.findings import OpdSummary
from rl_audit.messages import label
from rl_audit.ruleset.load import Parameter, Rule, select_rules
from rl_audit.ruleset.renamed import current_names

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class OptionError(ValueError):
    """A bad option value: a label key and its fields, rendered by `text(lang)`."""

    def __init__(
        self, key: str, close: Iterable[str] = (), hint: str = "", in_config: bool = False, **f: Any
    ) -> None:
        """`key`'s wording with fields `f`; `close` names or else the `hint` label follow."""
        self.key, self.close, self.hint = key, tuple(close), hint
        self.in_config, self.fields = in_config, f
        super().__init__(self.text("id"))

    def text(self, lang: str) -> str:
        """The message in `lang`: what is wrong, then the closest names or where to look."""
        fields = dict(self.fields)
        if "expected" in fields:  # a label key itself, e.g. opt_type_number
            fields["expected"] = label(fields["expected"], lang, **self.fields)
        message = label(self.key, lang, **fields)
        if self.close:
            return f"{message} {label('opt_did_you_mean', lang, names=', '.join(self.close))}"
        return f"{message} {label(self.hint, lang)}" if self.hint else message


def closest(value: str, names: Iterable[str], n: int = 3) -> list[str]:
    """Up to `n` of `names` closest to `value`, compared without case."""
    by_lower: dict[str, str] = {}
    for name in names:
        by_lower.setdefault(name.casefold(), name)
    found = difflib.get_close_matches(value.casefold(), list(by_lower), n=n, cutoff=0.6)
    return [by_lower[k] for k in found]


# --- rule selection -------------------------------------------------------------------


def _selectors(rules: Iterable[Rule]) -> list[str]:
    """Every id, id prefix (`KAS`), tag and `tag:NAME` of `rules`."""
    names: list[str] = []
    for rule in rules:
        names += [rule.id, rule.id.split("-")[0], *rule.tags, *(f"tag:{t}" for t in rule.tags)]
    return list(dict.fromkeys(names))


def check_chosen(rules: tuple[Rule, ...], select: tuple[str, ...], ignore: tuple[str, ...]) -> None:
    """OptionError when --select minus --ignore leaves no rule (a run that checks nothing)."""
    if not select_rules(rules, select, ignore):
        raise OptionError("opt_empty_selection", (), "opt_hint_rules")


def check_selection(rules: tuple[Rule, ...], patterns: Iterable[str], option: str) -> None:
    """OptionError for the first pattern of `option` (--select/--ignore) picking no rule."""
    for pattern in patterns:
        if not select_rules(rules, (pattern,), ()):
            close = closest(pattern, _selectors(rules))
            raise OptionError(
                "opt_unknown_select", close, "opt_hint_rules", where=option, value=pattern
            )


def check_rule_id(rules: tuple[Rule, ...], rule_id: str) -> Rule:
    """The rule with id `rule_id`; OptionError with the closest ids otherwise."""
    for rule in rules:
        if rule.id == rule_id:
            return rule
    close = closest(rule_id, [r.id for r in rules])
    raise OptionError("opt_unknown_rule", close, "opt_hint_rules", value=rule_id)


# --- parameters -----------------------------------------------------------------------


def param_kind(param: Parameter) -> str:
    """The type a parameter's values must have, from its default (and unit)."""
    default = param.default
    if isinstance(default, bool):
        return "bool"
    if isinstance(default, int | float):
        return "number"
    if isinstance(default, date) or (isinstance(default, str) and _DAY.match(default)):
        return "date"
    if isinstance(default, str):
        if "regex" in param.unit.lower():
            return "regex"
        return "deadline" if is_rule(default) else "text"
    if isinstance(default, list):
        return _list_kind(default)
    return "mapping" if isinstance(default, dict) else "any"


def _list_kind(default: list[Any]) -> str:
    """`list_text`, `list_mapping` or `list` (items unchecked) for a list default."""
    if default and all(isinstance(v, str) for v in default):
        return "list_text"
    if default and all(isinstance(v, dict) for v in default):
        return "list_mapping"
    return "list"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _valid_regex(value: Any) -> bool:
    try:
        re.compile(value)
    except (re.error, TypeError):
        return False
    return isinstance(value, str)


_VALID = {
    "bool": lambda v: isinstance(v, bool),
    "number": _is_number,
    "text": lambda v: isinstance(v, str),
    "regex": _valid_regex,
    "deadline": lambda v: isinstance(v, str) and is_rule(v),
    "list": lambda v: isinstance(v, list),
    "list_text": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
    "list_mapping": lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v),
    "mapping": lambda v: isinstance(v, dict),
}


def _as_date(value: Any, default: Any) -> Any:
    """A date value in the default's form (ISO text or date); None when not a date."""
    if isinstance(value, str) and _DAY.match(value.strip()):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            return None
    if not isinstance(value, date) or hasattr(value, "hour"):
        return None
    return value.isoformat() if isinstance(default, str) else value


def _as_number(value: Any) -> Any:
    """A number written as text that YAML leaves a string (`1e6`) as a float; else as is."""
    try:
        return float(value) if isinstance(value, str) else value
    except ValueError:
        return value


def _show(value: Any) -> str:
    """A given value as the user wrote it, near enough: dates ISO, YAML's true/false/null."""
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    return value.isoformat() if isinstance(value, date) else repr(value)


def check_param(param: Parameter, value: Any, where: str, in_config: bool = False) -> Any:
    """`value` for `param`, in its type (dates as the default's form); OptionError otherwise."""
    kind = param_kind(param)
    if kind == "date":
        as_date = _as_date(value, param.default)
        if as_date is not None:
            return as_date
    elif kind == "number" and _is_number(_as_number(value)):
        return _as_number(value)
    elif kind == "any" or _VALID[kind](value):
        return value
    raise OptionError(
        "opt_param_type",
        in_config=in_config,
        where=where,
        value=_show(value),
        expected=f"opt_type_{kind}",
        rules=", ".join(DEADLINE_RULES),
    )


def check_params(
    declared: dict[str, Parameter], given: dict[str, Any], where: str, in_config: bool = False
) -> dict[str, Any]:
    """`given` checked against the declared parameters (`where` + name names each).

    A parameter's old name (`rl_audit.ruleset.renamed`) is read as its new one.
    """
    out = {}
    for name, value in current_names(given, declared).items():
        here = f"{where}{name}"
        if name not in declared:
            close = closest(str(name), declared)
            hint = "opt_hint_params"
            raise OptionError("opt_unknown_param", close, hint, in_config, where=here)
        out[name] = check_param(declared[name], value, here, in_config)
    return out


# --- OPDs -----------------------------------------------------------------------------


def input_opds(inputs: list[InputFile]) -> list[OpdRef]:
    """The distinct OPDs the documents of `inputs` name themselves (not the --opd fallback)."""
    refs = [d.opd for f in inputs for d in f.documents() if d.opd and d.opd.source != "cli"]
    return list(dict.fromkeys(refs))


def resolve_opd(registry: Registry, refs: Iterable[OpdRef], query: str) -> str:
    """The OPD code `query` names (`match_opd`: registry first, then `refs`); OptionError else."""
    found = match_opd(query, registry, refs)
    if found.code is None:
        raise OptionError("opt_unknown_opd", found.close, "opt_hint_opds", value=query)
    return found.code


def given_opd(registry: Registry, query: str) -> str:
    """The registered OPD code `query` names, else the query as given (nothing was read)."""
    return match_opd(query, registry).code or query.strip()


def opd_summary(registry: Registry, summaries: list[OpdSummary], query: str) -> OpdSummary:
    """The summary of the OPD of the report that `query` names (`--explain-score`).

    Only the report's OPDs are candidates; OptionError names the closest of them.
    """
    refs = [s.opd for s in summaries]
    found = match_opd(query, registry.subset({r.code for r in refs}), refs)
    summary = next((s for s in summaries if s.opd.code == found.code), None)
    if summary is None:
        raise OptionError("term_opd_not_found", found.close, query=query)
    return summary


def recorded_opd(registry: Registry, runs: list[dict[str, Any]], query: str) -> str:
    """The OPD code `query` names among the registry and the OPDs of recorded `runs`."""
    refs = [OpdRef(o["code"], o["name"] or o["code"]) for r in runs for o in r["opds"]]
    return resolve_opd(registry, refs, query)
