"""The outside world: inbox and e-mail, locks and backups, schedules, Excel entry points."""
