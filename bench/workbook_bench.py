"""Benchmark: the report workbook (reports/xlsx.py) against a minimal openpyxl script writing the same cells.

    .venv/bin/python bench/workbook_bench.py [--plans 25] [--activities 50] [--runs 5] [--profile]

Builds a throw-away SQLite database (or uses DATABASE_URL) with bench/reports_bench.py's generator, builds one
province-year report, then times `write_workbook(report)` and `minimal_workbook(report)` (plain openpyxl: the same
sheets and cell values, the body cells sharing named styles, nothing else: no widths, merges, page setup, header
fills or formula values), prints the median CPU ms of each and their ratio, and checks that both workbooks hold the
same values. `--profile` prints the top of a cProfile of write_workbook.

`minimal_workbook(report) -> bytes` is imported by bench/country.py: keep its name and signature.
"""
import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp(prefix='tgpl-bench-')}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tgpl.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.utils.translation import gettext as _  # noqa: E402
from openpyxl import Workbook, load_workbook  # noqa: E402
from openpyxl.styles import Font, NamedStyle  # noqa: E402

from budgets.selectors import label  # noqa: E402
from reports.xlsx import MONEY_TITLES, _document_line, _sheet_title, _subtitle, write_workbook  # noqa: E402


def _styles(book):
    """Five named styles shared by every cell: text, money, their bold forms, and the header."""
    for name, bold, money in (("t", False, False), ("tb", True, False), ("m", False, True), ("mb", True, True),
                              ("h", True, False)):
        style = NamedStyle(name=name)
        style.font = Font(name="Times New Roman", bold=bold)
        if money:
            style.number_format = "#,##0"
        book.add_named_style(style)


class _Sheet:
    """Appends rows of (value, style) to one worksheet, with openpyxl's ordinary cell API."""

    def __init__(self, sheet):
        self.sheet = sheet

    def put(self, row, column, value, style="t"):
        cell = self.sheet.cell(row=row, column=column, value=value)
        cell.style = style
        return cell

    def line(self, row, values, style="t", first=1):
        for column, value in enumerate(values, start=first):
            if value is not None:
                self.put(row, column, value, style)


def _head(out, report, title, subtitle, span, titles=()):
    out.put(1, 1, (_("DỰ THẢO — %(title)s") % {"title": title}) if report.draft else title, "tb")
    out.put(2, 1, subtitle)
    heading = out.sheet.parent._heading
    if heading:
        out.put(3, 1, heading)
    out.put(3, span, _("Đơn vị tính: đồng"))
    out.line(4, titles, "h")


def _progress(out, report):
    titles = [_("STT"), _("Nội dung"), _("Chủ trì"), _("Phối hợp"), _("Thời gian"), _("Kết quả / tiến độ"),
              label("planned"), label("spent_to_date"), _("Ghi chú")]
    _head(out, report, _sheet_title(report, _("Tiến độ và kinh phí thực hiện các hoạt động %(period)s — %(scope)s")),
          f"{_subtitle(report)}. {label('spent_to_date')}: {report.windows.to_date_caption}.", len(titles), titles)
    row = first = 5
    for block in report.blocks:
        out.line(row, [""] * 9, "tb")
        out.put(row, 2, f"{block.plan.number} — {block.plan.title}", "tb")
        row += 1
        block_first = row
        for item in block.rows:
            style = "tb" if item.is_section else "t"
            out.line(row, [item.number, item.title, item.lead, item.coordinating, item.timeframe,
                           item.status_label + (f"\n{item.result}" if item.result else "")], style)
            money = (None, None) if item.money_elsewhere or (item.is_section and not item.lines) else (
                item.planned, item.spent_to_date)
            out.line(row, money, "mb" if item.is_section else "m", first=7)
            out.put(row, 9, item.note)
            row += 1
        out.line(row, ["", _("Cộng kế hoạch %(number)s") % {"number": block.plan.number or _("(không số)")}], "tb")
        out.line(row, [f"=SUBTOTAL(9,{c}{block_first}:{c}{max(block_first, row - 1)})" for c in "GH"], "mb", first=7)
        row += 1
    out.put(row, 2, _("Tổng cộng"), "tb")
    out.line(row, [f"=SUBTOTAL(9,{c}{first}:{c}{max(first, row - 1)})" for c in "GH"], "mb", first=7)


def _rate(out, row, bold=False):
    out.put(row, 6, f"=C{row}-E{row}", "mb" if bold else "m")
    out.put(row, 7, f'=IF(C{row}=0,"",E{row}/C{row})', "tb" if bold else "t")


