"""One period per run: the audited year and the as-of date, and where each came from."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from rl_audit.documents import ROLE, Document, OpdRef
from rl_audit.engine.evaluate import RunOptions, evaluate
from rl_audit.engine.period import latest_date, run_period
from rl_audit.findings import Status
from rl_audit.ingest.pipeline import IngestOptions, ingest_paths
from rl_audit.ruleset.load import load_rule_file
from rl_audit.run import load_rule_sets

MINI = load_rule_file(Path(__file__).parent.parent / "data" / "rules" / "mini.yaml")
HEAD = (
    "BUKU KAS UMUM PENGELUARAN;;;;;;\n"
    "SKPD : {skpd};;;;;;\n"
    ";;;;;;\n"
    "No;Tanggal;No Bukti;Uraian;Penerimaan;Pengeluaran;Cara Bayar\n"
)
DINKES = "1.02.0.00.0.00.01.0000 Dinas Kesehatan"
PUPR = "1.03.0.00.0.00.01.0000 Dinas Pekerjaan Umum dan Penataan Ruang"


def doc(
    kind: str, title_year: int | None = None, file: str = "f.xlsx", **columns: list[str]
) -> Document:
    """A document of `kind` in `file` whose date columns hold `columns` (ISO dates)."""
    frame = pd.DataFrame({k: pd.to_datetime(v) for k, v in columns.items()})
    frame[ROLE] = "data"
    opd = OpdRef("1", "X")
    return Document(file, "S", kind, 1.0, opd, frame, {}, [1], [], title_year=title_year)


def bku(tmp_path: Path, name: str, skpd: str, dates: list[str]) -> None:
    rows = "".join(f"{i};{d};B-{i};ATK;0;1.000,00;Transfer\n" for i, d in enumerate(dates, 1))
    (tmp_path / name).write_text(HEAD.format(skpd=skpd) + rows, encoding="utf-8")


def test_year_is_where_most_dates_fall_and_as_of_the_latest_date() -> None:
    docs = [doc("bku", tanggal=["2025-01-06", "2025-11-30", "2026-01-09"])]
    period = run_period(docs)
    assert (period.year, period.year_source) == (2025, "data")
    # the latest date lies past the audited year: capped at 31 December
    assert (period.as_of, period.as_of_source) == (pd.Timestamp("2025-12-31"), "year_end")


def test_as_of_is_the_latest_date_within_the_year() -> None:
    docs = [doc("bku", tanggal=["2025-01-06", "2025-09-30"])]
    assert run_period(docs).as_of == pd.Timestamp("2025-09-30")


def test_follow_up_dates_do_not_move_the_period() -> None:
    docs = [
        doc("bku", tanggal=["2025-03-01", "2025-11-30"]),
        doc("tindak_lanjut", batas_waktu=["2026-06-30", "2026-07-31", "2026-08-31"]),
    ]
    period = run_period(docs)
    assert (period.year, period.as_of) == (2025, pd.Timestamp("2025-11-30"))
    assert latest_date(docs) == pd.Timestamp("2025-11-30")


def test_title_year_when_no_document_has_dates() -> None:
    docs = [doc("anggaran", 2015, "a.csv"), doc("anggaran", 2015, "b.csv"), doc("kib", 2016)]
    period = run_period(docs)
    assert (period.year, period.year_source) == (2015, "title")
    assert (period.as_of, period.as_of_source) == (pd.Timestamp("2015-12-31"), "year_end")


def test_a_workbook_of_many_sheets_states_its_year_once() -> None:
    months = [doc("anggaran", 2026, "bali.xlsx") for _ in range(12)]
    docs = [*months, doc("anggaran", 2015, "a.csv"), doc("anggaran", 2015, "b.csv")]
    assert run_period(docs).year == 2015


def test_asset_acquisition_dates_do_not_set_the_year() -> None:
    docs = [doc("kib", tanggal=["2010-03-01", "2011-05-02"]), doc("anggaran", 2016)]
    period = run_period(docs)
    assert (period.year, period.year_source, period.as_of) == (
        2016,
        "title",
        pd.Timestamp("2016-12-31"),
    )


def test_dates_win_over_titles() -> None:
    docs = [doc("anggaran", title_year=2015), doc("bku", tanggal=["2024-05-02"])]
    assert run_period(docs).year == 2024


def test_unknown_year_has_no_as_of_never_today() -> None:
    period = run_period([doc("anggaran")])
    assert (period.year, period.as_of, period.year_source) == (None, None, "unknown")


def test_given_year_and_as_of_win() -> None:
    docs = [doc("bku", tanggal=["2025-01-06"])]
    period = run_period(docs, 2024, "config", pd.Timestamp("2024-06-30"), "option")
    assert (period.year, period.year_source) == (2024, "config")
    assert (period.as_of, period.as_of_source) == (pd.Timestamp("2024-06-30"), "option")


def test_as_of_alone_names_the_year_of_undated_documents() -> None:
    period = run_period([doc("anggaran")], as_of=pd.Timestamp("2025-06-30"))
    assert (period.year, period.as_of) == (2025, pd.Timestamp("2025-06-30"))


def test_every_opd_of_a_run_shares_one_as_of_and_keeps_its_own_last_date(
    tmp_path: Path,
) -> None:
    bku(tmp_path, "dinkes.csv", DINKES, ["06/01/2025", "30/09/2025"])
    bku(tmp_path, "pupr.csv", PUPR, ["06/01/2025", "15/12/2025"])
    report = evaluate(MINI, ingest_paths([tmp_path], IngestOptions(root=tmp_path)), RunOptions())
    assert (report.year, report.as_of, report.year_source) == (2025, "2025-12-15", "data")
    runs = {r.opd.name: r for r in report.opd_runs}
    assert {r.as_of for r in runs.values()} == {"2025-12-15"}
    assert runs["Dinas Kesehatan"].last_data_date == "2025-09-30"
    assert runs["Dinas Kesehatan"].kinds == ("bku",)


def test_unknown_year_runs_no_deadline_rule_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "pajak.csv").write_text(
        "BUKU PEMBANTU PAJAK;;;;;;\nSKPD : " + DINKES + ";;;;;;\n;;;;;;\n"
        "No;Tanggal;No Bukti;Uraian;Jenis Pajak;Dipungut;Disetor\n"
        "1;;B-1;PPh 21 gaji;PPh 21;100.000,00;0\n",
        encoding="utf-8",
    )
    report = evaluate(
        load_rule_sets([]), ingest_paths([tmp_path], IngestOptions(root=tmp_path)), RunOptions()
    )
    assert report.year is None and report.as_of is None
    assert [n.key for n in report.notices] == ["year_unknown"]
    pjk01 = next(o for o in report.outcomes if o.rule_id == "PJK-01")
    assert pjk01.status is Status.NOT_APPLICABLE and "tahun" in (pjk01.reason or "")
    assert not [f for f in report.findings if f.rule_id in ("PJK-01", "PJK-02")]


@pytest.mark.parametrize("as_of", ["2025-06-30"])
def test_config_as_of_is_used(tmp_path: Path, as_of: str) -> None:
    from rl_audit.config import load_config
    from rl_audit.run import CheckRequest, run_check

    bku(tmp_path, "dinkes.csv", DINKES, ["06/01/2025", "30/09/2025"])
    (tmp_path / "rl-audit.yaml").write_text(f"as_of: {as_of}\n", encoding="utf-8")
    config = load_config(tmp_path / "rl-audit.yaml")
    report = run_check(CheckRequest(paths=(tmp_path / "dinkes.csv",), config=config))
    assert report.as_of == as_of


def test_files_of_another_year_and_dates_past_the_as_of_date_are_said() -> None:
    from rl_audit.engine.period import period_notices

    docs = [
        doc("bku", file="a.csv", tanggal=["2025-01-06", "2025-08-30", "2026-01-09"]),
        doc("anggaran", 2014, "old.csv"),
        doc("kib", 2010, "kib.xls"),
    ]
    period = run_period(docs, as_of=pd.Timestamp("2025-06-30"))
    found = {(n.key, n.file): n.params for n in period_notices(docs, period)}
    assert found == {
        ("period_other_year", "old.csv"): {"year": 2014, "run_year": 2025},
        # 30/08/2025 lies past the as-of date; January 2026 (next year) is expected
        ("period_after_as_of", "a.csv"): {"count": 1, "as_of": "30/06/2025"},
    }
    default = run_period(docs)  # as-of = the latest date of the year: nothing past it
    assert [n.key for n in period_notices(docs, default)] == ["period_other_year"]


def test_rules_that_use_the_year_or_the_as_of_date_are_known() -> None:
    from rl_audit.engine.evaluate import needs_as_of

    pack = {r.id: r for r in load_rule_sets([]).rules}
    # deadlines, quarter targets and rules comparing with the audited year
    for rule_id in ("PJK-01", "PJK-02", "ANG-02", "ANG-01", "AST-06", "KAS-04", "KTR-08"):
        assert needs_as_of(pack[rule_id]), rule_id
    for rule_id in ("KAS-02", "KAS-05", "ANG-03", "AST-01", "PD-01"):
        assert not needs_as_of(pack[rule_id]), rule_id
