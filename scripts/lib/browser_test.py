"""Browser tests of the Kehu web console against a real server with demo data.

Run by scripts/test-browser. Each step prints its name; the first failure saves a
screenshot and the page's HTML next to the temp database and exits non-zero.
"""
import datetime
import json
import sys
import time
import traceback
import urllib.request
import uuid

from selenium.webdriver.common.by import By

from console_browser import (MANAGER_KEY, REP_KEY, URL, clickable, console_errors, go, make_driver,
                             settled, sign_in, sign_out, visible, wait)

steps = []


def step(function):
    steps.append(function)
    return function


@step
def serves_the_console_with_a_strict_csp(driver):
    driver.get(URL + "/")
    visible(driver, "#api-key")
    policy = driver.execute_script("""
        const r = new XMLHttpRequest(); r.open('GET', '/', false); r.send();
        return [r.getResponseHeader('Content-Security-Policy'), r.getResponseHeader('ETag')];""")
    assert "default-src 'self'" in policy[0] and "frame-ancestors 'none'" in policy[0], policy
    assert policy[1], "no ETag on /"


@step
def rejects_a_wrong_key_next_to_the_field(driver):
    field = visible(driver, "#api-key")
    field.send_keys("kehu_not_a_real_key")
    driver.find_element(By.CSS_SELECTOR, "form.signin button[type=submit]").click()
    error = visible(driver, "#api-key-error")
    assert error.text, "no message next to the key field"
    assert driver.find_element(By.ID, "api-key").get_attribute("aria-invalid") == "true"


@step
def signs_in_and_shows_the_agenda(driver):
    sign_in(driver, REP_KEY)
    assert driver.execute_script("return sessionStorage.getItem('kehu.apiKey')") == REP_KEY
    assert driver.find_elements(By.CSS_SELECTOR, "#agenda-overdue .task, #agenda-due .task"), "the agenda lists no task"


@step
def completes_a_follow_up_and_sees_it_in_the_timeline(driver):
    go(driver, "/agenda", ".page-agenda")
    task = driver.find_element(By.CSS_SELECTOR, ".task:not(.done)")
    task_id = task.get_attribute("data-id")
    customer_link = task.find_element(By.CSS_SELECTOR, ".task-head a").get_attribute("href")
    buttons = task.find_elements(By.CSS_SELECTOR, ".actions button")
    buttons[1].click()  # "Done, with result…"
    summary = f"浏览器测试 {uuid.uuid4().hex[:8]}"
    visible(driver, f"#summary-{task_id}").send_keys(summary)
    driver.find_element(By.ID, f"outcome-{task_id}").send_keys("客户满意")
    task.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait(driver).until(lambda d: "done" in d.find_element(By.CSS_SELECTOR, f'.task[data-id="{task_id}"]').get_attribute("class"))
    driver.get(customer_link)
    visible(driver, "#timeline .timeline-item")
    settled(driver)
    timeline = driver.find_element(By.ID, "timeline").text
    assert summary in timeline, f"{summary!r} not in the timeline: {timeline[:300]!r}"


@step
def completes_a_follow_up_in_one_click(driver):
    go(driver, "/agenda", ".page-agenda")
    task = driver.find_element(By.CSS_SELECTOR, ".task:not(.done)")
    task_id = task.get_attribute("data-id")
    task.find_element(By.CSS_SELECTOR, ".actions button.primary").click()
    wait(driver).until(lambda d: "done" in d.find_element(By.CSS_SELECTOR, f'.task[data-id="{task_id}"]').get_attribute("class"))
    go(driver, "/agenda", ".page-agenda")  # after a reload the server shows it done too
    assert not driver.find_elements(By.CSS_SELECTOR, f'.task[data-id="{task_id}"]:not(.done)')


@step
def searches_customers_in_chinese(driver):
    go(driver, "/customers", ".page-customers")
    search = visible(driver, "#customer-search")
    search.send_keys("张")
    wait(driver).until(lambda d: "q=" in d.current_url and d.find_elements(By.CSS_SELECTOR, "#customer-results .customer-name"))
    settled(driver)
    names = [node.text for node in driver.find_elements(By.CSS_SELECTOR, "#customer-results .customer-row")]
    assert names and all("张" in name for name in names), names[:5]


@step
def opens_a_customer_file(driver):
    first = driver.find_element(By.CSS_SELECTOR, "#customer-results .customer-name")
    name = first.text
    first.click()
    visible(driver, "#customer-profile dl")
    settled(driver)
    assert driver.find_element(By.CSS_SELECTOR, ".page-customer h1").text.startswith(name)
    for section in ("#customer-timeline", "#customer-purchases", "#customer-interactions", "#customer-duplicates"):
        visible(driver, section)


