"""Docs that cannot drift: the CLI reference and the problem catalogue are generated from the code."""

import importlib.util
from pathlib import Path

import click
import pytest

from sheetsync.cli import cli
from sheetsync.problems import MESSAGES, Code

ROOT = Path(__file__).resolve().parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_problem_code_has_a_message():
    assert set(MESSAGES) == set(Code)


def test_every_command_has_vietnamese_help_text():
    ctx = click.Context(cli)
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        assert command.help and len(command.help) > 20, name
        for param in command.params:
            if isinstance(param, click.Option) and param.name not in ("help",):
                assert param.help, f"{name} {param.name}"


@pytest.mark.parametrize("attribute,builder", [("CLI_DOC", "cli_reference"), ("PROBLEMS_DOC", "problem_catalogue")])
def test_generated_docs_are_current(attribute, builder):
    gen = _generator()
    path = getattr(gen, attribute)
    assert path.read_text(encoding="utf-8") == getattr(gen, builder)(), (
        f"{path.name} is stale: run `python scripts/gen_docs.py`"
    )
