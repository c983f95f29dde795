"""Reading a page as a browser does (Selenium + Chromium)."""

from __future__ import annotations


def set_viewport(driver, width: int, height: int = 900) -> None:
    """The page's width in CSS pixels, as a window that narrow (or 1280 px at 400%
    zoom) shows it."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
