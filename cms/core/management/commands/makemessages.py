from django.core.management.commands import makemessages


class Command(makemessages.Command):
    """makemessages without fuzzy matching: a guessed translation ("Contact" for "Content")
    is worse than an empty one, which the catalogue test then reports."""

    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
