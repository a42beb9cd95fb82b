"""`nhan-thu`: fetch the units' reports from the office's mailbox into the inbox folder (office/mail_fetch.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sheetsync.jobs.mailing import mailbox_for
from sheetsync.office.config import Config, config_path, load_config
from sheetsync.office.mail_fetch import FETCH_JOURNAL, FetchResult, fetch_reports
from sheetsync.problems import Code, ExitCode, Problem

__all__ = ["FetchJob", "fetch_into_inbox", "run_fetch"]


@dataclass
class FetchJob:
    inbox: Path | None
    fetched: FetchResult = field(default_factory=FetchResult)
    problems: list[Problem] = field(default_factory=list)
    fatal: bool = False

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.of(self.problems, fatal=self.fatal)


def fetch_into_inbox(config: Config, inbox: Path | None = None) -> FetchJob:
    """With settings already read (the weekly cycle): mail off is a problem that stops the fetch."""
    target = inbox or config.inbox
    job = FetchJob(target)
    if not config.settings.email.enabled:
        shown = str(config_path(config.workbook))
        job.problems.append(Problem.make(Code.mail_off, file=shown, path=shown))
        job.fatal = True
        return job
    job.fetched = fetch_reports(mailbox_for(config), target, config.folder / FETCH_JOURNAL)
    job.problems.extend(job.fetched.problems)
    job.fatal = job.fetched.fatal
    return job


def run_fetch(workbook: Path, *, inbox: Path | None = None) -> FetchJob:
    config, problems = load_config(workbook)
    if config is None:
        job = FetchJob(inbox, problems=problems, fatal=True)
        return job
    return fetch_into_inbox(config, inbox)