@step
def edits_the_profile_and_handles_a_conflict(driver):
    clickable(driver, "#edit-profile").click()
    notes = visible(driver, "#edit-notes")
    # Someone else saves first: the console's If-Match is now stale and must get 412.
    customer_id = driver.current_url.rsplit("/", 1)[-1]
    driver.execute_script("""
        const key = sessionStorage.getItem('kehu.apiKey'), id = arguments[0];
        const get = new XMLHttpRequest(); get.open('GET', '/v1/customers/' + id, false);
        get.setRequestHeader('Authorization', 'Bearer ' + key); get.send();
        const put = new XMLHttpRequest(); put.open('PATCH', '/v1/customers/' + id, false);
        put.setRequestHeader('Authorization', 'Bearer ' + key);
        put.setRequestHeader('Content-Type', 'application/json');
        put.setRequestHeader('If-Match', get.getResponseHeader('ETag'));
        put.send(JSON.stringify({occupation: '同事改过'}));""", customer_id)
    notes.clear()
    notes.send_keys("控制台测试备注")
    driver.find_element(By.CSS_SELECTOR, ".edit-form button[type=submit]").click()
    visible(driver, "#edit-conflict")
    clickable(driver, "#edit-conflict button").click()
    notes = visible(driver, "#edit-notes")
    assert driver.find_element(By.ID, "edit-occupation").get_attribute("value") == "同事改过"
    notes.clear()
    notes.send_keys("控制台测试备注")
    driver.find_element(By.CSS_SELECTOR, ".edit-form button[type=submit]").click()
    wait(driver).until(lambda d: "控制台测试备注" in d.find_element(By.CSS_SELECTOR, "#customer-profile dl").text)


@step
def moves_a_complaint_to_resolved(driver):
    go(driver, "/feedback", ".page-feedback")
    card = driver.find_element(By.CSS_SELECTOR, '.feedback-card:has(button[data-to="resolved"])') \
        if driver.find_elements(By.CSS_SELECTOR, '.feedback-card button[data-to="resolved"]') else None
    if card is None:
        # Walk one open item along the workflow until resolving is allowed.
        card = driver.find_element(By.CSS_SELECTOR, '.column[data-status="open"] .feedback-card')
        item_id = card.get_attribute("data-id")
        for to in ("acknowledged", "in_progress"):
            clickable(driver, f'.feedback-card[data-id="{item_id}"] button[data-to="{to}"]').click()
            visible(driver, f'.column[data-status="{to}"] .feedback-card[data-id="{item_id}"]')
        card = driver.find_element(By.CSS_SELECTOR, f'.feedback-card[data-id="{item_id}"]')
    item_id = card.get_attribute("data-id")
    allowed = [b.get_attribute("data-to") for b in card.find_elements(By.CSS_SELECTOR, "button[data-to]")]
    assert "closed" not in allowed, f"a card offers a move the workflow forbids: {allowed}"
    card.find_element(By.CSS_SELECTOR, 'button[data-to="resolved"]').click()
    visible(driver, f"#resolution-{item_id}").send_keys("已退款并致歉")
    card.find_element(By.CSS_SELECTOR, ".resolution-form button[type=submit]").click()
    visible(driver, f'.column[data-status="resolved"] .feedback-card[data-id="{item_id}"]')
    # The server agrees: the item is resolved now.
    status = driver.execute_script("""
        const r = new XMLHttpRequest(); r.open('GET', '/v1/feedback/' + arguments[0], false);
        r.setRequestHeader('Authorization', 'Bearer ' + sessionStorage.getItem('kehu.apiKey')); r.send();
        return JSON.parse(r.responseText).status;""", item_id)
    assert status == "resolved", status


DRAG = """
    const [card, column] = arguments, data = new DataTransfer();
    const fire = (node, type) => node.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: data}));
    fire(card, 'dragstart'); fire(column, 'dragover'); fire(column, 'drop'); fire(card, 'dragend');"""


@step
def drags_only_along_the_workflow(driver):
    go(driver, "/feedback", ".page-feedback")
    card = driver.find_element(By.CSS_SELECTOR, '.column[data-status="open"] .feedback-card')
    item_id = card.get_attribute("data-id")
    # open → closed is not a move the workflow allows: the drop is refused and nothing is sent.
    driver.execute_script(DRAG, card, driver.find_element(By.CSS_SELECTOR, '.column[data-status="closed"]'))
    time.sleep(0.5)
    assert driver.find_elements(By.CSS_SELECTOR, f'.column[data-status="open"] .feedback-card[data-id="{item_id}"]')
    # Had the console sent the move anyway, the server's 409 would show at the top.
    assert driver.execute_script(
        "const f = document.getElementById('flash'); return f.hidden || !f.classList.contains('error')"
    ), "a refused drop reached the server"
    # open → acknowledged is allowed.
    driver.execute_script(DRAG, card, driver.find_element(By.CSS_SELECTOR, '.column[data-status="acknowledged"]'))
    visible(driver, f'.column[data-status="acknowledged"] .feedback-card[data-id="{item_id}"]')


