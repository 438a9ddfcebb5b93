"""Ingest: report files in, parsed :class:`~.model.Report` objects and a per-file account out.

The first step of the flow, in two stages a file goes through in turn:

1. **Reading** (:mod:`.readers`): bytes to text, whatever the format. The dispatch
   (:func:`.readers.read_document`) picks the reader by suffix: :mod:`.readers.pdf` (the text
   layer through PDFium, the layout rebuilt as a clean copy), :mod:`.readers.word` (a .docx,
   run by run), :mod:`.readers.html` and :mod:`.readers.text`. It gives a
   :class:`.readers.Document`, the same whatever the format.
2. **Parsing** (text to a report): :mod:`.normalise` (one clean line per printed line,
   furniture and footnotes set aside), :mod:`.letter` (the parts every SQS letter has),
   :mod:`.fields` (the facts it states once), :mod:`.judgements` with the lexicon of
   :mod:`.quantifiers` (how often practice was sufficient), :mod:`.checks`, :mod:`.parse` (one
   whole report, as :mod:`.model` objects) and :mod:`.corpus` (a batch of files, with
   :mod:`.cache` so an unchanged file is parsed once).

The readers import nothing of the parsing, and the parsing reaches the readers only through
the dispatch (tests/test_architecture.py checks both).

Nothing here imports a later step (tables, analysis, charts or the briefing).
"""
