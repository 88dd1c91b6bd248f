"""The unattended nightly run: lock, check, dated report folder, history, log."""
