"""The Content-Security-Policy, enforced by a real Chromium, on every page type, every form state
and the admin screens an editor uses: any violation Chromium reports fails the test.

Chromium says so in three ways, all watched: a `securitypolicyviolation` event in the document
(a listener in every frame, installed before the page's own scripts, hands it to Python), a
console message naming the Content Security Policy, and a report to /csp-report/ (whose
warnings the test reads from the log). `test_the_detector_catches_inline_code` proves the
watchers see a violation when there is one.
"""

import time
from pprint import pformat

import pytest
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.models import Page

from cms.core.models import Theme
from cms.news.models import ArticlePage
from tests.comments.conftest import make_item
from tests.factories import UserFactory

from .checks import log_in

pytestmark = pytest.mark.django_db(transaction=True)

LISTENER = """
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolation({
    document: event.documentURI, directive: event.effectiveDirective,
    blocked: event.blockedURI, source: event.sourceFile, line: event.lineNumber,
    sample: event.sample,
  });
}, true);
"""
VIDEO_URL = "https://www.youtube.com/watch?v=csp-test"
PLAYER = ('<iframe width="200" height="113" src="https://www.youtube.com/embed/csp-test" '
          'allowfullscreen></iframe>')


class Watcher:
    """Everything Chromium reports about the policy, per page visited."""

    def __init__(self, page, caplog):
        self.page, self.caplog = page, caplog
        self.found = []
        page.context.expose_function("__cspViolation", lambda v: self.found.append(v))
        page.context.add_init_script(LISTENER)
        page.context.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.found.append({"console": message.text, "document": message.page.url
                               if message.page else "?"})

    def visit(self, url, status=200):
        response = self.page.goto(url)
        assert response is not None and response.status == status, (url, response and
                                                                     response.status)
        self.settle()
        return response

    def settle(self):
        """Let queued violation events and console messages reach Python."""
        self.page.wait_for_load_state("load")
        self.page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r)))")

    def reports(self):
        return [r.getMessage() for r in self.caplog.records if r.name == "cms.csp"]

    def problems(self):
        self.settle()
        return self.found + [{"report": message} for message in self.reports()]


@pytest.fixture
def watcher(page, caplog):
    return Watcher(page, caplog)


@pytest.fixture
def article_with_video(demo_content):
    """A demo article with a video player: frame-src must let the provider's frame in."""
    Embed.objects.create(url=VIDEO_URL, hash=get_embed_hash(VIDEO_URL), type="video",
                         html=PLAYER, title="Video", provider_name="YouTube", width=200,
                         height=113)
    article = ArticlePage.objects.live().filter(comments_open=True).first()
    article.body.append(("embed", {"video": VIDEO_URL, "title": "Een video"}))
    article.save_revision().publish()
    article.refresh_from_db()
    return article


def public_urls():
    pages = Page.objects.live().public().filter(depth__gt=1).specific()
    theme = Theme.objects.first()
    return sorted({page.url for page in pages}) + [
        f"/nieuws/thema/{theme.slug}/", "/agenda/archief/", "/zoeken/?q=ondersteuner",
        "/zoeken/?q=qwxzv", "/account/login/", "/account/signup/", "/account/password/reset/",
        "/account/login/code/", "/privacy/",
    ]


def test_public_pages_and_forms_have_no_violations(watcher, article_with_video, live_server):
    page = watcher.page
    urls = public_urls()
    assert len(urls) > 15, urls
    for url in urls:
        watcher.visit(url)
    watcher.visit("/bestaat-niet/", status=404)
    watcher.visit(article_with_video.url)
    assert page.locator("iframe[src^='https://www.youtube.com/embed/']").count() == 1

    # Form states: errors shown by the server, as a visitor sees them.
    offering = next(url for url in urls if url.startswith("/aanbod/") and url != "/aanbod/")
    watcher.visit(offering)
    page.locator("form[action$='#aanvragen'] button[type=submit], #aanvragen button[type=submit]"
                 ).first.click()
    page.wait_for_selector("[data-error-summary]")
    watcher.settle()
    watcher.visit("/account/signup/")
    page.fill("#id_email", "iemand@example.nl")
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-error-summary]")
    watcher.settle()
    watcher.visit("/account/login/")
    page.fill("#id_login", "niemand@example.nl")
    page.fill("#id_password", "helemaal-fout")
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-error-summary]")
    watcher.settle()
    assert watcher.problems() == [], pformat(watcher.problems(), width=120)


