"""Workbook I/O: openpyxl and calamine live here and nowhere else."""
