"""Parameters renamed to English names (issue 15): the old names keep working for one release.

A project config's `parameters:` or a `--param` may still use an old name: it is read as
the new one and the run carries a notice naming the new name (`param_renamed`). Domain
terms stay as they are (`bku`, `sp2d`, `opd`, `pl`, `perjadin`, `pph`, `ppn`, `pmk81`).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from rl_audit.documents import Issue

RENAMED_PARAMETERS: dict[str, str] = {
    "pl_ceiling_barang_jasa": "pl_ceiling_goods_services",
    "pl_ceiling_konsultansi": "pl_ceiling_consultancy",
    "pl_ceiling_konstruksi": "pl_ceiling_construction",
    "pl_ceiling_konstruksi_2025": "pl_ceiling_construction_2025",
    "serapan_target_tw1": "absorption_target_q1",
    "serapan_target_tw2": "absorption_target_q2",
    "serapan_target_tw3": "absorption_target_q3",
    "serapan_target_tw4": "absorption_target_q4",
    "serapan_medium_fraction": "absorption_medium_fraction",
    "lra_persen_tolerance": "lra_percent_tolerance",
    "dokumen_kosong_pattern": "empty_document_pattern",
    "kendaraan_kode_pattern": "vehicle_code_pattern",
    "kendaraan_kata": "vehicle_words",
    "bukan_kendaraan_kata": "non_vehicle_words",
    "belanja_modal_pattern": "capital_spending_pattern",
    "aset_tolerance_pct": "asset_tolerance_pct",
    "denda_rate_per_day": "penalty_rate_per_day",
    "denda_cap_rate": "penalty_cap_rate",
    "kontrak_tolerance": "contract_tolerance",
    "uang_harian_rates": "daily_allowance_rates",
    "penginapan_rates": "lodging_rates",
    "perjadin_default_provinsi": "perjadin_default_province",
    "penginapan_default_tingkat": "lodging_default_grade",
    "dalam_kota_pattern": "in_town_pattern",
    "diklat_pattern": "training_pattern",
    "tl_deadline_days": "follow_up_deadline_days",
    "tl_closed_status": "follow_up_closed_status",
}


def _old(name: str, declared: Collection[str]) -> bool:
    """Whether `name` is an old name of a parameter `declared` has (and it has not itself)."""
    return name not in declared and RENAMED_PARAMETERS.get(name, "") in declared


def current_names(given: dict[str, Any], declared: Collection[str]) -> dict[str, Any]:
    """`given` with old parameter names read as their new ones (a new name given too wins)."""
    old = {RENAMED_PARAMETERS[n]: v for n, v in given.items() if _old(n, declared)}
    return {**old, **{n: v for n, v in given.items() if not _old(n, declared)}}


def renamed_notices(given: dict[str, Any], declared: Collection[str], where: str) -> list[Issue]:
    """One `param_renamed` warning per old name in `given` (`where`: the config or --param)."""
    return [
        Issue("param_renamed", "warning", {"old": n, "new": RENAMED_PARAMETERS[n], "where": where})
        for n in given
        if _old(n, declared)
    ]
