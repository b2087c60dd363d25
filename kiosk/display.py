"""Before Qt starts: is there a display, and can Qt's platform plug-in for it load? If not, say what to do.

Without this, a fresh Linux machine ends in Qt's own abort ("could not load the Qt platform plugin xcb",
exit 134 or 250), which names neither the missing libraries nor the way out. The plug-ins' needs below are
the libraries their ELF files ask for that a desktop-less Debian 12 may lack; tests/test_display.py checks the
lists against the plug-ins really installed, and packaging/linux/build_deb.py declares them as Depends.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping

from kiosk.paths import guide_file

# soname → Debian 12 package, for Qt's X11 (xcb) platform plug-in and its libQt6XcbQpa.
XCB_LIBRARIES = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
}
# The same for the Wayland plug-ins (the kiosk session under cage or weston).
WAYLAND_LIBRARIES = {
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libxkbcommon.so.0": "libxkbcommon0",
}
# Platforms that need no display server: nothing to check.
_HEADLESS = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb", "vkkhrdisplay")

Loader = Callable[[str], bool]


def can_load(soname: str) -> bool:
    """True if the dynamic linker finds `soname` as Qt would (LD_LIBRARY_PATH, the frozen bundle, ld.so.cache)."""
    import ctypes  # only `kiosk` on Linux asks, once, before its window

    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def platform_for(env: Mapping[str, str]) -> str:
    """The platform plug-in Qt will load: "xcb", "wayland", or "" when there is nothing to check."""
    asked = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if asked:
        return asked if asked in ("xcb", "wayland", "wayland-egl") else ""
    wayland_session = env.get("XDG_SESSION_TYPE") == "wayland" or not env.get("DISPLAY")
    return "wayland" if env.get("WAYLAND_DISPLAY") and wayland_session else "xcb"


def display_problem(
    env: Mapping[str, str] | None = None, load: Loader | None = None, platform: str = sys.platform
) -> str:
    """What stops Qt from opening a window here, in words IT can act on; "" if nothing does."""
    if not platform.startswith("linux"):
        return ""  # Windows and macOS bring their own platform plug-in and display
    environ = os.environ if env is None else env
    plugin = platform_for(environ)
    if not plugin:
        return ""
    if not environ.get("DISPLAY") and not environ.get("WAYLAND_DISPLAY"):
        return (
            "There is no display to show the kiosk on: neither DISPLAY nor WAYLAND_DISPLAY is set (a remote "
            "shell, or a service started outside the kiosk user's graphical session).\n"
            "  To see the pages without a screen:  kiosk snapshot --out pages/   (PNG files to proof)\n"
            "  To try the kiosk without a screen:  QT_QPA_PLATFORM=offscreen kiosk --exit-after-first-paint\n"
            "  On a kiosk PC, start it in the kiosk user's session (the kiosk session in "
            f"{guide_file('deployment.md')})."
        )
    needs = XCB_LIBRARIES if plugin == "xcb" else WAYLAND_LIBRARIES
    load = load or can_load
    missing = {soname: package for soname, package in needs.items() if not load(soname)}
    if not missing:
        return ""
    names = "X11 (xcb)" if plugin == "xcb" else "Wayland"
    return (
        f"The kiosk cannot open its window: Qt's {names} platform needs libraries this computer lacks "
        f"({', '.join(missing)}).\n"
        f"  On Debian or Ubuntu install them with:\n"
        f"    sudo apt-get install --no-install-recommends {' '.join(sorted(set(missing.values())))}\n"
        "  Or, without a screen: kiosk snapshot --out pages/, or QT_QPA_PLATFORM=offscreen."
    )
