"""The run history: an embedded SQLite database of runs, findings and OPD scores."""
