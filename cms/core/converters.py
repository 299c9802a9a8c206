"""URL converters for the project's own routes."""

from django.urls import register_converter

# The largest id a 64-bit primary key (BigAutoField) can hold.
MAX_ID = 2**63 - 1


class IdConverter:
    """A database id in a URL: `<id:pk>`, for every route of ours that names a row.

    Django's `<int:>` takes a number of any length. A 20-digit id reaches the database, where
    SQLite's driver raises OverflowError for lookups Django does not guard (a page's pk is a
    one-to-one link to its parent table): a 500. Here such a URL simply matches nothing: 404.
    """

    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = int(value)
        if number > MAX_ID:
            raise ValueError("id out of range")  # Django reads ValueError as "no match"
        return number

    def to_url(self, value):
        return str(value)


def register():
    register_converter(IdConverter, "id")
