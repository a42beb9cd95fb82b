"""`validate --ghi-vao-tep`: put the problem list into a "Kiểm tra" sheet, each linked to its cell."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sheetsync.excel.check_sheet import fill_check_sheet
from sheetsync.excel.master import MasterBook
from sheetsync.jobs.session import WriteRefused, begin
from sheetsync.problems import Problem


def write_check_sheet(
    book: MasterBook, problems: Sequence[Problem], *, as_of: dt.date, allow_loss: bool = False
) -> list[Problem]:
    """Reloads the master under the lock (the loaded copy may be stale) and saves it atomically.

    Returns why nothing was written (errors), or the save's warnings (losses accepted, formula values).
    """
    session, refused, _locked = begin(book.path, now=dt.datetime.now(), wait=30, allow_loss=allow_loss)
    if session is None:
        return refused
    with session:
        if session.loaded.book is None:
            return session.loaded.problems
        fill_check_sheet(session.loaded.book.wb, problems, as_of=as_of)
        try:
            session.save()
        except WriteRefused as refusal:
            return refusal.problems
        return session.notes
