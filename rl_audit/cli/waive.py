"""`rl-audit waive`: record an accepted exception in the project's waivers file.

Exit codes: 0 added; 2 usage (bad date, `until` before the approval date, no or two
targets, unknown OPD, no approver, a fingerprint that names no finding or several, the
finding already waived); 3 cannot run (no config or no `waivers:` in it, the waivers
file invalid or not writable, the history unreadable).

A FINGERPRINT (or its first characters, as the reports show it) must name exactly one
finding of the `--input` files, else of the last recorded run, else of the config's
inputs (`rl_audit.waivers.known`); `--force` records it unchecked. The approver is
`--by`, else the config's `approved_by:`; never the login name.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

from rl_audit.cli.common import (
    ConfigOpt,
    Lang,
    LangOpt,
    NoColorOpt,
    cannot_run,
    consoles,
    label,
    load_config,
    usage_error,
)

if TYPE_CHECKING:  # the core is imported when the command runs: --help stays fast
    from rl_audit.config import Config

FingerprintArg = Annotated[
    str | None,
    typer.Argument(
        metavar="FINGERPRINT",
        help="Sidik jari (fingerprint) temuan dari laporan; atau pakai --rule/--opd.",
    ),
]
ReasonOpt = Annotated[str, typer.Option("--reason", help="Alasan pengecualian diterima.")]
UntilOpt = Annotated[
    str | None,
    typer.Option(
        "--until",
        metavar="YYYY-MM-DD",
        help="Berlaku sampai tanggal YYYY-MM-DD (opsional; tanpa --until: tidak berakhir).",
    ),
]
ByOpt = Annotated[
    str | None,
    typer.Option("--by", help="Yang menyetujui (bawaan: `approved_by:` di konfigurasi)."),
]
InputOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--input",
        "-i",
        metavar="PATH",
        help="Berkas/folder yang temuannya harus memuat FINGERPRINT (bawaan: run terakhir).",
    ),
]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Catat FINGERPRINT tanpa memeriksa temuannya.")
]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date", metavar="YYYY-MM-DD", help="Tanggal persetujuan YYYY-MM-DD (bawaan: hari ini)."
    ),
]
RuleOpt = Annotated[str | None, typer.Option("--rule", help="Kode aturan (tanpa FINGERPRINT).")]
OpdOpt = Annotated[str | None, typer.Option("--opd", help="Kode/nama OPD (dengan --rule).")]
KeyOpt = Annotated[
    str | None, typer.Option("--key", help="Nilai bisnis temuan, mis. nomor bukti (opsional).")
]


def _date(value: str, option: str, err: Console, lang: str) -> date:
    """`value` as a date; exit 2 naming the option when it is not YYYY-MM-DD."""
    from rl_audit.waivers.read import strict_date

    found = strict_date(value)
    if found is None:
        usage_error(err, label("waiver_bad_date", lang, option=option, value=value))
    return found


def _text(value: str | None, option: str, err: Console, lang: str) -> str | None:
    """`value` stripped; exit 2 when it was given but is blank."""
    if value is not None and not value.strip():
        usage_error(err, label("waiver_empty", lang, option=option))
    return None if value is None else value.strip()


def _approver(by: str | None, cfg: Config, err: Console, lang: str) -> str:
    """`--by`, else the config's `approved_by:`; exit 2 asking for one when neither is set."""
    approver = _text(by, "--by", err, lang) or cfg.approved_by
    if not approver:
        usage_error(err, label("waiver_need_by", lang, config=cfg.path))
    return approver.strip()


def _full(prefix: str, cfg: Config, inputs: list[Path], err: Console, lang: str) -> str:
    """The one known fingerprint starting with `prefix`; exit 2 when none or several."""
    from rl_audit.history.store import HistoryError
    from rl_audit.nightly.job import settings
    from rl_audit.waivers.known import known_findings, matching

    try:
        known = known_findings(cfg, inputs, settings(cfg).history, lang)
    except HistoryError as exc:
        cannot_run(err, exc.text(lang))
    if known is None:
        usage_error(err, label("waiver_cannot_verify", lang, fingerprint=prefix))
    found = matching(prefix, known.fingerprints)
    if not found:
        usage_error(err, label("waiver_no_match", lang, fingerprint=prefix, source=known.source))
    if len(found) > 1:
        shown = ", ".join(found[:5]) + (", …" if len(found) > 5 else "")
        usage_error(err, label("waiver_ambiguous", lang, fingerprint=prefix, candidates=shown))
    return found[0]


