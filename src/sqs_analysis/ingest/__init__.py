"""Ingest: report files in, parsed :class:`~.model.Report` objects and a per-file account out.

The first step of the flow, in the order a file goes through it: :mod:`.read` (bytes to text,
whatever the format; a PDF's layout rebuilt by :mod:`.pdftext`, a Word copy read by
:mod:`.word`), :mod:`.normalise` (one clean line per printed line, furniture and
footnotes set aside), :mod:`.letter` (the parts every SQS letter has), :mod:`.fields` (the
facts it states once), :mod:`.judgements` with the lexicon of :mod:`.quantifiers` (how often
practice was sufficient), :mod:`.parse` (one whole report, as :mod:`.model` objects) and
:mod:`.corpus` (a batch of files, with :mod:`.cache` so an unchanged file is parsed once).

Nothing here imports a later step (tables, analysis, charts or the briefing).
"""
