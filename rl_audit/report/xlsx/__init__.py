"""The Excel report workbook: summary, findings and per-OPD sheets."""
