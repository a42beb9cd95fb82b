"""`templates` records the period's due date (`--han-nop` or the rule of sheetsync.toml) and tells each unit
in its template by when and to which address to send it back."""

import datetime as dt

import openpyxl
import pytest
from click.testing import CliRunner

from sheetsync.cli import cli
from sheetsync.core.periods import Period
from sheetsync.core.reporting import ReportingPeriod
from sheetsync.excel.period import read_reporting_period
from sheetsync.excel.template_writer import HEADER_ROW
from sheetsync.jobs.templates import make_templates
from sheetsync.problems import Code
from sheetsync.schema import TEMPLATE
from tests.factories import UNITS, make_master
from tests.template_factories import NOW, PERIOD, template_of

CALENDAR = Period(dt.date(2026, 12, 1), dt.date(2026, 12, 31))


def issue(tmp_path, *, toml: str | None = None, units=None, **options):
    master = make_master(tmp_path / "so", units=units)
    if toml is not None:
        (master.parent / "sheetsync.toml").write_text(toml, encoding="utf-8")
    result = make_templates(master, out=tmp_path / "mau", now=NOW, wait=0, **{"period": PERIOD, **options})
    return master, result


def test_given_due_date_is_recorded_with_the_period_and_its_days(tmp_path):
    master, result = issue(tmp_path, due=dt.date(2026, 12, 20))
    assert not result.fatal, result.problems
    expected = ReportingPeriod(PERIOD, dt.date(2026, 12, 20), CALENDAR, cutoff=False)
    assert result.reporting == expected
    assert read_reporting_period(openpyxl.load_workbook(master)) == expected


def test_default_due_date_is_the_period_end_plus_the_settings_days(tmp_path):
    master, _result = issue(tmp_path)
    assert read_reporting_period(openpyxl.load_workbook(master)).due == dt.date(2027, 1, 3)
    _, five = issue(tmp_path / "b", toml="[ky_bao_cao]\nhan_nop_sau_cuoi_ky = 5\n")
    assert five.reporting.due == dt.date(2027, 1, 5)


def test_decree_09_cutoff_chosen_in_the_settings_moves_the_range_and_the_due_date(tmp_path):
    toml = "[ky_bao_cao]\nmoc_nghi_dinh_09 = true\nhan_nop_sau_cuoi_ky = 2\n"
    master, _result = issue(tmp_path, toml=toml)
    recorded = read_reporting_period(openpyxl.load_workbook(master))
    assert recorded == ReportingPeriod(
        PERIOD, dt.date(2026, 12, 16), Period(dt.date(2026, 11, 15), dt.date(2026, 12, 14)), True
    )


def test_a_label_that_names_no_period_is_due_days_after_the_templates_are_made(tmp_path):
    _master, result = issue(tmp_path, period="Đợt kiểm tra 1", toml="[ky_bao_cao]\nhan_nop_sau_ngay_lap_mau = 10\n")
    assert result.reporting == ReportingPeriod("Đợt kiểm tra 1", dt.date(2026, 12, 11))


def test_a_bad_rule_in_the_settings_stops_the_run_with_a_vietnamese_message_naming_the_key(tmp_path):
    _master, result = issue(tmp_path, toml='[ky_bao_cao]\nhan_nop_sau_cuoi_ky = "ba"\n')
    assert result.fatal and not (tmp_path / "mau").exists()
    (problem,) = result.problems
    assert problem.code is Code.bad_config_value
    assert "ky_bao_cao.han_nop_sau_cuoi_ky" in problem.message and "số nguyên" in problem.message


def test_template_says_by_when_and_to_which_address_to_send(tmp_path):
    units = [dict(u) for u in UNITS]
    units[0]["email"] = "vanphong@anduong.gov.vn"
    _, result = issue(tmp_path, units=units, due=dt.date(2026, 12, 20))
    ws = openpyxl.load_workbook(template_of(result, "CAP"))[TEMPLATE.name]
    line = ws.cell(row=HEADER_ROW - 1, column=1).value
    assert line == (
        "Đề nghị đơn vị gửi lại tệp báo cáo này chậm nhất ngày 20/12/2026 về Văn phòng HĐND và UBND phường "
        "qua thư điện tử: vanphong@anduong.gov.vn."
    )


def test_the_address_in_the_settings_wins_over_the_units_sheet(tmp_path):
    toml = '[thu_dien_tu]\nnguoi_gui = "vp@example.vn"\n'
    _, result = issue(tmp_path, toml=toml, due=dt.date(2026, 12, 20))
    ws = openpyxl.load_workbook(template_of(result, "VP"))[TEMPLATE.name]
    assert ws.cell(row=HEADER_ROW - 1, column=1).value.endswith("qua thư điện tử: vp@example.vn.")


@pytest.mark.parametrize("value", ["20/12/2026", "20-12-2026"])
def test_han_nop_option_reads_day_month_year(tmp_path, value):
    master = make_master(tmp_path / "so")
    out = tmp_path / "mau"
    args = ["templates", "--workbook", str(master), "--period", PERIOD, "--out", str(out), "--han-nop", value]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "Hạn nộp báo cáo: 20/12/2026 (theo --han-nop)." in result.output
    assert "Kỳ báo cáo tính từ 01/12/2026 đến 31/12/2026 (theo tháng dương lịch)." in result.output
    assert read_reporting_period(openpyxl.load_workbook(master)).due == dt.date(2026, 12, 20)


@pytest.mark.parametrize("value", ["12/20/2026", "20/12", "mai"])
def test_han_nop_option_refuses_what_is_no_date_in_vietnamese(tmp_path, value):
    master = make_master(tmp_path / "so")
    args = ["templates", "--workbook", str(master), "--period", PERIOD, "--out", str(tmp_path), "--han-nop", value]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "không phải ngày hợp lệ; ghi ngày/tháng/năm" in result.output
