"""Workbook I/O: openpyxl and calamine live here and nowhere else."""

from sheetsync.excel.gate import ensure_defusedxml

# openpyxl guards against XML entity bombs only when defusedxml is importable (EXCEL_NOTES §4):
# refuse to run without it rather than silently depend on the platform's expat.
ensure_defusedxml()
