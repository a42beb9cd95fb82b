"""The check before a saved copy replaces the master: nothing of the office's workbook may silently go."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sheetsync.core.table import column_letter, locate_header
from sheetsync.excel.inventory import Feature, PackageError, inventory
from sheetsync.excel.losses import Loss, compare, describe
from sheetsync.excel.master import MasterBook, sheet_grid
from sheetsync.problems import Code, Problem
from sheetsync.schema import TASKS, TOOL_SHEETS, Writer

__all__ = ["Check", "WriteRefused", "check_write", "owned_columns"]

# the task columns the tool (or, through the merge, a unit) writes: a value replaced there is a change
# the run makes on purpose and records in "Lịch sử", not a loss
_OWNED_WRITERS = (Writer.TOOL, Writer.LEAD, Writer.COORDINATING)


class WriteRefused(Exception):
    """The master was left untouched; `problems` say why (exit 2). Raised, not returned, so that a
    caller that does not know about the guard stops rather than going on as if the master were saved."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass
class Check:
    losses: list[Loss] = field(default_factory=list)
    refused: list[Problem] = field(default_factory=list)

    def notes(self, *, backup: Path) -> list[Problem]:
        """Warnings for a write that went ahead: losses accepted with --cho-phep-mat, and harmless ones."""
        shown = str(backup)
        found = []
        accepted = [loss for loss in self.losses if loss.blocking]
        if accepted:
            found.append(Problem.make(Code.features_lost, what=describe(accepted), backup=shown))
        for feature, code in (
            (Feature.FORMULA_VALUE, Code.formula_values_dropped),
            (Feature.PRINTER_SETTINGS, Code.printer_settings_dropped),
        ):
            if losses := [loss for loss in self.losses if loss.feature is feature]:
                found.append(Problem.make(code, what=describe(losses)))
        if threads := [loss for loss in self.losses if loss.kept_as_notes]:
            found.append(Problem.make(Code.threads_kept_as_notes, what=describe(threads)))
        return found


def check_write(master: Path, candidate: Path, *, owned: dict[str, set[str]], allow_loss: bool) -> Check:
    """Compare the master on disk with the file about to replace it."""
    shown = str(master)
    try:
        # the tool's own sheets are not compared (below): not even read
        before, after = inventory(master, skip=TOOL_SHEETS), inventory(candidate, skip=TOOL_SHEETS)
    except PackageError as exc:
        reason = f"không kiểm kê được nội dung sổ trước khi ghi: {exc}"
        return Check(refused=[Problem.make(Code.workbook_unreadable, file=shown, reason=reason)])
    losses = compare(before, after, owned_sheets=TOOL_SHEETS, owned_columns=owned)
    blocking = [loss for loss in losses if loss.blocking]
    if blocking and not allow_loss:
        refusal = Problem.make(Code.features_would_be_lost, file=shown, what=describe(blocking))
        return Check(losses, [refusal])
    return Check(losses)


def owned_columns(book: MasterBook) -> dict[str, set[str]]:
    """Column letters of "Nhiệm vụ" the tool and the merge write, found by header text."""
    ws = book.sheet(TASKS.name)
    if ws is None:
        return {}
    _index, columns, _problems = locate_header(sheet_grid(ws), TASKS, sheet_name=ws.title)
    return {ws.title: {column_letter(at) for key, at in columns.items() if TASKS.column(key).writer in _OWNED_WRITERS}}
