"""Demo agenda and recaps, written for this site from DOMAIN.md. Idempotent by slug.

Dates that must stay upcoming are computed from today. On a reused database such an event
whose sessions have all passed is moved forward (a new revision); otherwise a re-run changes
nothing. The netwerk's 2026 sparsessies and the November meetings are fixed dates and land in
the archive.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

ORDER = 50  # after the news (40): recaps live under /nieuws/
AMS = ZoneInfo("Europe/Amsterdam")
P = "paragraph"
NETWORK_THEME = "ondersteuners-clientenraden"

COUNCIL_TOPICS = [
    ("De nieuwe wet in de praktijk", "Hoe gebruikt uw raad de rechten uit de Wmcz 2018?"),
    ("Taakverdeling binnen de raad", "Wie doet wat in de raad, en hoe voorkomt u dat alles op "
                                     "één persoon neerkomt?"),
    ("Ondersteuning van de raad", "Wat mag u verwachten van uw ondersteuner, en wat niet?"),
    ("Een folder over de raad", "Zo maakt u de raad bekend bij cliënten en hun naasten."),
]
NETWORK_SPAR_BODY = [
    (P, "<p>Een digitale sparsessie van twee uur, alleen voor leden van het netwerk "
        "ondersteuners cliëntenraden. Deelnemers brengen zelf casussen en vragen in.</p>"),
]


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=AMS)


MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")


def in_words(day):
    """"24 juni 2027" for titles: a numeric date breaks at its dashes on a phone."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def weekday_after(day, weekday):
    """The first `weekday` (0 = Monday) on or after `day`."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def first_weekday_of_month(year, month, weekday):
    return weekday_after(date(year, month, 1), weekday)


def _body(blocks):
    return [{"type": kind, "value": value} for kind, value in blocks]


def ensure_event(index, slug, sessions, themes=(), upcoming=False, **fields):
    """The event at `slug` and what happened: "created", "moved" or "" (left alone).

    Made (with its sessions and themes) and published once. An existing event meant to stay
    `upcoming` whose sessions have all passed gets the freshly computed dates and title."""
    from cms.events.models import EventPage, EventSession

    existing = index.get_children().filter(slug=slug).first()
    if existing is not None:
        page = existing.specific
        # An editor's unpublished draft is theirs: the demo never publishes over it.
        stale = upcoming and page.live and page.next_session() is None
        # Databases loaded before events had a series get it once, so the agenda groups them.
        unseried = fields.get("series") and not page.series
        # Databases loaded before paid events get the demo's price once.
        unpriced = fields.get("price") and page.price is None
        if not (stale or unseried or unpriced) or page.has_unpublished_changes:
            return page, ""
        if unseried:
            page.series = fields["series"]
        if unpriced:
            for name in ("price", "free_for_network_members", "refund_days", "price_note"):
                if name in fields:
                    setattr(page, name, fields[name])
        if stale:
            page.title = page.draft_title = fields["title"]
            page.sessions = [EventSession(start=start, end=end) for start, end in sessions]
            if "registration_opens" in fields:
                page.registration_opens = fields["registration_opens"]
        page.save_revision().publish()
        return page, "moved" if stale else "updated"
    fields.setdefault("body", [])
    page = EventPage(slug=slug, live=False, **{**fields, "body": _body(fields["body"])})
    page.sessions = [EventSession(start=start, end=end) for start, end in sessions]
    index.add_child(instance=page)
    page.themes.set(themes)
    page.save_revision().publish()
    return page, "created"


def agenda_specs(today):
    network_online = {
        "kind": "network_spar", "attendance": "online", "audience": "network",
        "price_note": "Inbegrepen in het lidmaatschap van het netwerk",
        "online_meeting_url": "https://meet.example.org/loc-netwerk-sparsessie",
        "body": NETWORK_SPAR_BODY,
    }
    specs = []
    for number, day in enumerate([date(2026, 2, 19), date(2026, 6, 10), date(2026, 10, 6)], 1):
        specs.append((f"sparsessie-netwerk-2026-{number}",
                      [(at(day, 10), at(day, 12))],
                      dict(title=f"Digitale sparsessie netwerk {in_words(day)}",
                           summary="Twee uur sparren met collega-ondersteuners over casussen "
                                   "uit de eigen praktijk.", **network_online)))
    # 2027: roughly February, June and October, counted from today so they stay upcoming.
    for number, weeks in enumerate([11, 28, 45], 1):
        day = weekday_after(today + timedelta(weeks=weeks), 3)
        specs.append((f"sparsessie-netwerk-volgend-jaar-{number}",
                      [(at(day, 10), at(day, 12))],
                      dict(title=f"Digitale sparsessie netwerk {in_words(day)}",
                           summary="Twee uur sparren met collega-ondersteuners over casussen "
                                   "uit de eigen praktijk.", upcoming=True,
                           **network_online)))
    for number, (topic, question) in enumerate(COUNCIL_TOPICS, 1):
        month = today.month + number
        day = first_weekday_of_month(today.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
        specs.append((f"sparsessie-clientenraden-{number}", [(at(day, 19, 30), at(day, 21, 30))],
                      {"title": f"Sparsessie voor cliëntenraden: {topic.lower()}",
                           "kind": "council_spar", "attendance": "online", "audience": "account",
                           "summary": f"{question} Twee uur online met raadsleden uit het hele "
                                   "land: breng een vraag in of luister mee.",
                           "price_note": "Gratis", "capacity": 30, "upcoming": True,
                           "online_meeting_url": "https://meet.example.org/loc-sparsessie-raden",
                           "body": [(P, "<p>Iedereen uit een cliëntenraad kan meedoen. U kunt een "
                                     "thema inbrengen, een vraag stellen of gewoon luisteren."
                                     "</p>")]}))
    meeting = weekday_after(today + timedelta(weeks=16), 3)
    specs.append(("netwerkbijeenkomst-voorjaar", [(at(meeting, 13), at(meeting, 16, 30))], {
        "title": "Netwerkbijeenkomst ondersteuners cliëntenraden", "kind": "network_meeting",
        "summary": "Een middag met collega-ondersteuners over de onderwerpen die het netwerk zelf "
                "heeft voorgesteld. Ook niet-leden zijn welkom.",
        "attendance": "physical", "location_name": "Vergadercentrum bij station Amersfoort",
        "location_address": "Stationsplein 1\n3818 LE Amersfoort",
        "location_directions": "Vijf minuten lopen vanaf station Amersfoort Centraal, "
                            "uitgang Centrum.",
        "audience": "account", "capacity": 40, "upcoming": True,
        "price": Decimal("60"), "free_for_network_members": True,
        "price_note": "Gratis voor leden van het netwerk; niet-leden betalen € 60",
        "body": [(P, "<p>Op de vorige bijeenkomst kozen de deelnemers zelf de onderwerpen. We "
                  "werken in kleine groepen en sluiten af met een borrel.</p>")]}))
    course = weekday_after(today + timedelta(weeks=10), 1)
    specs.append(("basiscursus-medezeggenschap-in-de-praktijk",
                  [(at(course, 9, 30), at(course, 13, 30))], {
        "title": "Basiscursus Medezeggenschap in de praktijk", "kind": "training",
        "summary": "Een dagdeel over de basis van het werk in de cliëntenraad: de Wmcz 2018, "
                "uw rechten en hoe u een goed advies geeft.",
        "attendance": "physical", "location_name": "LOC-trainingslocatie Utrecht",
        "location_address": "Churchilllaan 11\n3527 GV Utrecht",
        "audience": "account", "capacity": 12, "upcoming": True,
        "price": Decimal("145"), "refund_days": 14,
        "price_note": "€ 145 per deelnemer",
        "body": [(P, "<p>Voor nieuwe en ervaren raadsleden die de basis willen opfrissen. "
                  "Afmelden met geld terug kan tot twee weken voor de cursus.</p>")]}))
    year = today.year if today < date(today.year, 3, 1) else today.year + 1
    # The spring run's days (6 March, 3 April, 15 May, 12 June) moved to that week's Friday.
    course_days = [weekday_after(date(year, month, day), 4)
                   for month, day in ((3, 6), (4, 3), (5, 15), (6, 12))]
    specs.append(("leergang-ondersteuner-voorjaar", [(at(d, 10), at(d, 16)) for d in course_days],
                  {"title": f"Leergang Ondersteuner cliëntenraad (voorjaar {year})",
                       "kind": "course", "attendance": "physical",
                       "summary": "Vier dagen verdieping in de rol van ondersteuner, de Wmcz 2018 "
                               "en het werken met adviesaanvragen.",
                       "location_name": "LOC-trainingslocatie Utrecht",
                       "location_address": "Churchilllaan 11\n3527 GV Utrecht",
                       "audience": "account", "capacity": 16, "upcoming": True,
                       "price_note": "Vraag de Vraagbaak naar de prijs voor leden en niet-leden",
                       "body": [(P, "<p>De leergang bestaat uit vier dagen die op elkaar "
                                 "voortbouwen. Is de groep vol, zet u dan op de lijst van "
                                 "belangstellenden.</p>")]}))
    # The autumn run opens for registration in May: until then, an interest list.
    autumn_days = [weekday_after(date(year, month, day), 4)
                   for month, day in ((9, 2), (10, 14), (11, 4), (12, 9))]
    specs.append(("leergang-ondersteuner-najaar", [(at(d, 10), at(d, 16)) for d in autumn_days],
                  {"title": f"Leergang Ondersteuner cliëntenraad (najaar {year})",
                   "kind": "course", "attendance": "physical",
                   "summary": "De najaarsronde van de leergang: vier dagen over de rol van "
                              "ondersteuner. Aanmelden kan vanaf mei; zet u nu op de lijst.",
                   "location_name": "LOC-trainingslocatie Utrecht",
                   "location_address": "Churchilllaan 11\n3527 GV Utrecht",
                   "audience": "account", "capacity": 16, "upcoming": True,
                   "registration_opens": at(date(year, 5, 1), 9),
                   "price_note": "Vraag de Vraagbaak naar de prijs voor leden en niet-leden",
                   "body": [(P, "<p>Wilt u weten wanneer de aanmelding opengaat? Kies "
                             "\u2018Houd mij op de hoogte\u2019: u krijgt één e-mail zodra u zich "
                             "kunt aanmelden.</p>")]}))
    specs.extend(intervision_specs(today))
    past = date(2026, 11, 13)
    specs.append(("netwerkbijeenkomst-november-2026", [(at(past, 13), at(past, 16, 30))], {
        "title": "Netwerkbijeenkomst: coachen, onderdeel van je vak?", "kind": "network_meeting",
        "summary": "Netwerkbijeenkomst voor ondersteuners in Amersfoort over coachen als deel "
                "van het vak.",
        "attendance": "physical", "location_name": "Vergadercentrum bij station Amersfoort",
        "location_address": "Stationsplein 1\n3818 LE Amersfoort", "audience": "account",
        "body": []}))
    return specs


INTERVISION_GROUPS = [
    # (slug part, weekday, start, end, note); most free places are in the Friday group.
    ("dinsdagochtend", 1, (9, 30), (12, 0), ""),
    ("dinsdagmiddag", 1, (13, 30), (16, 0), ""),
    ("vrijdagochtend", 4, (9, 30), (12, 0), " In deze groep zijn de meeste plaatsen vrij."),
]
INTERVISION_MEETINGS = 5  # a year, about ten weeks apart


def intervision_specs(today):
    """One event per intervisie group, each with its five meetings of the coming year."""
    specs = []
    for part, weekday, begins, ends, note in INTERVISION_GROUPS:
        first = weekday_after(today + timedelta(weeks=2), weekday)
        days = [first + timedelta(weeks=10 * number) for number in range(INTERVISION_MEETINGS)]
        specs.append((f"intervisie-ondersteuners-{part}",
                      [(at(day, *begins), at(day, *ends)) for day in days], {
            "title": f"Intervisie voor ondersteuners: groep {part}", "kind": "intervision",
            "series": "Intervisie voor ondersteuners",
            "summary": "Vijf keer per jaar in een kleine, vaste groep vragen uit het werk "
                       "bespreken, onder leiding van een psycholoog en trainer." + note,
            "attendance": "physical", "location_name": "LOC-trainingslocatie Utrecht",
            "location_address": "Churchilllaan 11\n3527 GV Utrecht",
            "audience": "account", "capacity": 8, "upcoming": True,
            "price_note": "€ 465 per jaar voor vijf bijeenkomsten (ongeveer € 92 per "
                          "bijeenkomst)",
            "body": [(P, "<p>Er zijn drie vaste groepen: dinsdagochtend, dinsdagmiddag en "
                      "vrijdagochtend. U kiest één groep en komt het hele jaar in dezelfde "
                      "samenstelling bij elkaar. Intervisie is los te volgen van het netwerk "
                      "en de leergang.</p>")]}))
    return specs


RECAPS = [
    {
        "slug": "terugblik-coachen-onderdeel-van-je-vak",
        "title": "Terugblik: coachen, onderdeel van je vak?",
        "teaser": "Op 13 november spraken ondersteuners in Amersfoort over coachen. Hoort dat bij "
                  "je werk, en waar ligt de grens?",
        "meeting_date": date(2026, 11, 13), "place": "Amersfoort, vlak bij het station",
        "day_theme": "Coachen, onderdeel van je vak?", "method": "de Mat",
        "event": "netwerkbijeenkomst-november-2026", "next_event": "netwerkbijeenkomst-voorjaar",
        "keywords": ["netwerk", "coaching"],
        "body": [
            (P, "<p>Ruim twintig ondersteuners van cliëntenraden kwamen naar Amersfoort, op "
                "loopafstand van het station. De vraag van de middag: hoort coachen bij het vak "
                "van ondersteuner?</p>"),
            ("heading", {"text": "Werken met de Mat", "level": "h2"}),
            (P, "<p>Met de werkvorm de Mat kozen deelnemers letterlijk positie: wie vindt dat "
                "coachen erbij hoort, staat links; wie twijfelt, in het midden. Daarna vertelde "
                "ieder waarom. Zo werd snel zichtbaar hoe verschillend de rol wordt "
                "ingevuld.</p>"),
            ("quote", {"text": "Ik help de raad scherper te worden, maar ik neem het werk niet "
                               "over.", "person": "Karin Mulder", "role": "ondersteuner",
                       "organisation": "Zorggroep Oost"}),
        ],
        "questions": "<ul><li>Welke vragen van raadsleden beantwoord ik zelf, en bij welke "
                     "help ik ze het antwoord te vinden?</li><li>Wanneer is coachen nog "
                     "ondersteunen, en wanneer stuur ik de raad?</li><li>Wat heb ik nodig om "
                     "goed te coachen?</li></ul>",
        "topics": "<ul><li>Samenwerken met de bestuurder zonder je onafhankelijkheid te "
                  "verliezen</li><li>Nieuwe raadsleden inwerken</li></ul>",
    },
    {
        "slug": "terugblik-adviseren-en-informeren",
        "title": "Terugblik: adviseren en informeren versus professioneel en onafhankelijk",
        "teaser": "Hoe blijf je onafhankelijk als je de raad informeert én adviseert? Een verslag "
                  "van de netwerkbijeenkomst in Amersfoort op 11 november.",
        "meeting_date": date(2025, 11, 11), "place": "Amersfoort",
        "day_theme": "Adviseren en informeren versus professioneel en onafhankelijk",
        "method": "Gesprek in kleine groepen", "event": None, "next_event": None,
        "keywords": ["netwerk", "rol ondersteuner"],
        "body": [
            (P, "<p>Ondersteuners staan tussen de raad en de organisatie die hun salaris "
                "betaalt. Op 11 november bespraken zij in Amersfoort hoe zij de raad goed "
                "informeren en adviseren, en toch professioneel en onafhankelijk blijven.</p>"),
            (P, "<p>In kleine groepen brachten deelnemers eigen voorbeelden in: een stuk van de "
                "bestuurder dat te laat kwam, een raadslid dat om een mening vroeg, een "
                "manager die wilde meelezen.</p>"),
        ],
        "questions": "<ul><li>Van wie krijg ik mijn opdrachten, en staat dat op papier?</li>"
                     "<li>Hoe laat ik de raad zelf kiezen als ik er een mening over heb?</li></ul>",
        "topics": "<ul><li>Coachen als onderdeel van het vak</li><li>De rol van de "
                  "ondersteuner in de Wmcz 2018</li></ul>",
    },
]


def load_recaps(news_index, events, themes):
    from cms.core.demo_images import demo_image
    from cms.events.models import EventRecapPage

    created = 0
    for spec in RECAPS:
        if news_index.get_children().filter(slug=spec["slug"]).exists():
            continue
        image = demo_image(spec["slug"], spec["title"])
        page = EventRecapPage(
            slug=spec["slug"], title=spec["title"], teaser=spec["teaser"], live=False,
            date=spec["meeting_date"] + timedelta(days=4), hero_image=image,
            hero_alt=image.description, meeting_date=spec["meeting_date"],
            place=spec["place"], day_theme=spec["day_theme"], method=spec["method"],
            body=_body(spec["body"]), questions_to_take_home=spec["questions"],
            next_topics=spec["topics"], event=events.get(spec["event"]),
            next_event=events.get(spec["next_event"]),
        )
        news_index.add_child(instance=page)
        page.themes.set([themes[NETWORK_THEME]])
        page.keywords.set(spec["keywords"])
        page.save_revision().publish()
        created += 1
    return created


@transaction.atomic
def load(log):
    from cms.core.demo import ensure_themes
    from cms.events.models import EventIndexPage
    from cms.news.models import NewsIndexPage

    index = EventIndexPage.objects.get()
    themes = ensure_themes()
    network = [themes[NETWORK_THEME]]
    councils = [themes["organiseren-en-vernieuwen"], themes["dienstverlening"]]
    events, outcomes = {}, []
    for slug, sessions, fields in agenda_specs(timezone.localdate()):
        chosen = councils if fields["kind"] == "council_spar" else network
        events[slug], outcome = ensure_event(index, slug, sessions, chosen, **fields)
        outcomes.append(outcome)
    recaps = load_recaps(NewsIndexPage.objects.get(), events, themes)
    log(f"Agenda: {outcomes.count('created')} events and {recaps} recaps added, "
        f"{outcomes.count('moved')} past demo events moved forward.")
