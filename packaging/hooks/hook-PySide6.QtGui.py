"""Replaces PyInstaller's QtGui hook: the same Qt files, minus plugins Amparo has no use for.

Dropped before PyInstaller follows their dependencies, so what only they need (Qt Quick and QML
for the virtual keyboard, GTK for the GTK theme, EGL for embedded screens) never enters the
bundle: the on-screen virtual keyboard, embedded-device platforms (eglfs, linuxfb, vnc,
vkkhrdisplay), evdev/tuio input, and the GTK 3 theme, which would load the laptop's GTK against
libraries copied from the build machine. Kept: xcb, wayland, offscreen and minimal on Linux,
windows on Windows, cocoa on macOS, image formats, icon engines, the desktop portal theme.
"""

from pathlib import PurePath

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

DROPPED_PLUGIN_TYPES = {"egldeviceintegrations", "generic"}
DROPPED_PLUGINS = {
    "qtvirtualkeyboardplugin",
    "qeglfs",
    "qlinuxfb",
    "qminimalegl",
    "qvkkhrdisplay",
    "qvnc",
    "qgtk3",
}


def _kept(entry: tuple[str, str]) -> bool:
    source, destination = entry
    folder = PurePath(destination)
    if "plugins" not in folder.parts:
        return True
    if folder.parts[-1] in DROPPED_PLUGIN_TYPES:
        return False
    stem = PurePath(source).name.split(".")[0]
    return stem.removeprefix("lib") not in DROPPED_PLUGINS


hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [entry for entry in binaries if _kept(entry)]
