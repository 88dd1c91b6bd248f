"""The `rl-audit` command line, a module per command: options → core → reporter → exit code."""
