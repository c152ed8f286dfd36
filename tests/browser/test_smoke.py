"""Smoke test: the built home page opens in chromium, has a title and is marked as Dutch."""


def test_home_page(page, screenshot):
    response = page.goto("/")
    assert response is not None and response.ok
    assert page.title().strip()
    assert page.locator("html").get_attribute("lang") == "nl"
    screenshot(page, "smoke-home")


def test_home_page_mobile(mobile_page):
    mobile_page.goto("/")
    assert mobile_page.title().strip()
    assert mobile_page.locator("html").get_attribute("lang") == "nl"
