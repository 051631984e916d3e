"""Draws the application icon (a shield sheltering a parent and a child) into resources/icons/.

Writes `amparo.png` (512 px, the window icon), `amparo.ico` (Windows) and `amparo.icns` (macOS).
Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python tools/make_icon.py`
"""

from __future__ import annotations

import io
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QBuffer, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZE = 1024
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def _shield(s: float) -> QPainterPath:
    path = QPainterPath()
    path.moveTo(0.5 * s, 0.06 * s)
    path.cubicTo(0.66 * s, 0.15 * s, 0.80 * s, 0.17 * s, 0.90 * s, 0.17 * s)
    path.cubicTo(0.90 * s, 0.55 * s, 0.78 * s, 0.80 * s, 0.5 * s, 0.95 * s)
    path.cubicTo(0.22 * s, 0.80 * s, 0.10 * s, 0.55 * s, 0.10 * s, 0.17 * s)
    path.cubicTo(0.20 * s, 0.17 * s, 0.34 * s, 0.15 * s, 0.5 * s, 0.06 * s)
    path.closeSubpath()
    return path


def _person(painter: QPainter, x: float, y: float, scale: float, s: float) -> None:
    """A head and shoulders; (x, y) is the top of the head, scale 1 for the parent."""
    head = 0.075 * s * scale
    painter.drawEllipse(QPointF(x, y + head), head, head)
    body = QPainterPath()
    top = y + 2.35 * head
    width = 0.15 * s * scale
    body.moveTo(x - width, top + 0.22 * s * scale)
    body.cubicTo(x - width, top, x - 0.4 * width, top, x, top)
    body.cubicTo(x + 0.4 * width, top, x + width, top, x + width, top + 0.22 * s * scale)
    body.closeSubpath()
    painter.drawPath(body)


def draw(size: int = SIZE) -> QImage:
    s = float(size)
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    gradient = QLinearGradient(0, 0, 0, s)
    gradient.setColorAt(0.0, QColor("#1f7a8c"))
    gradient.setColorAt(1.0, QColor("#0b3c5d"))
    painter.setPen(QPen(QColor("#f2c14e"), 0.035 * s))
    painter.setBrush(QBrush(gradient))
    painter.drawPath(_shield(s))
    # The sheltering arc over the family.
    arc = QPen(QColor("#f2c14e"), 0.05 * s)
    arc.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(arc)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawArc(QRectF(0.24 * s, 0.27 * s, 0.52 * s, 0.44 * s), 20 * 16, 140 * 16)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#ffffff"))
    _person(painter, 0.44 * s, 0.38 * s, 1.0, s)
    _person(painter, 0.60 * s, 0.518 * s, 0.65, s)
    painter.end()
    return image


def _pillow(image: QImage) -> Image.Image:
    buffer = QBuffer()
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGBA")


def main() -> None:
    _app = QGuiApplication.instance() or QGuiApplication([])
    OUT.mkdir(parents=True, exist_ok=True)
    big = _pillow(draw())
    big.resize((512, 512), Image.Resampling.LANCZOS).save(OUT / "amparo.png", optimize=True)
    big.save(OUT / "amparo.ico", sizes=ICO_SIZES)
    big.save(OUT / "amparo.icns")
    for name in ("amparo.png", "amparo.ico", "amparo.icns"):
        print(OUT / name, (OUT / name).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
