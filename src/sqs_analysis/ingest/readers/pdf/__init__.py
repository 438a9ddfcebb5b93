"""The PDF reader: a letter's text layer, read through PDFium, made into a clean copy."""