@step
def opens_the_dashboard_with_every_chart_drawn(driver):
    sign_out(driver)
    sign_in(driver, MANAGER_KEY)
    go(driver, "/dashboard", ".page-dashboard")
    charts = driver.find_elements(By.CSS_SELECTOR, "figure.chart")
    kinds = sorted({chart.get_attribute("data-chart") for chart in charts})
    assert kinds == ["bar", "donut", "funnel", "line"], kinds
    assert len(charts) == 6, len(charts)
    for chart in charts:
        title = chart.find_element(By.TAG_NAME, "figcaption").text
        marks = chart.find_elements(By.CSS_SELECTOR, "svg .mark")
        labels = [t.text for t in chart.find_elements(By.CSS_SELECTOR, "svg text") if t.text.strip()]
        assert title and marks and labels, f"chart {title!r}: {len(marks)} marks, labels {labels[:3]}"
    assert driver.find_elements(By.CSS_SELECTOR, "#churn-risk tbody tr"), "the churn-risk list is empty"


@step
def merges_a_duplicate_and_undoes_it(driver):
    pair = driver.execute_script("""
        const r = new XMLHttpRequest(); r.open('GET', '/v1/customers/duplicates?limit=1', false);
        r.setRequestHeader('Authorization', 'Bearer ' + sessionStorage.getItem('kehu.apiKey')); r.send();
        return JSON.parse(r.responseText).data[0];""")
    assert pair, "the demo data has no duplicate pair"
    target, source = pair["customers"][0]["id"], pair["customers"][1]["id"]
    go(driver, f"/customers/{target}", ".page-customer")
    clickable(driver, "#customer-duplicates .duplicate button").click()
    clickable(driver, "#customer-duplicates button.primary").click()
    visible(driver, "#customer-duplicates .success")  # merged
    clickable(driver, "#customer-duplicates .success + button").click()  # undo
    wait(driver).until(lambda d: "合并已撤销" in d.execute_script(
        "return document.querySelector('#customer-duplicates').textContent"))
    status = driver.execute_script("""
        const r = new XMLHttpRequest(); r.open('GET', '/v1/customers/' + arguments[0], false);
        r.setRequestHeader('Authorization', 'Bearer ' + sessionStorage.getItem('kehu.apiKey')); r.send();
        return JSON.parse(r.responseText).status;""", source)
    assert status == "active", f"the merged customer is {status} after undo"


@step
def switches_to_english(driver):
    go(driver, "/dashboard", ".page-dashboard")
    clickable(driver, "#lang").click()
    wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, ".page-dashboard h1").text == "Dashboard")
    settled(driver)
    assert "¥" in driver.find_element(By.CSS_SELECTOR, ".tiles").text
    clickable(driver, "#lang").click()


@step
def logs_no_browser_errors(driver):
    # The wrong key (401) and the provoked conflict (412) are expected network answers;
    # anything else, script errors and CSP violations above all, fails.
    expected = ("status of 401", "status of 412")
    errors = [e for e in console_errors(driver)
              if not (e.get("source") == "network" and any(text in e["message"] for text in expected))]
    assert not errors, errors


def api(method, path, body=None):
    request = urllib.request.Request(URL + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"Bearer {REP_KEY}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


def give_the_rep_open_tasks(count=3):
    """The demo's tasks fall on days relative to the moment of seeding, so how many open
    ones a rep's agenda holds depends on the hour the tests run (CI once found only one for
    the two completing steps). Overdue tasks are always on the agenda: add a few."""
    customer = api("GET", "/v1/customers?limit=1")["data"][0]["id"]
    due = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    for n in range(count):
        api("POST", "/v1/follow-ups", {"customerId": customer, "dueAt": due, "kind": "call", "purpose": f"浏览器测试任务 {n + 1}"})


def give_the_board_open_feedback(count=2):
    """Likewise the demo's feedback: an item stays open only until its first response, due
    within hours of its intake, so at some hours the seed leaves none open (the board's
    workflow steps then found no open card). Add a few, as the rep."""
    customer = api("GET", "/v1/customers?limit=1")["data"][0]["id"]
    for n in range(count):
        api("POST", "/v1/feedback", {"customerId": customer, "kind": "complaint", "channel": "phone",
                                     "subject": f"浏览器测试投诉 {n + 1}", "body": "送货延误", "urgency": "normal"})


def main():
    give_the_rep_open_tasks()
    give_the_board_open_feedback()
    driver = make_driver()
    started = time.monotonic()
    try:
        for function in steps:
            begun = time.monotonic()
            try:
                function(driver)
            except Exception:
                traceback.print_exc()
                driver.save_screenshot("/tmp/kehu-browser-failure.png")
                with open("/tmp/kehu-browser-failure.html", "w", encoding="utf-8") as out:
                    out.write(driver.page_source)
                print(f"FAILED {function.__name__} (screenshot /tmp/kehu-browser-failure.png)")
                return 1
            print(f"ok  {function.__name__} ({time.monotonic() - begun:.1f} s)")
        print(f"browser tests: {len(steps)} passed in {time.monotonic() - started:.1f} s")
        return 0
    finally:
        driver.quit()


if __name__ == "__main__":
    sys.exit(main())
