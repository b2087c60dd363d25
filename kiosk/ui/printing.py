"""Printing the My questions sheet on the clinic's printer (kiosk.toml [print]): one page, large type."""

from __future__ import annotations

PDF_PREFIX = "pdf:"  # printer = "pdf:FILE" writes the page to a PDF file: to check the layout, and for tests
MARGIN_MM = 15  # on every side of the sheet
LARGEST_PT, SMALLEST_PT = 18, 11  # large type, made smaller only as far as it takes to fit on one page
_CSS = """
h2 { font-size: 0.8em; font-weight: normal; margin-bottom: 0.2em; }
h1 { font-size: 1.4em; margin-top: 0; margin-bottom: 0.8em; }
h2.topic { font-size: 1.15em; font-weight: bold; margin-top: 0.6em; margin-bottom: 0.2em; }
p.row { margin-bottom: 0.6em; }
p.said { margin-bottom: 0.6em; margin-left: 1.2em; }
p.footer { font-size: 0.85em; margin-bottom: 0.2em; }
"""


def print_sheet(printer_name: str, html: str, family: str) -> str:
    """Print `html` (takeaway.sheet_html) on one page. Returns "" once it is with the printer, else why not."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QFont, QPageLayout, QPainter, QTextDocument
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if printer_name.startswith(PDF_PREFIX):
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(printer_name.removeprefix(PDF_PREFIX))
    elif QPrinterInfo.printerInfo(printer_name).isNull():
        known = ", ".join(QPrinterInfo.availablePrinterNames()) or "none"
        return f"printer '{printer_name}' is not known to this computer (printers: {known})"
    else:
        printer.setPrinterName(printer_name)
    if not printer.isValid():
        return f"printer '{printer_name}' cannot print now"
    # Most printers cannot print the outer 4-6 mm of a sheet; Qt's default margins left only 4.6 mm.
    printer.setPageMargins(QMarginsF(*(MARGIN_MM,) * 4), QPageLayout.Unit.Millimeter)
    document = QTextDocument()
    # Laid out on the printer itself, in its own pixels: the page count seen here is the one printed.
    document.documentLayout().setPaintDevice(printer)
    document.setDefaultStyleSheet(_CSS)
    document.setHtml(html)
    document.setPageSize(printer.pageLayout().paintRectPixels(printer.resolution()).size().toSizeF())
    for points in range(LARGEST_PT, SMALLEST_PT - 1, -1):
        document.setDefaultFont(QFont(family, points))
        if document.pageCount() <= 1:
            break
    painter = QPainter()  # drawn as laid out above: QTextDocument.print_ would lay it out again, its own way
    if not painter.begin(printer):
        return f"printer '{printer_name}' did not accept the page"
    document.drawContents(painter)
    painter.end()
    return ""
