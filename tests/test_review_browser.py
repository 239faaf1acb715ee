"""The review pages in a real headless browser: Chromium from the system's packages, driven
by Selenium through the system's chromedriver (``.ci/run`` installs both; without them these
tests are skipped, unless RENOVEX_BROWSER_TESTS=required says they must run).

Screenshots go to ``.cache/screenshots/`` (or $RENOVEX_SCREENSHOTS) for a person to look at.
"""
import json
import os
import shutil
from pathlib import Path

import pytest

from renovex.cli import main

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
REQUIRED = os.environ.get("RENOVEX_BROWSER_TESTS") == "required"

ARTICLES = [  # written for this test
    ("yc", "2024-02-10", "Yinchuan plans to renovate 230 old communities in 2024, benefiting about 18,500 "
                         "households. Last year, Ningxia completed the renovation of 410 old residential "
                         "communities."),
    ("hf", "2023-05-04", "In 2023, Hefei will renovate 95 old communities and install 120 elevators. "
                         "By the end of April, the city had started work on 41 of the communities."),
    ("lz", "2023-03-02", "Lanzhou completed the renovation of 365 old communities last year, benefiting "
                         "52,400 households, and plans to renovate 412 more this year."),
]


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM and CHROMEDRIVER):
        if REQUIRED:
            pytest.fail("RENOVEX_BROWSER_TESTS=required but chromium or chromedriver is not installed")
        pytest.skip("chromium and chromedriver are not installed (Debian: chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    # Headless, and no background connections: this machine's network is closed.
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1100,900"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review")
    source = folder / "articles.jsonl"
    source.write_text("".join(json.dumps({"id": i, "published": p, "text": t}) + "\n" for i, p, t in ARTICLES),
                      encoding="utf-8")
    assert main(["show", str(source), "-o", str(folder / "review.html"), "--per-page", "2"]) == 0
    return folder


def shots() -> Path:
    folder = Path(os.environ.get("RENOVEX_SCREENSHOTS") or ROOT / ".cache" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_clicking_a_record_highlights_its_evidence_and_back(browser, pages):
    from selenium.webdriver.common.by import By

    browser.set_window_size(1100, 900)
    browser.get((pages / "review-001.html").as_uri())
    link = browser.find_elements(By.CSS_SELECTOR, "a.evlink")[0]
    key, wanted = link.get_attribute("data-ev"), link.text
    link.click()
    lit = browser.find_elements(By.CSS_SELECTOR, ".ev.hit")
    assert lit and {e.get_attribute("data-ev") for e in lit} == {key}
    assert "".join(e.text for e in lit).replace("\n", " ").strip() == wanted.strip()
    row = browser.find_element(By.CSS_SELECTOR, f'tr[data-ev="{key}"]')
    assert "hit" in row.get_attribute("class").split(), "its row is lit too"
    browser.save_screenshot(str(shots() / "review-record-clicked.png"))

    # the other way: clicking evidence in the article lights the record's row
    other = browser.find_elements(By.CSS_SELECTOR, "a.evlink")[1].get_attribute("data-ev")
    browser.execute_script("arguments[0].scrollIntoView({block:'center'})",
                           browser.find_element(By.ID, other))
    browser.find_element(By.ID, other).click()
    lit_rows = browser.find_elements(By.CSS_SELECTOR, "tr.hit")
    assert [r.get_attribute("data-ev") for r in lit_rows] == [other]


def test_a_rule_link_opens_its_glossary_entry(browser, pages):
    from selenium.webdriver.common.by import By

    browser.set_window_size(1100, 900)
    browser.get((pages / "review-001.html").as_uri())
    rule = browser.find_element(By.CSS_SELECTOR, ".rules a")
    target = rule.get_attribute("href").split("#")[1]
    browser.execute_script("arguments[0].scrollIntoView({block:'center'})", rule)
    rule.click()
    assert browser.execute_script("return location.hash") == "#" + target
    entry = browser.find_element(By.CSS_SELECTOR, "dt:target")
    assert entry.get_attribute("id") == target and entry.is_displayed()


def test_the_page_fits_a_notebook_width(browser, pages):
    browser.set_window_size(560, 900)
    browser.get((pages / "review-001.html").as_uri())
    inner, scroll = browser.execute_script(
        "return [window.innerWidth, document.documentElement.scrollWidth]")
    assert scroll <= inner, "only the records table scrolls sideways, inside its own box"
    browser.save_screenshot(str(shots() / "review-narrow.png"))


def test_the_index_has_charts_and_reaches_every_article(browser, pages):
    from selenium.webdriver.common.by import By

    browser.set_window_size(1100, 900)
    browser.get((pages / "review.html").as_uri())
    charts = browser.find_elements(By.CSS_SELECTOR, "figure.chart svg")
    assert len(charts) == 4 and all(c.size["height"] > 10 for c in charts)
    assert browser.find_elements(By.CSS_SELECTOR, "figure.chart rect"), "bars are drawn"
    browser.save_screenshot(str(shots() / "review-index.png"))
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "section.index a")]
    assert len(links) == len(ARTICLES)
    browser.get(links[-1])
    anchor = links[-1].split("#")[1]
    assert browser.find_element(By.ID, anchor).find_element(By.TAG_NAME, "h2").text == ARTICLES[-1][0]
    assert browser.find_elements(By.CSS_SELECTOR, "nav.pager a[rel=prev]"), "the last page links back"


def test_two_reviews_in_one_notebook_page_keep_apart(browser, tmp_path):
    """A notebook shows each ``renovex.render`` output in its own cell of one page."""
    import renovex
    from selenium.webdriver.common.by import By

    cells = [renovex.render(text, published, doc_id=name) for name, published, text in ARTICLES[:2]]
    notebook = tmp_path / "notebook.html"
    notebook.write_text("<!DOCTYPE html><html><body>" + "".join(f'<div class="cell">{c}</div>' for c in cells)
                        + "</body></html>", encoding="utf-8")
    browser.set_window_size(1100, 900)
    browser.get(notebook.as_uri())
    second = browser.find_elements(By.CSS_SELECTOR, ".cell")[1]
    link = second.find_elements(By.CSS_SELECTOR, "a.evlink")[0]
    browser.execute_script("arguments[0].scrollIntoView({block:'center'})", link)
    link.click()
    lit = browser.find_elements(By.CSS_SELECTOR, ".ev.hit")
    assert lit and {e.get_attribute("data-ev") for e in lit} == {link.get_attribute("data-ev")}
    rule = second.find_element(By.CSS_SELECTOR, ".rules a")
    target = rule.get_attribute("href").split("#")[1]
    assert second.find_elements(By.ID, target), "the rule link lands in its own cell's glossary"
