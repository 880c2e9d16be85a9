"""Helpers for driving the Kehu web console with Selenium and Debian's chromium.

Used by browser_test.py and screenshots.py; the server and keys come from the
environment (KEHU_URL, KEHU_REP_KEY, KEHU_MANAGER_KEY) set by scripts/lib/console_server.sh.
"""
import os

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

URL = os.environ["KEHU_URL"]
REP_KEY = os.environ["KEHU_REP_KEY"]
MANAGER_KEY = os.environ["KEHU_MANAGER_KEY"]

DESKTOP = (1280, 800)
PHONE = (390, 844)


def make_driver(size=DESKTOP, language="zh-CN"):
    """Headless chromium; --no-sandbox because CI and containers run as root."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={size[0]},{size[1]}", f"--lang={language}", "--hide-scrollbars"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": language})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    set_viewport(driver, size)
    return driver


def set_viewport(driver, size):
    """Makes the page's viewport (not the window) exactly `size`, as on a real screen."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": size[0] < 500,
    })


def wait(driver, seconds=10):
    return WebDriverWait(driver, seconds)


def visible(driver, css, seconds=10):
    return wait(driver, seconds).until(ec.visibility_of_element_located((By.CSS_SELECTOR, css)))


def clickable(driver, css, seconds=10):
    return wait(driver, seconds).until(ec.element_to_be_clickable((By.CSS_SELECTOR, css)))


def settled(driver, seconds=10):
    """Waits until no request is pending and the page shows no loading placeholder."""
    wait(driver, seconds).until(lambda d: d.execute_script(
        "return document.getElementById('busy').hidden && !document.querySelector('main .loading')"))


def sign_in(driver, key):
    driver.get(URL + "/#/signin")
    field = visible(driver, "#api-key")
    field.clear()
    field.send_keys(key)
    driver.find_element(By.CSS_SELECTOR, "form.signin button[type=submit]").click()
    visible(driver, ".page-agenda")
    settled(driver)


def sign_out(driver):
    clickable(driver, "#signout").click()
    visible(driver, "#api-key")


def go(driver, route, page_css):
    driver.get(f"{URL}/#{route}")
    visible(driver, page_css)
    settled(driver)


def console_errors(driver):
    """Severe browser console messages: CSP violations and script errors land here."""
    return [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]
