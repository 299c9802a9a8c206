"""The agenda's grouping of a series into one entry. Imports no model: the index page and the
home page wrap an `EventPage.objects` listing in it."""


class SeriesListing:
    """A listing in which the events of one series (the groups of intervisie, say) form one
    entry, at the place of the series' first event. Each entry is a list of events.

    Paginator-friendly: its length costs one light query over the whole listing (ids and
    series names only) and a slice loads just the events it shows, with their sessions, so
    a page costs the same three queries as a plain queryset listing."""

    def __init__(self, items):
        self.items = items
        self._groups = None

    def groups(self):
        if self._groups is None:
            groups, by_series = [], {}
            for pk, series in self.items.values_list("pk", "series"):
                key = series.strip().casefold()
                if key and key in by_series:
                    by_series[key].append(pk)
                    continue
                groups.append([pk])
                if key:
                    by_series[key] = groups[-1]
            self._groups = groups
        return self._groups

    def __len__(self):
        return len(self.groups())

    def __getitem__(self, index):
        groups = self.groups()[index]
        if not isinstance(index, slice):
            groups = [groups]
        wanted = [pk for group in groups for pk in group]
        pages = {page.pk: page for page in self.items.filter(pk__in=wanted)} if wanted else {}
        entries = [[pages[pk] for pk in group if pk in pages] for group in groups]
        return entries if isinstance(index, slice) else entries[0]
