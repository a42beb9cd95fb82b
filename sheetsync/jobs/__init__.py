"""What a command does, as library functions a script, the CLI or the Excel button can call alike."""
