"""Comments in a real browser: keyboard only, inert XSS, every state accessible and valid."""

from pprint import pformat

import pytest
from wagtail.models import Site

from members.comments import services
from members.comments.models import Comment, CommentSettings, Policy
from tests.comments.conftest import make_item
from tests.factories import UserFactory

from .checks import audit, audit_here, html_errors, log_in, tab_to

pytestmark = pytest.mark.django_db(transaction=True)

# Each payload, if it ever ran, would set window.__xss or open a dialog.
XSS_PAYLOADS = [
    "<script>window.__xss=1</script>",
    "<img src=x onerror=window.__xss=1>",
    "<svg onload=window.__xss=1>",
    "<svg><script>window.__xss=1</script></svg>",
    "<iframe src=javascript:window.__xss=1>",
    "<body onload=window.__xss=1>",
    "<a href=javascript:window.__xss=1>klik</a>",
    "javascript:window.__xss=1",
    "<details open ontoggle=window.__xss=1>",
    "<input autofocus onfocus=window.__xss=1>",
    "<select autofocus onfocus=window.__xss=1>",
    "<textarea autofocus onfocus=window.__xss=1>",
    "<video><source onerror=window.__xss=1>",
    "<audio src=x onerror=window.__xss=1>",
    "<marquee onstart=window.__xss=1>",
    "<object data=javascript:window.__xss=1>",
    "<embed src=javascript:window.__xss=1>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    "\"><script>window.__xss=1</script>",
    "'><script>window.__xss=1</script>",
    "</textarea><script>window.__xss=1</script>",
    "</p><script>window.__xss=1</script><p>",
    "<scr<script>ipt>window.__xss=1</script>",
    "<SCRIPT SRC=//x.example/x.js></SCRIPT>",
    "<img src=\"x\" onerror=\"window.__xss=1\">",
    "<img src=x:x onerror=&#119;indow.__xss=1>",
    "<img/src/onerror=window.__xss=1>",
    "<svg/onload=window.__xss=1>",
    "<style>@import 'javascript:window.__xss=1';</style>",
    "<link rel=stylesheet href=javascript:window.__xss=1>",
    "<meta http-equiv=refresh content=\"0;url=javascript:window.__xss=1\">",
    "<form action=javascript:window.__xss=1><button>x</button></form>",
    "<button formaction=javascript:window.__xss=1>x</button>",
    "<isindex action=javascript:window.__xss=1 type=image>",
    "<base href=javascript:window.__xss=1//>",
    "<div style=\"background:url(javascript:window.__xss=1)\">",
    "<div onmouseover=window.__xss=1>beweeg</div>",
    "<a href=\"https://loc.nl\" onclick=window.__xss=1>loc</a>",
    "https://loc.nl/\"onmouseover=\"window.__xss=1",
    "https://loc.nl/<script>window.__xss=1</script>",
    "www.loc.nl/\"><img src=x onerror=window.__xss=1>",
    "mailto:a@b.nl\"><script>window.__xss=1</script>",
    "&lt;script&gt;window.__xss=1&lt;/script&gt;",
    "%3Cscript%3Ewindow.__xss=1%3C/script%3E",
    "{{ 7*7 }}<script>window.__xss=1</script>",
    "{% debug %}<img src=x onerror=window.__xss=1>",
    "<noscript><p title=\"</noscript><img src=x onerror=window.__xss=1>\">",
    "<template><script>window.__xss=1</script></template>",
    "<svg><animate onbegin=window.__xss=1 attributeName=x dur=1s>",
    "<xss id=x tabindex=1 onfocus=window.__xss=1></xss>",
    "data:text/html,<script>window.__xss=1</script>",
    "<img src=`x` onerror=`window.__xss=1`>",
]


@pytest.fixture
def item(demo_content):
    return make_item("Terugblik op de sparsessie")


@pytest.fixture
def policy(demo_content):
    def set_policy(value):
        comment_settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
        comment_settings.policy = value
        comment_settings.save()
    return set_policy


NAME_PAYLOAD = "<img src=x onerror=window.__xss=1>Mies"
ORGANISATION_PAYLOAD = "\"><script>window.__xss=1</script>Zorggroep"


