"""Screenshots of the main page types at 375 and 1280 px, for the README and design reviews.

Run against a dev server with the demo content (migrate + load_demo_content):

    DJANGO_SETTINGS_MODULE=cms.settings.dev .venv/bin/python manage.py runserver 127.0.0.1:8123
    .venv/bin/python docs/screenshots/take.py [--base http://127.0.0.1:8123] [--full]

Each shot is the first screenful (or the whole page with --full), saved as a palette PNG
so the files stay small in the repository.
"""

import argparse
import io
import pathlib

from PIL import Image
from playwright.sync_api import sync_playwright

HERE = pathlib.Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
LOGIN = ("admin@loc.example", "loc-demo-2026")  # the demo's beheerder (load_demo_content)
MEMBER = ("lid@loc.example", "loc-demo-2026")  # the demo's netwerklid, registered for a session
GUEST = ("deelnemer@loc.example", "loc-demo-2026")  # the demo's deelnemer, no membership
COUNCIL = ("raad@loc.example", "loc-demo-2026")  # the beheerder of the demo's member council
SIZES = [(375, 812), (1280, 900)]  # a common phone, a laptop


def first_link(page, selector):
    return page.locator(selector).first.get_attribute("href")


def pages(page, base):
    """(name, path, login or None) for each page type; article and event are the first found.
    The registration box is shown as the netwerklid sees it on the demo's full sparsessie."""
    page.goto(base + "/nieuws/")
    article = first_link(page, ".news-card .card__link")
    page.goto(base + "/agenda/")
    event = first_link(page, ".event-card a[href*='/agenda/']")
    return [
        ("home", "/", None), ("nieuws", "/nieuws/", None), ("artikel", article, None),
        ("agenda", "/agenda/", None), ("evenement", event, None), ("aanbod", "/aanbod/", None),
        ("inloggen", "/account/login/", None), ("mijn-loc", "/mijn-loc/", LOGIN),
        ("aanmelden", "/agenda/sparsessie-netwerk-volgend-jaar-1/#aanmelden", MEMBER),
        ("lid-worden", "/mijn-loc/lidmaatschap/aanmelden/netwerk/", GUEST),
        # Paid events: the price as a visitor sees it, free for a member council's deelnemer.
        ("prijs", "/agenda/netwerkbijeenkomst-voorjaar/#aanmelden", None),
        ("training-gratis", "/agenda/basiscursus-medezeggenschap-in-de-praktijk/#aanmelden",
         GUEST),
        ("belangstelling", "/agenda/leergang-ondersteuner-najaar/#aanmelden", MEMBER),
        ("mijn-clientenraad", "/mijn-loc/#council", COUNCIL),
        ("beheer", "/admin/", LOGIN),
    ]


def log_in(page, base, login):
    page.context.clear_cookies()
    page.goto(base + "/account/login/")
    page.fill("input[name=login]", login[0])
    page.fill("input[name=password]", login[1])
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/mijn-loc/**")


def summary(page, base, width):
    """The join form's summary step: the form filled in and Verder, nothing is sent."""
    log_in(page, base, GUEST)
    page.goto(base + "/mijn-loc/lidmaatschap/aanmelden/intervisie/")
    page.locator("input[name=group]").first.check()
    page.fill("textarea[name=billing_address]", "Lindelaan 1\n1234 AB Utrecht")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_selector("input[name=answers]", state="attached")


def save(png, path):
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8123")
    parser.add_argument("--full", action="store_true", help="whole pages, not one screenful")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width, height in SIZES:
            context = browser.new_context(viewport={"width": width, "height": height},
                                          locale="nl-NL", device_scale_factor=1,
                                          bypass_csp=True)  # for the style tag below
            page = context.new_page()
            for name, path, login in pages(page, args.base):
                if login:
                    log_in(page, args.base, login)
                else:
                    page.context.clear_cookies()  # as a visitor sees it
                page.goto(args.base + path)
                # The demo logins are staff: hide Wagtail's editing button, readers never see it.
                page.add_style_tag(content="wagtail-userbar { display: none !important; }")
                target = HERE / f"{name}-{width}.png"
                save(page.screenshot(full_page=args.full), target)
                print(f"{target.name}: {target.stat().st_size // 1024} KB")
            summary(page, args.base, width)
            target = HERE / f"lid-worden-controle-{width}.png"
            save(page.screenshot(full_page=args.full), target)
            print(f"{target.name}: {target.stat().st_size // 1024} KB")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