def test_member_pages_and_forms_have_no_violations(watcher, demo_content, live_server):
    page = watcher.page
    member = UserFactory(first_name="Mila", last_name="Lid")
    item = make_item("Een bericht met reacties", comments_open=True)
    log_in(page, member, live_server.url)
    watcher.visit("/mijn-loc/")
    watcher.visit("/mijn-loc/profiel/")
    watcher.visit("/mijn-loc/lidmaatschap/aanmelden/netwerk/")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_selector("[data-error-summary]")
    watcher.settle()
    # The comment form's error state: an empty comment.
    watcher.visit(item.url)
    page.locator(".comment-form:not(details .comment-form) button[type=submit]").click()
    page.wait_for_selector("[data-error-summary]")
    watcher.settle()
    assert watcher.problems() == [], pformat(watcher.problems(), width=120)


def test_admin_pages_an_editor_uses_have_no_violations(watcher, article_with_video,
                                                       live_server):
    page = watcher.page
    from django.contrib.auth.models import Group

    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Redactie"))
    log_in(page, editor, live_server.url)
    article = article_with_video
    image = get_image_model().objects.first()
    for url in ["/admin/", "/admin/pages/", f"/admin/pages/{article.get_parent().pk}/",
                "/admin/snippets/", "/admin/snippets/core/theme/", "/admin/images/",
                f"/admin/images/{image.pk}/", f"/admin/pages/{article.pk}/edit/"]:
        watcher.visit(url)
    # The page editor's preview panel frames the page as it would be published.
    page.locator("[data-side-panel-toggle='preview']").click()
    page.frame_locator("iframe.w-preview__iframe").last.locator("main#main").wait_for(
        state="attached")
    watcher.settle()
    # The image chooser (a modal the editor loads on demand).
    page.locator(".image-chooser [data-chooser-action-choose]").first.dispatch_event("click")
    page.locator(".modal-dialog .image-choice, .modal-dialog a[data-chooser-modal-choice]"
                 ).first.wait_for()
    watcher.settle()
    # The editor on the public site: the strict policy, with Wagtail's userbar on top.
    watcher.visit(article.url)
    page.locator("wagtail-userbar").wait_for(state="attached")
    watcher.settle()
    assert watcher.problems() == [], pformat(watcher.problems(), width=120)


def test_the_detector_catches_inline_code(watcher, demo_content, live_server):
    """Our own page with our real headers, plus an inline script, an inline style and an
    onclick: each must be blocked and seen. The report endpoint gets the browser's report
    (report-uri, as Firefox and Safari send it: Chromium prefers report-to, which it sends
    a minute later, so that header is dropped here)."""
    page = watcher.page

    def inject(route):
        response = route.fetch()
        headers = dict(response.headers)
        policy = headers["content-security-policy"]
        headers["content-security-policy"] = "; ".join(
            part for part in policy.split("; ") if not part.startswith("report-to"))
        body = response.text().replace(
            "</main>",
            '<script>window.__inline = 1</script><p style="color: red">x</p>'
            '<button onclick="window.__clicked = 1" id="csp-probe">x</button></main>')
        route.fulfill(response=response, headers=headers, body=body)

    page.route("**/nieuws/", inject)
    watcher.visit("/nieuws/")
    page.click("#csp-probe")
    assert page.evaluate("window.__inline") is None  # blocked, not just reported
    assert page.evaluate("window.__clicked") is None
    directives = {v.get("directive") for v in watcher.found if "directive" in v}
    assert {"script-src-elem", "style-src-attr", "script-src-attr"} <= directives, watcher.found
    assert any("console" in v for v in watcher.found), watcher.found
    deadline = time.monotonic() + 10
    while len(watcher.reports()) < 3 and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert any("script-src-elem blocked inline" in line for line in watcher.reports()), (
        watcher.reports())
