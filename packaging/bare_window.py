"""The floor `make bench` compares the bundle with: a bare PySide6 window, frozen the same way."""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

app = QApplication(sys.argv[:1])
window = QWidget()
window.resize(1100, 720)
window.show()
if "--exit-after-show" in sys.argv:
    QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
