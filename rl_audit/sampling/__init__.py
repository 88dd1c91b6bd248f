"""Audit sampling: a population from the documents read, a sample, a paper, its evaluation.

`population` turns recognised documents into items (cell-exact, amounts in sen);
`factors` holds the Poisson/AICPA confidence factors; `select` draws a sample
(`mus`, `random`, `top`, `stratified`); `paper` writes the working paper (xlsx, JSON);
`readback` reads a filled paper back and refuses tampered rows; `evaluate` projects
the misstatement (Stringer bound for MUS).
"""
