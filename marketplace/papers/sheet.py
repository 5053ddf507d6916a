"""The PDF page every paper is drawn on: fpdf2 with DejaVu Sans (any UTF-8 name prints),
money and dates in the reader's language, and the QR code of an order number."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from pathlib import Path

import segno
from flask_babel import format_date, format_datetime
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from marketplace.kernel.messages import rupiah
from marketplace.kernel.timeutil import JAKARTA, jakarta_date

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"
INK = (33, 37, 41)
MUTED = (100, 106, 112)
RULE = (190, 194, 198)
SHADE = (240, 236, 228)


def money(amount: int) -> str:
    # Babel puts a no-break space between "Rp" and the figure; DejaVu has the glyph.
    return rupiah(amount)


def wib(moment: datetime | None, format: str = "medium") -> str:
    """A moment in Western Indonesian Time, with the zone named."""
    if moment is None:
        return "—"
    return f"{format_datetime(moment.astimezone(JAKARTA), format, rebase=False)} WIB"


def wib_date(moment: datetime | None) -> str:
    """The calendar day of a moment in WIB, written out: "4 Desember 2026"."""
    return "—" if moment is None else format_date(jakarta_date(moment), "long")


def qr_png(text: str) -> BytesIO:
    """The QR code of `text` as a PNG (black on white, a quiet zone of two modules)."""
    buffer = BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="png", scale=8, border=2)
    buffer.seek(0)
    return buffer


class Sheet(FPDF):
    """A page with our font loaded; `footer_text` and page numbers at the bottom if set."""

    def __init__(self, *, title: str, format="A4", margin: float = 15,
                 footer_text: str = "", page_numbers: bool = True) -> None:
        super().__init__(orientation="P", unit="mm", format=format)
        self.footer_text = footer_text
        self.page_numbers = page_numbers
        self.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
        self.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_title(title)
        self.set_creator("Pasar Sentra")
        self.set_margins(margin, margin, margin)
        self.set_auto_page_break(True, margin=margin + (8 if footer_text or page_numbers
                                                        else 0))
        self.alias_nb_pages()
        self.add_page()
        self.font(9)

    def font(self, size: float, bold: bool = False, color=INK) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_text_color(*color)

    def line_of(self, text: str, size: float = 9, bold: bool = False, color=INK,
                align: str = "L", w: float = 0, h: float | None = None) -> None:
        """Text that wraps; the cursor then starts the next line at the margin."""
        self.font(size, bold, color)
        self.multi_cell(w, h or size * 0.5, text, align=align, new_x=XPos.LMARGIN,
                        new_y=YPos.NEXT)

    def rule(self, gap: float = 2) -> None:
        self.ln(gap)
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(gap)

    def footer(self) -> None:
        if not (self.footer_text or self.page_numbers):
            return
        self.set_y(-self.b_margin + 2)
        self.font(7, color=MUTED)
        width = self.w - self.l_margin - self.r_margin
        if self.footer_text:
            self.cell(width * 0.8, 4, self.footer_text, align="L")
        if self.page_numbers:
            self.set_x(self.l_margin + width * 0.8)
            self.cell(width * 0.2, 4, f"{self.page_no()}/{{nb}}", align="R")

    def pdf_bytes(self) -> bytes:
        return bytes(self.output())
