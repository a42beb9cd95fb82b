"""sheetsync: keeps phường An Dương's 2026 action-program workbook true."""

__version__ = "0.1.0"
