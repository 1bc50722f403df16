"""The web app in a real browser (Debian's chromium, driven by selenium), by keyboard only: empty project to zip."""

from __future__ import annotations

import shutil
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from pamphlets.web import make_server

pytestmark = pytest.mark.slow

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[tuple[object, Path]]:
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    if not (CHROMIUM and DRIVER):
        pytest.skip("no browser: install Debian's chromium and chromium-driver (apt-get install chromium "
                    "chromium-driver) to run the browser tests")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=420,900"):
        options.add_argument(arg)  # a phone-sized window: the flow must work there too
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=DRIVER))
    try:
        yield driver, downloads
    finally:
        driver.quit()


def tab_to(driver, element_id: str, limit: int = 80) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until the element has the focus, as a keyboard user would; fail if it never does."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    for _ in range(limit):
        if driver.execute_script("return document.activeElement.id") == element_id:
            return
        ActionChains(driver).send_keys(Keys.TAB).perform()
    raise AssertionError(f"{element_id} cannot be reached with the Tab key")


def tab_to_text(driver, text: str, limit: int = 120) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until the focused link or button shows text."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    for _ in range(limit):
        focused = driver.execute_script("var e = document.activeElement; "
                                        "return ['A', 'BUTTON'].includes(e.tagName) ? e.textContent : ''")
        if text in (focused or ""):
            return
        ActionChains(driver).send_keys(Keys.TAB).perform()
    raise AssertionError(f"no link or button showing {text!r} can be reached with the Tab key")


def wait_for(check, what: str, seconds: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    """Wait for a page the key press asked for (a key press does not wait for the navigation it starts)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def keys(driver, *typed: str) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(*typed).perform()


def test_keyboard_only_from_an_empty_project_to_a_downloaded_zip(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.keys import Keys

    driver, downloads = browser
    project = tmp_path / "empty"
    project.mkdir()
    server = make_server(project, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        driver.get(f"http://127.0.0.1:{server.server_port}/?ui=en")  # get() waits for the page
        tab_to(driver, "new-program")
        keys(driver, "hillside", Keys.ENTER)
        wait_for(lambda: driver.current_url.endswith("/program/hillside"), "the program page")
        details = {"f-organization": "Hillside Harm Reduction", "f-phone": "1-800-662-4357",
                   "f-link": "https://findtreatment.gov/locator", "f-brand-primary": "#0B5394"}
        for field, value in details.items():
            tab_to(driver, field)
            keys(driver, value)
        assert "ok" in driver.find_element("id", "contrast").get_attribute("class")  # live contrast check
        tab_to_text(driver, "Save")
        keys(driver, Keys.ENTER)
        wait_for(lambda: "Saved." in driver.page_source, "the program to be saved")
        assert "Hillside Harm Reduction" in (project / "local/hillside.yaml").read_text()

        tab_to_text(driver, "pamphlets")
        keys(driver, Keys.ENTER)
        wait_for(lambda: driver.find_elements("id", "new-kit"), "the home page")
        tab_to(driver, "new-kit")
        keys(driver, "outreach", Keys.ENTER)
        wait_for(lambda: driver.current_url.endswith("/materials/outreach"), "the materials page")
        for choice in ("naloxone", "wallet-card"):  # checkboxes are ticked with the space bar
            tab_to(driver, driver.find_element("css selector", f"input[value='{choice}']").get_attribute("id")
                   or _give_id(driver, choice))
            keys(driver, Keys.SPACE)
        tab_to_text(driver, "Save")
        keys(driver, Keys.ENTER)
        wait_for(lambda: "Saved." in driver.page_source, "the kit to be saved")
        tab_to_text(driver, "3. Check and preview")
        keys(driver, Keys.ENTER)
        wait_for(lambda: driver.find_elements("css selector", ".previews img"), "the previews", 60)
        tab_to_text(driver, "Everything for the print shop (zip)")
        keys(driver, Keys.ENTER)
        for _ in range(100):
            done = list(downloads.glob("*.zip"))
            if done:
                break
            time.sleep(0.1)
        (archive,) = downloads.glob("*.zip")
        names = zipfile.ZipFile(archive).namelist()
        assert "naloxone.wallet-card.en.pdf" in names and "print-order.csv" in names
    finally:
        server.shutdown()
        server.server_close()


def _give_id(driver, value: str) -> str:  # type: ignore[no-untyped-def]
    """Checkboxes have no id of their own (their label wraps them): give one, to know when it has the focus."""
    driver.execute_script(f"document.querySelector(\"input[value='{value}']\").id = 'pick-{value}'")
    return f"pick-{value}"
