"""Pure logic: plain values in, plain values out. No files, no clock, no openpyxl."""
