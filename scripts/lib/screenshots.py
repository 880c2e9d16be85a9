"""Saves a PNG of each console page at desktop (1280×800) and phone (390×844) size.

Run by scripts/screenshots into docs/screenshots/. Pages are captured at their full
height so the README shows whole pages, not just the first screen.
"""
import os
import sys

from selenium.webdriver.common.by import By

from console_browser import (DESKTOP, MANAGER_KEY, PHONE, REP_KEY, URL, go, make_driver, set_viewport, settled,
                             sign_in, sign_out, visible, wait)

OUT = sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"
MAX_HEIGHT = 2400  # long pages are cut here; the top is what a reader needs


def capture(driver, size, name):
    height = min(MAX_HEIGHT, max(size[1], driver.execute_script("return document.documentElement.scrollHeight")))
    set_viewport(driver, (size[0], height))
    settled(driver)
    path = os.path.join(OUT, f"{name}-{'desktop' if size == DESKTOP else 'phone'}.png")
    driver.save_screenshot(path)
    set_viewport(driver, size)
    print(path)


def first_customer_with_history(driver):
    return driver.execute_script("""
        const r = new XMLHttpRequest(); r.open('GET', '/v1/customers?q=' + encodeURIComponent('张') + '&limit=50', false);
        r.setRequestHeader('Authorization', 'Bearer ' + sessionStorage.getItem('kehu.apiKey')); r.send();
        const list = JSON.parse(r.responseText).data;
        list.sort((a, b) => b.stats.purchaseCount - a.stats.purchaseCount);
        return list[0].id;""")


def main():
    os.makedirs(OUT, exist_ok=True)
    for size in (DESKTOP, PHONE):
        driver = make_driver(size)
        try:
            driver.get(URL + "/#/signin")
            visible(driver, "#api-key")
            capture(driver, size, "1-sign-in")
            # A rep's day is the full one (overdue, due, care, feedback); the dashboard is the manager's.
            sign_in(driver, REP_KEY)
            capture(driver, size, "2-agenda")
            go(driver, "/customers", ".page-customers")
            visible(driver, "#customer-search").send_keys("张")
            # The first page (unfiltered) is already there; wait for the search's own answer.
            wait(driver).until(lambda d: "q=" in d.current_url)
            settled(driver)
            capture(driver, size, "3-customers")
            go(driver, f"/customers/{first_customer_with_history(driver)}", ".page-customer")
            visible(driver, "#timeline .timeline-item")
            capture(driver, size, "4-customer-file")
            go(driver, "/feedback", ".page-feedback")
            capture(driver, size, "5-feedback-board")
            sign_out(driver)
            sign_in(driver, MANAGER_KEY)
            go(driver, "/dashboard", ".page-dashboard")
            visible(driver, "figure.chart svg")
            capture(driver, size, "6-dashboard")
            assert driver.find_elements(By.CSS_SELECTOR, "figure.chart")
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
