"""Every call that raises a problem fills every placeholder of that problem's message (an AST scan).

A missing parameter does not crash (problems._Blank leaves "{reason}" visible) and a missing value shows
as “”: either way the office reads a sentence with a hole in it. This scan finds such calls in the code,
whichever helper they go through (`Problem.make`, a checker's `report`, a row result's `note`…): any call
with a `Code.<name>` argument.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from sheetsync.problems import MESSAGES, REASONS, Code, Reason

PACKAGE = Path(__file__).resolve().parents[1] / "sheetsync"


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _dict_keys(node: ast.AST) -> set[str] | None:
    """The keys a literal dict (or dict(...) call, or `a if c else b` of those) surely holds."""
    if isinstance(node, ast.Dict):
        if any(k is None for k in node.keys):
            return None
        return {k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict" and not node.args:
        return {k.arg for k in node.keywords if k.arg is not None}
    if isinstance(node, ast.IfExp):
        body, orelse = _dict_keys(node.body), _dict_keys(node.orelse)
        return None if body is None or orelse is None else body & orelse
    return None


def _assignments(tree: ast.AST) -> dict[str, set[str]]:
    """name -> keys, for every `name = {...}` (or `name: T = {...}`) in the module whose keys are known."""
    found: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        for target in targets:
            if isinstance(target, ast.Name) and (keys := _dict_keys(value)) is not None:
                found[target.id] = found.get(target.id, keys) & keys
    return found


def _calls() -> list[tuple[str, Code, set[str], bool]]:
    """(where, code, keyword names given, value given) for every call naming a Code member."""
    calls = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        known = _assignments(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            index = next(
                (
                    i
                    for i, arg in enumerate(node.args)
                    if isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name) and arg.value.id == "Code"
                ),
                None,
            )
            if index is None:
                continue
            code = Code(node.args[index].attr)  # type: ignore[attr-defined]  # checked just above
            names: set[str] = set()
            unknown = False
            for keyword in node.keywords:
                if keyword.arg is not None:
                    names.add(keyword.arg)
                elif isinstance(keyword.value, ast.Name) and keyword.value.id in known:
                    names |= known[keyword.value.id]
                elif (keys := _dict_keys(keyword.value)) is not None:
                    names |= keys
                else:
                    unknown = True
            if unknown:
                continue  # forwarding helper (`**params`): its own callers are scanned
            # helpers take (code, key, value, …) after their own leading arguments: a value two places on
            value_given = "value" in names or len(node.args) - index - 1 >= 2
            calls.append((f"{path.relative_to(PACKAGE.parent)}:{node.lineno}", code, names, value_given))
    return calls


CALLS = _calls()


def test_the_scan_sees_the_calls():
    assert len(CALLS) > 100
    assert {code for _, code, _, _ in CALLS} >= {Code.bad_progress, Code.file_unreadable, Code.duplicate_column}


@pytest.mark.parametrize(("where", "code", "names", "value_given"), CALLS, ids=[c[0] for c in CALLS])
def test_each_call_fills_its_message(where, code, names, value_given):
    wanted = _placeholders(MESSAGES[code][2])
    missing = wanted - names - {"value"}
    assert not missing, f"{where}: {code.value} leaves {sorted(missing)} unfilled"
    if "value" in wanted:
        assert value_given, f"{where}: {code.value} shows “{{value}}” but is given no value"


def _reason_calls() -> list[tuple[str, Reason, set[str]]]:
    """(where, reason, keyword names given) for every call naming a Reason member."""
    calls = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            given = [*node.args, *(k.value for k in node.keywords)]
            for arg in given:
                if isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name) and arg.value.id == "Reason":
                    names = {k.arg for k in node.keywords if k.arg is not None}
                    calls.append((f"{path.relative_to(PACKAGE.parent)}:{node.lineno}", Reason(arg.attr), names))
    return calls


REASON_CALLS = _reason_calls()


@pytest.mark.parametrize(("where", "reason", "names"), REASON_CALLS, ids=[c[0] for c in REASON_CALLS])
def test_each_reason_is_given_what_its_text_shows(where, reason, names):
    missing = _placeholders(REASONS[reason]) - names
    assert not missing, f"{where}: {reason.value} leaves {sorted(missing)} unfilled"


def test_every_reason_has_its_text_and_is_used():
    assert set(REASONS) == set(Reason)
    assert {reason for _, reason, _ in REASON_CALLS} == set(Reason)
    for text in REASONS.values():
        assert text == text.strip() and not text.endswith("."), text  # it is set inside a sentence


def test_a_blank_value_never_shows_as_empty_quotes():
    from sheetsync.problems import Problem

    message = Problem.make(Code.coordinating_status_changed, value="", label="Tiến độ (%)", task="1.1.2").message
    assert "“”" not in message and "(để trống)" in message


def test_a_reason_fills_in_from_the_same_parameters():
    from sheetsync.problems import Problem

    problem = Problem.make(Code.file_unreadable, reason=Reason.too_many_parts, count="6.000")
    assert "tệp nén có 6.000 phần, bất thường" in problem.message and "{" not in problem.message