def test_xss_payloads_stay_inert(item, page):
    assert len(XSS_PAYLOADS) >= 50
    author = UserFactory(display_name=NAME_PAYLOAD, organisation=ORGANISATION_PAYLOAD)
    for payload in XSS_PAYLOADS:
        Comment.objects.create(item=item, author=author, body=payload, status="published")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    shown = []
    # More payloads than threads per page: the older ones are on the second page.
    for url in (item.url, f"{item.url}?reacties=2"):
        page.goto(url)
        page.wait_for_load_state("load")
        bodies = page.locator(".comment__body")
        # Hover and focus everything a payload could have hooked into.
        page.mouse.move(10, 10)
        for index in range(bodies.count()):
            bodies.nth(index).hover()
        shown += bodies.all_inner_texts()
        assert page.evaluate("window.__xss") is None
        assert dialogs == []
        injected = page.evaluate("""() => Array.from(document.querySelectorAll('.comment__body *'))
            .map(el => el.tagName.toLowerCase()).filter(tag => !['p', 'br', 'a'].includes(tag))""")
        assert injected == []
        links = page.evaluate("""() => Array.from(document.querySelectorAll('.comment__body a'))
            .map(a => [a.getAttribute('href'), a.getAttribute('rel'),
                       a.getAttributeNames().join(' ')])""")
        for href, rel, names in links:
            assert href.startswith(("http://", "https://", "mailto:")), href
            assert rel == "nofollow ugc noopener"
            assert names == "href rel"
        assert page.locator(".comment__author").first.inner_text() == (
            f"{NAME_PAYLOAD}, {ORGANISATION_PAYLOAD}")
        assert page.locator(".comment__author img, .comment__author script").count() == 0
    assert len(shown) == len(XSS_PAYLOADS)
    # The text itself is shown, escaped, not swallowed.
    assert "<script>window.__xss=1</script>" in shown


def test_xss_payloads_posted_through_the_form_stay_inert(item, page, live_server, policy):
    """The real path: typed into the textarea, posted with the form, shown to the next reader."""
    policy(Policy.NONE)
    writer = UserFactory(display_name=NAME_PAYLOAD, organisation=ORGANISATION_PAYLOAD)
    payloads = [
        "<script>window.__xss=1</script>",
        "<img src=x onerror=window.__xss=1>\n<svg onload=alert(1)>",
        "</textarea><script>window.__xss=1</script>",
        "https://loc.nl/\"onmouseover=\"window.__xss=1 en javascript:alert(1)",
    ]
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, writer, live_server.url)
    for payload in payloads:
        page.goto(item.url)
        page.locator("#id_body").fill(payload)
        with page.expect_navigation():
            page.locator("#reactie-plaatsen ~ .comment-form button[type=submit]").click()
    assert list(Comment.objects.order_by("pk").values_list("body", flat=True)) == payloads

    # A reader (logged out) opens the item; hover everything a payload could hook into.
    page.context.clear_cookies()
    page.goto(item.url)
    page.wait_for_load_state("load")
    bodies = page.locator(".comment__body")
    assert bodies.count() == len(payloads)
    for index in range(bodies.count()):
        bodies.nth(index).hover()
    assert page.evaluate("window.__xss") is None
    assert dialogs == []
    assert page.js_errors == []
    assert page.locator(".comment__body script, .comment__body img, .comment__body svg, "
                        ".comment__author img, .comment__author script").count() == 0
    assert bodies.nth(0).inner_text() == payloads[0]
    assert bodies.nth(1).inner_text() == payloads[1]
    assert bodies.nth(2).inner_text() == payloads[2]
    assert page.locator(".comment__author").first.inner_text() == (
        f"{NAME_PAYLOAD}, {ORGANISATION_PAYLOAD}")
    for href in bodies.nth(3).locator("a").evaluate_all("links => links.map(a => a.href)"):
        assert href.startswith("https://loc.nl/"), href


