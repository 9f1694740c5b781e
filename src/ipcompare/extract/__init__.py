"""Extraction: text in, DataFrame out; no corpus state (the corpus stage calls these per document).

Targets: :mod:`segment` (lines, sentences, clauses, tables) → :mod:`numerals` and :mod:`mentions`
(numbers with units) → :mod:`years`, :mod:`subjects`, :mod:`reader`, :mod:`tables` (which numbers
are targets, of what, due when) → :mod:`targets` (the table and its contract ``COLUMNS``) →
:mod:`restate` (restatements and milestones linked) → :mod:`schema` (checked).
Task items: :mod:`actions`; who is charged with them: :mod:`responsibility` (the notes) and
:mod:`agencies` (the rows). :mod:`evaluation` scores an extraction against reference sets.
Cue words are data (``data/lexicon.yaml``, ``data/cues.yaml``), loaded by :mod:`ipcompare.vocab`.
"""
