#!/usr/bin/env python3
"""The read-annotate-write job of PRODUCT.md section 8, done with openpyxl.

    python benches/openpyxl_annotate.py IN.xlsx OUT.xlsx

Reads the first sheet row by row (read_only=True), appends the same 6 computed columns as
examples/bench_floor.rs (Deadline, Due, Hours, SLA, Priority, Note) and writes every row to
a new workbook (write_only=True). This is the Python baseline `aftersales process` must beat
by 20x; it is about the least work openpyxl can do for the job, so the comparison is fair.
"""

import sys
import time
from datetime import datetime, timedelta

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

COMPUTED = ["Deadline", "Due", "Hours", "SLA", "Priority", "Note"]
AS_OF = datetime(2026, 11, 23, 9, 0)
PRIORITIES = ["P1", "P2", "P3", "P4"]


def computed(row, sheet, date_format, datetime_format):
    first = second = None
    cells = texts = 0
    for value in row:
        if value is None:
            continue
        cells += 1
        if isinstance(value, str):
            texts += 1
        elif isinstance(value, datetime):
            if first is None:
                first = value
            elif second is None:
                second = value
    out = [None] * 4
    if first is not None:
        deadline = WriteOnlyCell(sheet, first + timedelta(days=7))
        deadline.number_format = date_format
        due = WriteOnlyCell(sheet, first + timedelta(hours=24))
        due.number_format = datetime_format
        hours = (second - first).total_seconds() / 3600 if second is not None else None
        sla = "overdue" if first + timedelta(days=7) < AS_OF else "on_track"
        out = [deadline, due, hours, sla]
    return out + [PRIORITIES[cells % 4], f"{cells} cells, {texts} text"]


def main(argv):
    if len(argv) != 3:
        print("usage: openpyxl_annotate.py IN.xlsx OUT.xlsx", file=sys.stderr)
        return 2
    source, target = argv[1], argv[2]
    started = time.perf_counter()
    book = load_workbook(source, read_only=True)
    sheet = book.worksheets[0]
    out_book = Workbook(write_only=True)
    out_sheet = out_book.create_sheet(sheet.title)
    rows = 0
    for row in sheet.iter_rows(values_only=True):
        if rows == 0:
            out_sheet.append(list(row) + COMPUTED)
        else:
            out_sheet.append(list(row) + computed(row, out_sheet, "yyyy-mm-dd", "yyyy-mm-dd hh:mm"))
        rows += 1
    out_book.save(target)
    book.close()
    print(f"openpyxl_annotate: {rows} rows in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