def test_post_edit_and_reply_by_keyboard(item, page, live_server, policy):
    policy(Policy.NONE)
    writer, other = UserFactory(first_name="Joke"), UserFactory(first_name="Piet")
    question = services.post_comment(other, item, "Wie gebruikt de Mat al?")
    log_in(page, writer, live_server.url)
    page.goto(item.url)

    tab_to(page, "#id_body")
    page.keyboard.type("Wij gebruiken de Mat sinds dit jaar.")
    tab_to(page, "#reactie-plaatsen ~ .comment-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    mine = Comment.objects.get(author=writer)
    assert page.locator(f"#reactie-{mine.pk}").is_visible()

    tab_to(page, f"a[href='/reacties/{mine.pk}/bewerken/']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/reacties/{mine.pk}/bewerken/")
    tab_to(page, "#id_body")
    page.keyboard.press("Control+A")
    page.keyboard.type("Wij gebruiken de Mat sinds dit voorjaar.")
    tab_to(page, "form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"#reactie-{mine.pk}")
    assert "sinds dit voorjaar" in page.locator(f"#reactie-{mine.pk}").inner_text()

    # The page's one reply form: the "Reageer" button moves it under the question.
    assert page.locator("#antwoord").is_hidden()
    tab_to(page, f"[data-reply-to='{question.pk}']")
    page.keyboard.press("Enter")
    assert page.locator(f"#reactie-{question.pk} ~ #antwoord").is_visible()
    assert page.locator("#id_reply-body").evaluate("el => el === document.activeElement")
    assert page.locator("#id_reply-parent").input_value() == str(question.pk)
    page.keyboard.type("En het werkt goed!")
    tab_to(page, "#antwoord button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    reply = Comment.objects.get(body="En het werkt goed!")
    assert reply.parent == question
    assert page.locator(f"#reactie-{reply.pk}").is_visible()
    assert page.js_errors == []


def test_every_comment_state_is_accessible_and_valid(item, page, live_server, policy):
    writer = UserFactory()
    other = UserFactory()
    policy(Policy.NONE)
    published = services.post_comment(other, item, "Een gewone reactie met https://loc.nl")
    services.post_comment(writer, item, "Antwoord", parent=published)
    policy(Policy.ALL)
    closed = make_item("Gesloten bericht", comments_open=False)
    failures, documents = {}, {}

    def check(label, raw, problems):
        documents[label] = raw
        if problems:
            failures[label] = problems

    check("logged out", *audit(page, item.url))
    check("closed", *audit(page, closed.url))
    log_in(page, writer, live_server.url)
    page.goto(item.url)
    page.locator("#reactie-plaatsen ~ .comment-form button[type=submit]").click()
    assert page.locator(".error-summary").is_visible()
    check("error", *audit_here(page))
    page.locator("#id_body").fill("Graag goedkeuren")
    with page.expect_navigation():
        page.locator("#reactie-plaatsen ~ .comment-form button[type=submit]").click()
    assert page.locator(".comment--pending").is_visible()
    check("pending", *audit_here(page))
    mine = Comment.objects.get(body="Graag goedkeuren")
    check("edit", *audit(page, f"/reacties/{mine.pk}/bewerken/"))
    check("delete", *audit(page, f"/reacties/{mine.pk}/verwijderen/"))
    check("report", *audit(page, f"/reacties/{published.pk}/melden/"))
    check("all my comments", *audit(page, "/reacties/mijn/"))
    check("mijn loc with the reply-mail switch", *audit(page, "/mijn-loc/"))
    token = services.unsubscribe_token(writer)
    check("unsubscribe", *audit(page, f"/reacties/afmelden/{token}/"))
    for label, errors in html_errors(documents).items():
        failures.setdefault(label, []).extend(f"html {error}" for error in errors)
    assert not failures, pformat(failures, width=120)


def test_focus_lands_on_the_message_after_posting(item, page, live_server, policy):
    policy(Policy.NONE)
    log_in(page, UserFactory(), live_server.url)
    page.goto(item.url)
    page.locator("#id_body").fill("Een reactie om te plaatsen.")
    with page.expect_navigation():
        page.locator("#reactie-plaatsen ~ .comment-form button[type=submit]").click()
    page.wait_for_load_state("load")
    focused = page.evaluate("""() => {
        const box = document.activeElement.closest('[data-focus-on-load]');
        return box ? box.innerText : document.activeElement.tagName;
    }""")
    assert "geplaatst" in focused
