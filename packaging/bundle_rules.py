"""What goes into a PyInstaller bundle: shared by build.spec and the size floor in `make bench`.

- Qt modules Amparo never imports are excluded (it uses QtCore, QtGui, QtWidgets, QtPdf,
  QtPdfWidgets and QtPrintSupport). PyInstaller already skips modules nothing imports; naming
  them keeps a stray import in a dependency from pulling in, say, QtWebEngine's hundreds of MB.
- Qt's translations are cut to the Spanish ones `app.install_qt_translator` loads (English needs
  none), Babel's locale data to English and Spanish, phonenumbers to its number metadata.
- Unused Qt plugins are dropped by `packaging/hooks/hook-PySide6.QtGui.py`.
"""

from __future__ import annotations

import sys
from pathlib import PurePath

QT_EXCLUDES = [
    f"PySide6.{name}"
    for name in [
        "Qt3DAnimation",
        "Qt3DCore",
        "Qt3DExtras",
        "Qt3DInput",
        "Qt3DLogic",
        "Qt3DRender",
        "QtAxContainer",
        "QtBluetooth",
        "QtCanvasPainter",
        "QtCharts",
        "QtConcurrent",
        "QtDataVisualization",
        "QtDesigner",
        "QtGraphs",
        "QtGraphsWidgets",
        "QtHelp",
        "QtHttpServer",
        "QtLocation",
        "QtMultimedia",
        "QtMultimediaWidgets",
        "QtNetwork",
        "QtNetworkAuth",
        "QtNfc",
        "QtOpenGL",
        "QtOpenGLWidgets",
        "QtPositioning",
        "QtQml",
        "QtQuick",
        "QtQuick3D",
        "QtQuickControls2",
        "QtQuickTest",
        "QtQuickWidgets",
        "QtRemoteObjects",
        "QtScxml",
        "QtSensors",
        "QtSerialBus",
        "QtSerialPort",
        "QtSpatialAudio",
        "QtSql",
        "QtStateMachine",
        "QtSvg",
        "QtSvgWidgets",
        "QtTest",
        "QtTextToSpeech",
        "QtUiTools",
        "QtWebChannel",
        "QtWebEngineCore",
        "QtWebEngineQuick",
        "QtWebEngineWidgets",
        "QtWebSockets",
        "QtWebView",
        "QtXml",
    ]
]
PYTHON_EXCLUDES = [
    "tkinter",
    "_tkinter",
    "test",
    "unittest",
    "pydoc_data",
    "lib2to3",
    "setuptools",
    "pkg_resources",
    "pip",
    "PyInstaller",
    "pytest",
    "_pytest",
    "pytestqt",
    "importlinter",
    "grimp",
    "numpy",
    # phonenumbers' optional tables (about 40 MB); Amparo only parses and formats numbers.
    "phonenumbers.geocoder",
    "phonenumbers.geodata",
    "phonenumbers.carrier",
    "phonenumbers.carrierdata",
    "phonenumbers.timezone",
    "phonenumbers.tzdata",
]
EXCLUDES = QT_EXCLUDES + PYTHON_EXCLUDES

QT_TRANSLATIONS_KEPT = ("qtbase_es.qm", "qt_es.qm")
BABEL_LOCALES_KEPT = ("root.dat", "en.dat", "es.dat", "en_", "es_")

# Symbol tables are for debuggers: stripping them shrinks some Linux libraries a lot (a
# pyenv-built libpython carries 20 MB of them). Not on Windows (PyInstaller advises against it)
# nor on macOS, where it would invalidate the libraries' signatures.
STRIP = sys.platform.startswith("linux")


def kept(destination: str) -> bool:
    """Whether a data file (by its path inside the bundle) belongs in the bundle."""
    parts = PurePath(destination).parts
    name = parts[-1]
    if "PySide6" in parts and "translations" in parts and name.endswith(".qm"):
        return name in QT_TRANSLATIONS_KEPT
    if parts[:2] == ("babel", "locale-data"):
        return name.startswith(BABEL_LOCALES_KEPT)
    return True
