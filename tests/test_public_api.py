"""The public API is small, explicit and honest: every name in __all__ resolves, nothing else is promised."""

import subprocess
import sys

import sheetsync


def test_every_public_name_resolves():
    for name in sheetsync.__all__:
        assert getattr(sheetsync, name) is not None, name


def test_public_api_is_the_documented_set():
    assert set(sheetsync.__all__) == {
        "__version__",
        "validate_workbook",
        "make_templates",
        "run_merge",
        "run_summary",
        "run_cycle",
        "run_demo",
        "load_config",
        "Problem",
        "Code",
        "Severity",
        "ExitCode",
        "Assessment",
        "Status",
    }


def test_importing_the_package_does_not_load_openpyxl_or_pandas():
    code = "import sys, sheetsync; print('openpyxl' in sys.modules, 'pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_unknown_attribute_is_an_attribute_error():
    try:
        sheetsync.no_such_thing  # noqa: B018
    except AttributeError:
        return
    raise AssertionError("expected AttributeError")


def test_help_loads_no_spreadsheet_library():
    """`sheetsync --help` (and a command's -h) lists the commands without loading openpyxl or calamine."""
    code = (
        "import sys\n"
        "from sheetsync.cli import cli\n"
        "for args in (['--help'], ['chay-tuan', '-h'], ['merge', '-h']):\n"
        "    try:\n"
        "        cli.main(args, prog_name='sheetsync', standalone_mode=False)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('loaded:' + '|'.join(m for m in ('openpyxl', 'python_calamine', 'xlwings') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "chay-tuan" in done.stdout  # the help was printed
    assert done.stdout.splitlines()[-1] == "loaded:"