def _costs(out, report):
    titles = [_("Nguồn kinh phí"), *(label(key) for key in MONEY_TITLES)]
    _head(out, report, _sheet_title(report, _("Tổng hợp kinh phí %(period)s — %(scope)s")), _subtitle(report),
          len(titles), titles)
    row = first = 5
    for line in report.by_source:
        out.put(row, 1, line.name)
        out.line(row, (line.planned, line.allocated, line.spent_in_period, line.spent_to_date), "m", first=2)
        _rate(out, row)
        row += 1
    out.put(row, 1, _("Tổng cộng"), "tb")
    out.line(row, [f"=SUM({c}{first}:{c}{max(first, row - 1)})" for c in "BCDE"], "mb", first=2)
    _rate(out, row, bold=True)
    row += 1
    if report.unassigned:
        row += 1
        money = report.unassigned
        out.put(row, 1, _("Chưa xác định năm ngân sách (kế hoạch nhiều năm; không cộng vào số liệu của năm)"))
        out.line(row, (money.planned, money.allocated, money.spent_in_period, money.spent_to_date), "m", first=2)
        _rate(out, row)
        row += 1
    row += 1
    out.line(row, [_("Đơn vị chủ trì"), _("Số hoạt động"), _("Hoàn thành"), _("Quá hạn"), label("planned"),
                   label("allocated"), label("spent_to_date")], "h")
    row += 1
    unit_first = row
    for stats in report.by_unit:
        out.line(row, (stats.name, stats.total, stats.done, stats.overdue))
        out.line(row, (stats.planned, stats.allocated, stats.spent_to_date), "m", first=5)
        row += 1
    out.put(row, 1, _("Tổng cộng"), "tb")
    for column, letter in zip(range(2, 8), "BCDEFG"):
        out.put(row, column, f"=SUM({letter}{unit_first}:{letter}{max(unit_first, row - 1)})",
                "mb" if column >= 5 else "tb")
    row += 2
    for rule in report.rules():
        out.put(row, 1, f"- {rule}")
        row += 1


def _coordinated(out, report):
    titles = [_("STT"), _("Nội dung"), _("Chủ trì"), _("Phối hợp"), _("Thời gian"), _("Trạng thái")]
    _head(out, report, _sheet_title(report, _("Các hoạt động đơn vị phối hợp thực hiện %(period)s — %(scope)s")),
          _("Không tính kinh phí: kinh phí thuộc đơn vị chủ trì."), len(titles), titles)
    for row, item in enumerate(report.coordinated_rows, start=5):
        out.line(row, [item.number, item.title, item.lead, item.coordinating, item.timeframe, item.status_label])


def _lines(out, report):
    titles = [_("STT"), _("Nội dung chi"), _("Nguồn kinh phí"), _("Năm ngân sách"), _("Cấp kinh phí"),
              _("Quyết định giao dự toán"), label("planned"), label("allocated"), label("spent_in_period"),
              label("spent_to_date")]
    windows = report.windows
    _head(out, report, _sheet_title(report, _("Chi tiết kinh phí theo dòng %(period)s — %(scope)s")),
          f"{windows.year_caption}; {label('spent_in_period')} {windows.period_caption}; "
          f"{label('spent_to_date')}: {windows.to_date_caption}", len(titles), titles)
    row = 5
    for block in report.blocks:
        for cost in block.cost_rows:
            if cost.kind == "line":
                line = cost.line
                values = ["", "  " * cost.depth + (line.description or "—"), line.source_label, line.fiscal_year or "",
                          _("Đã cấp") if line.allocated_flag else _("Chưa cấp"), line.decision_reference]
                style, money = "t", "m"
            else:
                prefix = (_("Cộng kế hoạch") if cost.kind == "plan" else
                          _("Cộng mục") if cost.is_section else _("Cộng hoạt động"))
                values = [cost.number, f"{'  ' * cost.depth}{prefix}: {cost.title}", "", "", "", ""]
                style, money = "tb", "mb"
            out.line(row, values, style)
            out.line(row, (cost.planned, cost.allocated, cost.spent_in_period, cost.spent_to_date), money, first=7)
            row += 1
    totals = report.totals
    out.put(row, 2, _("Tổng cộng"), "tb")
    out.line(row, (totals.planned, totals.allocated, totals.spent_in_period, totals.spent_to_date), "mb", first=7)
    if report.unassigned_lines:
        row += 2
        out.put(row, 2, _("Kinh phí chưa xác định năm ngân sách (kế hoạch nhiều năm; không cộng vào số liệu của năm)"),
                "tb")
        row += 1
        for item, line in report.unassigned_lines:
            out.line(row, [item.number, line.description or item.title, line.source_label, "",
                           _("Đã cấp") if line.allocated_flag else _("Chưa cấp"), line.decision_reference])
            out.line(row, (line.planned, line.allocated, line.spent_in_period, line.spent_to_date), "m", first=7)
            row += 1
        money = report.unassigned
        out.put(row, 2, _("Cộng"), "tb")
        out.line(row, (money.planned, money.allocated, money.spent_in_period, money.spent_to_date), "mb", first=7)


