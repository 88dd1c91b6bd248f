"""Draft findings in the BPK form (`check --format temuan`): a .docx or Markdown working draft.

`view` shapes the report into the document's parts once (per OPD, per rule with open
findings: Kondisi, Kriteria, Akibat, Sebab, Rekomendasi; waived findings in an annex);
`markdown` and `docx` only lay them out; `write.write_temuan` picks one by the suffix.
"""
