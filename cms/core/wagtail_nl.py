"""Wagtail admin strings we word differently, in our own catalogue.

"Snippet" is developer jargon to LOC's editors ("1 snippet geselecteerd"), and the few admin
messages a member may meet say "u" like the rest of the site. Our catalogue (LOCALE_PATHS) wins
over Wagtail's. This module is never imported: it names the msgids so `makemessages
--no-obsolete` keeps them in locale/nl/LC_MESSAGES/django.po.
"""

from django.utils.translation import gettext_noop

WAGTAIL_MESSAGES = [
    gettext_noop("1 snippet selected"),
    gettext_noop("%(objects)s snippets selected"),
    gettext_noop("All %(objects)s snippets on this screen selected"),
    gettext_noop("All snippets in listing selected"),
    gettext_noop("Snippets"),
    gettext_noop("Sorry, you do not have permission to access this area."),
    gettext_noop("You do not have permission to access the admin."),
    gettext_noop("Delete selected snippets"),
    gettext_noop("Select all snippets in listing"),
]
