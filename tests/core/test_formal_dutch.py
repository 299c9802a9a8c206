"""The site says "u": no "je", "jij", "jou", "jouw" or "jullie" in what it shows.

Checked where the words come from: our templates, our catalogue, and allauth's Dutch catalogue
as the site actually translates it (our catalogue overrides allauth's informal strings).
"""

import gettext
import re
from pathlib import Path

import allauth
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jullie|jezelf)\b", re.IGNORECASE)
TWO_FACTOR = re.compile(r"twee-?factor|2fa\b", re.IGNORECASE)


def informal(texts):
    return sorted({text for text in texts if INFORMAL.search(text)})


def compiled(path):
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


def test_templates_say_u():
    offenders = []
    for path in (ROOT / "templates").rglob("*"):
        if path.suffix in (".html", ".txt"):
            offenders += [f"{path.relative_to(ROOT)}: {line.strip()}"
                          for line in path.read_text(encoding="utf-8").splitlines()
                          if INFORMAL.search(line)]
    assert offenders == []


def test_our_catalogue_says_u():
    catalogue = compiled(ROOT / "locale/nl/LC_MESSAGES/django.mo")
    assert informal(str(text) for key, text in catalogue.items() if key) == []


def test_allauth_as_the_site_translates_it_says_u_and_tweestapsverificatie():
    ours = Path(allauth.__file__).parent / "locale/nl/LC_MESSAGES/django.mo"
    shown = []
    with translation.override("nl"):
        for key in compiled(ours):
            if not key:
                continue  # the header
            if isinstance(key, tuple):  # (singular, plural index): ngettext finds it by both
                shown += [translation.ngettext(key[0], key[0], n) for n in (1, 2)]
            elif "\x04" in key:
                shown.append(translation.pgettext(*key.split("\x04", 1)))
            else:
                shown.append(translation.gettext(key))
    assert informal(shown) == []
    assert sorted({text for text in shown if TWO_FACTOR.search(text)}) == []


def test_the_check_catches_informal_words():
    assert informal(["Verifieer je e-mailadres", "Het door jou opgegeven", "Jullie"]) == [
        "Het door jou opgegeven", "Jullie", "Verifieer je e-mailadres"]
    assert informal(["Bevestig uw e-mailadres", "jeugd", "bijeenkomst"]) == []
