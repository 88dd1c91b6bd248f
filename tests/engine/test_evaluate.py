"""The engine end to end: importer documents × a rule set → findings and outcomes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rl_audit.engine.evaluate import RunOptions, evaluate, select_rules
from rl_audit.findings import RuleOutcome, Severity, Status
from rl_audit.ingest.pipeline import IngestOptions, ingest_paths
from rl_audit.ruleset.load import load_rule_file

MINI = load_rule_file(Path(__file__).parent.parent / "data" / "rules" / "mini.yaml")
HEAD = (
    "BUKU KAS UMUM PENGELUARAN;;;;;;\n"
    "SKPD : 1.02.0.00.0.00.01.0000 Dinas Kesehatan;;;;;;\n"
    ";;;;;;\n"
    "No;Tanggal;No Bukti;Uraian;Penerimaan;Pengeluaran;Cara Bayar\n"
)
ROWS = (
    "1;06/01/2025;B-1;ATK;0;1.500.000,00;Tunai\n"
    "2;07/01/2025;B-2;Sewa tenda;0;7.250.000,50;Tunai\n"
    "3;08/01/2025;;Konsumsi;0;2.000.000,00;Transfer\n"
)


def run(tmp_path: Path, text: str, **options) -> tuple:
    (tmp_path / "bku.csv").write_text(text, encoding="utf-8")
    inputs = ingest_paths([tmp_path], IngestOptions(root=tmp_path))
    return evaluate(MINI, inputs, RunOptions(**options))


def test_findings_carry_location_amount_and_wording(tmp_path: Path) -> None:
    report = run(tmp_path, HEAD + ROWS)
    kas05 = [f for f in report.findings if f.rule_id == "KAS-05"]
    assert len(kas05) == 1
    f = kas05[0]
    assert f.bpk_code == "2.02.03" and f.severity is Severity.MEDIUM
    assert f.opd is not None and f.opd.name == "Dinas Kesehatan"
    assert f.amount_sen == 725000050 and f.amount == 7250000.5
    (loc,) = f.locations
    assert (loc.file, loc.row, loc.column, loc.cell) == ("bku.csv", 6, "pengeluaran", "F6")
    assert f.message == (
        "Pembayaran tunai Rp 7.250.000,50 pada 07/01/2025 (bukti B-2) melebihi batas Rp 5.000.000"
    )
    kas02 = [f for f in report.findings if f.rule_id == "KAS-02"]
    assert [x.locations[0].row for x in kas02] == [7]


def test_english_wording(tmp_path: Path) -> None:
    report = run(tmp_path, HEAD + ROWS)
    f = next(f for f in report.findings if f.rule_id == "KAS-05")
    english = f.text("message", "en")
    assert english.startswith("Cash payment Rp 7.250.000,50 on 07/01/2025 (voucher B-2)")
    assert f.text("message", "id") == f.message and f.message.startswith("Pembayaran tunai")
    assert f.text("title", "en") != f.text("title", "id") != ""


def test_wording_is_kept_unrendered_and_shared_by_a_rules_findings(tmp_path: Path) -> None:
    report = run(tmp_path, HEAD + ROWS + "4;09/01/2025;B-4;Sewa;0;6.000.000,00;Tunai\n")
    kas05 = [f for f in report.findings if f.rule_id == "KAS-05"]
    assert len(kas05) == 2 and kas05[0].wording is kas05[1].wording is not None
    values = dict(kas05[1].values)
    assert values["no_bukti"] == "B-4" and values["pengeluaran"] == 6_000_000.0
    assert "Rp 6.000.000" in kas05[1].text("message", "en")


def test_outcome_reasons_are_rendered_in_the_readers_language() -> None:
    titles = (("en", "Title"), ("id", "Judul"))
    o = RuleOutcome("KTR-03", "Judul", "1.04.04", Severity.HIGH, Status.NOT_APPLICABLE, 0, "x",
                    titles=titles, reason_key="needs_as_of")  # fmt: skip
    assert o.reason_in("id") == "tahun anggaran tidak diketahui, tenggat tidak dapat diukur"
    assert o.reason_in("en") == "the audited year is unknown, deadlines cannot be measured"
    assert (o.title_in("en"), o.title_in("id"), o.title_in("fr")) == ("Title", "Judul", "Judul")
    assert replace(o, reason_key=None).reason_in("en") == "x"  # a check's own reason: as given


def test_fingerprint_is_stable_when_rows_move(tmp_path: Path) -> None:
    first = run(tmp_path, HEAD + ROWS)
    shifted = HEAD + "0;05/01/2025;B-0;Kertas;0;100.000,00;Transfer\n" + ROWS
    second = run(tmp_path, shifted)
    a = {f.rule_id: f for f in first.findings}
    b = {f.rule_id: f for f in second.findings}
    assert a["KAS-05"].locations[0].row != b["KAS-05"].locations[0].row
    assert a["KAS-05"].fingerprint == b["KAS-05"].fingerprint


def test_missing_column_is_error_not_passed(tmp_path: Path) -> None:
    text = HEAD.replace(";Cara Bayar", "") + "1;06/01/2025;B-1;ATK;0;9.000.000,00\n"
    report = run(tmp_path, text)
    outcome = next(o for o in report.outcomes if o.rule_id == "KAS-05")
    assert outcome.status is Status.ERROR
    assert "cara_bayar" in (outcome.reason or "")


def test_parameter_override_and_not_applicable(tmp_path: Path) -> None:
    report = run(tmp_path, HEAD + ROWS, params={"cash_limit": 1_000_000})
    assert len([f for f in report.findings if f.rule_id == "KAS-05"]) == 2
    (tmp_path / "bku.csv").unlink()
    (tmp_path / "k.csv").write_text(
        "Nama Paket;Nama Penyedia;Nilai Kontrak;Tanggal Kontrak\nx;y;1;02/01/2025\n",
        encoding="utf-8",
    )
    inputs = ingest_paths([tmp_path], IngestOptions(root=tmp_path))
    outcomes = evaluate(MINI, inputs, RunOptions()).outcomes
    assert {o.status for o in outcomes} == {Status.NOT_APPLICABLE}


def test_selection_by_id_prefix_and_tag() -> None:
    ids = lambda sel, ign=(): [r.id for r in select_rules(MINI.rules, sel, ign)]  # noqa: E731
    assert ids(()) == ["KAS-05", "KAS-02"]
    assert ids(("KAS-02",)) == ["KAS-02"]
    assert ids(("KAS",)) == ["KAS-05", "KAS-02"]
    assert ids(("tag:kas",)) == ["KAS-05"]
    assert ids(("KAS",), ("KAS-05",)) == ["KAS-02"]


def test_rule_column_missing_from_document_gives_sheet_row_without_cell(tmp_path: Path) -> None:
    from dataclasses import replace

    from rl_audit.ruleset.load import RuleSet

    kas05 = replace(MINI.rules[0], column="saldo")  # the BKU here has no Saldo column
    rule_set = RuleSet(MINI.name, MINI.version, MINI.parameters, (kas05,))
    (tmp_path / "bku.csv").write_text(HEAD + ROWS, encoding="utf-8")
    inputs = ingest_paths([tmp_path], IngestOptions(root=tmp_path))
    (finding,) = evaluate(rule_set, inputs, RunOptions()).findings
    (loc,) = finding.locations
    assert loc.row == 6 and loc.cell is None and loc.column == "saldo"


class _KeptStore:
    """An evaluation store (engine.options.EvalStore) that records what it was asked."""

    def __init__(self, kept: dict[str, object]) -> None:
        self.kept, self.sessions, self.asked = kept, 0, []

    def session(self, rules, params, options, inputs):
        self.sessions += 1
        return self

    def fetch(self, opd, docs, compute):
        self.asked.append(opd.code)
        return self.kept[opd.code] if opd.code in self.kept else compute()


def test_an_evaluation_store_passed_in_replaces_the_evaluation_of_its_opds(
    tmp_path: Path,
) -> None:
    fresh = run(tmp_path, HEAD + ROWS)
    inputs = ingest_paths([tmp_path], IngestOptions(root=tmp_path))
    (code,) = {o.opd.code for o in fresh.outcomes}
    empty = ([], [], fresh.opd_runs[0])
    store = _KeptStore({code: empty})
    kept = evaluate(MINI, inputs, RunOptions(), store)
    assert store.sessions == 1 and store.asked == [code]
    assert fresh.findings and kept.findings == [] and kept.outcomes == []
    computed = evaluate(MINI, inputs, RunOptions(), _KeptStore({}))
    assert [f.fingerprint for f in computed.findings] == [f.fingerprint for f in fresh.findings]


def test_a_value_no_placeholder_of_any_language_can_show_makes_the_rule_error(
    tmp_path: Path,
) -> None:
    kas05 = next(r for r in MINI.rules if r.id == "KAS-05")
    odd = replace(kas05, message={"id": "Pembayaran {pengeluaran:rp}", "en": "Paid {uraian:rp}"})
    rule_set = replace(MINI, rules=[odd if r is kas05 else r for r in MINI.rules])
    (tmp_path / "bku.csv").write_text(HEAD + ROWS, encoding="utf-8")
    inputs = ingest_paths([tmp_path], IngestOptions(root=tmp_path))
    report = evaluate(rule_set, inputs, RunOptions())
    (outcome,) = [o for o in report.outcomes if o.rule_id == "KAS-05"]
    assert outcome.status is Status.ERROR and "{uraian:rp}" in (outcome.reason or "")
    assert not [f for f in report.findings if f.rule_id == "KAS-05"]
