"""Old import path of the Excel button: entry files written by earlier `excel-setup` runs import it from here."""

from sheetsync.excelui.button import run_button, run_in_book

__all__ = ["run_button", "run_in_book"]
