"""List 1 as the files Ofsted asks for: an Excel workbook (what the published validator reads)
and a CSV. Dates are dd/mm/yyyy in both: real dates in the workbook, formatted that way."""

import csv
import io
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from .build import List1

SHEET = "List_1"  # the validator finds each list by its sheet's name
DATE_FORMAT = "DD/MM/YYYY"


def file_name(list1: List1, extension: str) -> str:
    return f"annex-a-list-1-{list1.day:%Y-%m-%d}.{extension}"


def _cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str):
        # Text stays text: openpyxl would otherwise store a leading "=" as a formula.
        cell.data_type = "s"
    return cell


def list1_xlsx(list1: List1) -> bytes:
    # Write-only mode streams rows out instead of building every cell in memory: a large
    # council's list (tens of thousands of rows) takes seconds, not minutes.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    sheet.append([_cell(sheet, name) for name in list1.header])
    for row in list1.rows:
        sheet.append([_cell(sheet, value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def list1_csv(list1: List1) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(list1.header)
    for row in list1.rows:
        writer.writerow([_text(value) for value in row])
    return buffer.getvalue().encode("utf-8")


WRITERS = {"xlsx": list1_xlsx, "csv": list1_csv}
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
