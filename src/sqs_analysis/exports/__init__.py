"""What leaves the package for other tools: the Excel workbook."""