def _targets(out, report):
    titles = [_("STT"), _("Hoạt động"), _("Trạng thái"), _("Chỉ tiêu"), _("Kế hoạch"), _("Đạt trong kỳ"),
              _("Lũy kế đạt"), _("Tỷ lệ hoàn thành"), _("Ghi chú")]
    _head(out, report, _sheet_title(report, _("Kết quả thực hiện chỉ tiêu %(period)s — %(scope)s")),
          _("Đạt trong kỳ: %(period)s; lũy kế đạt: %(to_date)s (từ khi bắt đầu thực hiện)") % {
              "period": report.targets_period_caption, "to_date": report.targets_to_date_caption},
          len(titles), titles)
    row = 5
    for item in report.rows:
        for target in item.targets:
            out.line(row, [item.number, item.title, item.status_label,
                           f"{target.measure} — {target.description}" if target.description else target.measure])
            out.line(row, (target.quantity, target.achieved_in_period, target.achieved_to_date), "m", first=5)
            out.put(row, 8, target.achieved_to_date / target.quantity if target.quantity else None)
            out.put(row, 9, item.flag)
            row += 1


def _legend(out, report):
    _head(out, report, _("Cách tính số liệu"), _subtitle(report), 2)
    row = 5
    for name, meaning in report.legend():
        out.line(row, (name, meaning))
        row += 1
    row += 1
    for rule in report.rules():
        out.put(row, 2, f"- {rule}")
        row += 1


def _text(out, report):
    from reports.documents import new_document, parts

    document = new_document(report)
    _head(out, report, document.title, report.window_label, 1)
    row = 5
    for heading, paragraphs in parts(document):
        out.put(row, 1, heading, "tb")
        row += 1
        for paragraph in paragraphs:
            out.put(row, 1, paragraph)
            row += 1
        row += 1
    for line in document.signer_title_lines() + [document.signer_name]:
        out.put(row, 1, line, "tb")
        row += 1
    row += 1
    out.put(row, 1, _("Nơi nhận:"), "tb")
    for line in document.recipient_lines():
        row += 1
        out.put(row, 1, f"- {line}")


def minimal_workbook(report):
    """The same sheets and cell values as write_workbook(report), written by plain openpyxl with shared named
    styles and nothing else; the bytes of the .xlsx."""
    book = Workbook()
    _styles(book)
    book._heading = _document_line(report, None)
    sheets = [(_("Tiến độ"), _progress), (_("Kinh phí"), _costs)]
    if report.coordinated_rows:
        sheets.append((_("Phối hợp"), _coordinated))
    sheets += [(_("Chi tiết kinh phí"), _lines), (_("Chỉ tiêu"), _targets), (_("Chú giải"), _legend),
               (_("Nội dung báo cáo"), _text)]
    for index, (title, write) in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = title
        write(_Sheet(sheet), report)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def cell_values(data):
    """{sheet title: {coordinate: value}} of the non-empty cells of a workbook's bytes."""
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: {cell.coordinate: cell.value for row in sheet.iter_rows() for cell in row
                          if cell.value not in (None, "")} for sheet in book.worksheets}


def median_cpu_ms(functions, runs):
    """The median CPU ms of each function over `runs` rounds, the functions taking turns within a round (CPU time,
    not wall time: the machine may be busy with other work)."""
    times = [[] for _function in functions]
    for _run in range(runs):
        for index, function in enumerate(functions):
            started = time.process_time()
            function()
            times[index].append((time.process_time() - started) * 1000)
    return [statistics.median(found) for found in times]


def main():
    from django.core.management import call_command

    from activities.models import Activity
    from bench.reports_bench import generate
    from core.periods import parse_period
    from plans.models import Plan
    from reports.rows import build_report, parse_scope

    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=25)
    parser.add_argument("--activities", type=int, default=50, help="nodes per plan (5 are headings)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of write_workbook")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    province = generate(args.plans, args.activities)
    report = build_report(parse_scope("year:2021", Plan.objects.filter(province=province)), parse_period("2021-H1"))
    print(f"{args.plans} plans, {Activity.objects.count()} nodes; {len(report.rows)} report rows")
    ours, minimal = write_workbook(report), minimal_workbook(report)
    same = cell_values(ours) == cell_values(minimal)
    print(f"same sheets and cell values: {'yes' if same else 'NO'}")
    ours_ms, minimal_ms = median_cpu_ms([lambda: write_workbook(report), lambda: minimal_workbook(report)], args.runs)
    print(f"write_workbook   {ours_ms:8.0f} CPU ms (median of {args.runs})")
    print(f"minimal openpyxl {minimal_ms:8.0f} CPU ms")
    print(f"ratio            {ours_ms / minimal_ms:8.2f}")
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(write_workbook, report)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
