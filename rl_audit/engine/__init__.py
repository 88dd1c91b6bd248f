"""Rule sets × documents → `AuditReport`: findings from hits, repeats, scores, roll-ups."""
