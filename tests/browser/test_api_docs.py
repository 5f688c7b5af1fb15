import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_documentation_renders_within_the_content_security_policy(live_server, page):
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', event =>"
        " console.error('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI));"
    )

    page.goto(f"{live_server.url}/api/docs/")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Yhdistysportaali API")
    expect(page.get_by_text("/api/v1/associations/").first).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "fi"
    assert problems == [], "\n".join(problems)
    assert_accessible(page)
