"""The Dutch catalogue is complete, compiled and current: no English leaks into the UI."""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale/nl/LC_MESSAGES/django.po"
MO = ROOT / "locale/nl/LC_MESSAGES/django.mo"


def catalogue(path):
    """msgid -> msgstr (plural entries keyed by singular) and the set of fuzzy ids."""
    result = subprocess.run(
        ["msgcat", "--no-wrap", "--sort-output", str(path)],
        capture_output=True, text=True, check=True,
    )
    entries, fuzzy = {}, set()
    for block in result.stdout.split("\n\n"):
        msgid = re.search(r'^msgid "(.*)"$', block, re.M)
        if not msgid or not msgid.group(1) or block.lstrip().startswith("#~"):
            continue
        # "Log in" (a button) and pgettext("account", "Log in") are two entries.
        context = re.search(r'^msgctxt "(.*)"$', block, re.M)
        key = (context.group(1), msgid.group(1)) if context else msgid.group(1)
        msgstr = re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', block, re.M)
        entries[key] = msgstr
        if "#, fuzzy" in block:
            fuzzy.add(key)
    return entries, fuzzy


@pytest.fixture(scope="module")
def shipped():
    if not shutil.which("msgcat"):
        pytest.fail("gettext (msgcat) is missing: `make test` installs it")
    return catalogue(PO)


def test_every_string_has_a_dutch_translation(shipped):
    entries, fuzzy = shipped
    untranslated = [msgid for msgid, strs in entries.items() if not all(strs)]
    assert untranslated == []
    assert fuzzy == set()


def test_compiled_catalogue_matches_the_po_file(shipped):
    entries, _ = shipped
    with MO.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    def compiled(key):
        if isinstance(key, tuple):
            return translations.pgettext(*key)
        return translations.gettext(key)

    stale = [
        key for key, strs in entries.items()
        if "\\" not in str(key) and len(strs) == 1
        and compiled(key) != strs[0].replace('\\"', '"')
    ]
    assert stale == [], "run `make messages` to compile locale/nl"


def test_no_string_in_the_code_is_missing_from_the_catalogue(shipped, tmp_path):
    """makemessages over a copy of the code finds nothing the shipped catalogue lacks."""
    for name in ("cms", "home", "members", "templates", "locale"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("*.pyc"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "nl", "--no-obsolete",
         "--verbosity", "0"],
        cwd=tmp_path, check=True, capture_output=True,
        env={**os.environ, "PYTHONPATH": str(tmp_path),
             "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
    )
    extracted, _ = catalogue(tmp_path / "locale/nl/LC_MESSAGES/django.po")
    entries, _ = shipped
    assert sorted(set(extracted) - set(entries)) == []