def _target(
    fingerprint: str | None, rule: str | None, opd: str | None, key: str | None, cfg: Config
) -> dict[str, str | None] | None:
    """What the waiver matches, or None when not exactly one kind of target is given."""
    if fingerprint and not (rule or opd or key):
        return {"fingerprint": fingerprint.lower()}
    if fingerprint or not (rule and opd):
        return None
    from rl_audit.waivers.apply import resolve_opd

    return {"rule": rule, "opd": resolve_opd(opd, cfg.registry) or "", "key": key}


def _config(config: ConfigOpt, err: Console, lang: str) -> tuple[Config, Path]:
    """The config and its waivers path; exit 3 when either is missing."""
    from rl_audit.waivers.apply import waivers_path

    cfg = load_config(config, err)
    if cfg.path is None:
        cannot_run(err, label("waiver_no_config", lang))
    path = waivers_path(cfg.waivers, cfg.path)
    if path is None:
        cannot_run(err, label("waiver_no_path", lang, config=cfg.path))
    return cfg, path


def waive(
    reason: ReasonOpt,
    fingerprint: FingerprintArg = None,
    until: UntilOpt = None,
    by: ByOpt = None,
    on: DateOpt = None,
    rule: RuleOpt = None,
    opd: OpdOpt = None,
    key: KeyOpt = None,
    inputs: InputOpt = None,
    force: ForceOpt = False,
    config: ConfigOpt = None,
    lang: LangOpt = Lang.id,
    no_color: NoColorOpt = False,
) -> None:
    """Catat pengecualian (waiver) yang diterima Inspektorat ke berkas `waivers:`."""
    out, err = consoles(no_color)
    lg = lang.value
    approved_on = _date(on, "--date", err, lg) if on is not None else date.today()
    expiry = _date(until, "--until", err, lg) if until is not None else None
    if expiry is not None and expiry < approved_on:
        usage_error(err, label("waiver_until_before", lg, until=expiry, date=approved_on))
    texts = [_text(v, o, err, lg) for v, o in ((fingerprint, "FINGERPRINT"), (rule, "--rule"))]
    opd_text, key_text = _text(opd, "--opd", err, lg), _text(key, "--key", err, lg)
    why = _text(reason, "--reason", err, lg)
    cfg, path = _config(config, err, lg)
    target = _target(texts[0], texts[1], opd_text, key_text, cfg)
    if target is None:
        usage_error(err, label("waiver_target", lg))
    if target.get("opd") == "":
        usage_error(err, label("waiver_unknown_opd", lg, opd=opd_text))
    approver = _approver(by, cfg, err, lg)
    if target.get("fingerprint") and not force:
        target["fingerprint"] = _full(str(target["fingerprint"]), cfg, inputs or [], err, lg)
    entry = {**target, "reason": why, "approved_by": approver, "date": approved_on}
    _append(cfg, path, {**entry, "until": expiry}, out, err, lg)


def _append(
    cfg: Config, path: Path, entry: dict[str, object], out: Console, err: Console, lang: str
) -> None:
    """Append the entry; exit 2 on a duplicate, 3 when the file is invalid or unwritable."""
    from rl_audit.waivers.apply import DuplicateWaiverError, WaiverFileError, append_waiver

    try:
        added = append_waiver(path, entry, cfg.registry)
    except DuplicateWaiverError as exc:
        usage_error(err, label("waiver_duplicate", lang, existing=exc.existing))
    except WaiverFileError as exc:
        cannot_run(err, label("waiver_invalid", lang, detail=str(exc)))
    except OSError as exc:
        cannot_run(err, label("waiver_invalid", lang, detail=f"{path}: {exc.strerror}"))
    what = added.fingerprint or " ".join(p for p in (added.rule_id, added.opd, added.key) if p)
    key = "waiver_added" if added.until else "waiver_added_open"
    out.print(Text(label(key, lang, source=added.source, what=what, until=added.until)))
