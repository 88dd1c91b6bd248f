"""rl-audit: audit-readiness checker for OPD finance exports (Pemkab Rejang Lebong)."""

__version__ = "0.1.0"  # the one place: pyproject.toml reads it (hatch dynamic version)
