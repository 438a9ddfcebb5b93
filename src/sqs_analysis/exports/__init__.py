"""What leaves the package: the Excel workbook (:mod:`.workbook`), figures and tables written
as PNG and CSV files (:mod:`.files`), and findings, tables and figures shown in a notebook
(:mod:`.show`)."""
