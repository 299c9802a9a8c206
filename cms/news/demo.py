"""Demo news: articles written for this site from the facts in DOMAIN.md. Idempotent by slug."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

ORDER = 40

P = "paragraph"


def _quote(text, person, role, organisation):
    return ("quote", {"text": text, "person": person, "role": role, "organisation": organisation})


ARTICLES = [
    {
        "slug": "intervisie-voor-ondersteuners",
        "title": "Intervisie: samen sterker als ondersteuner",
        "teaser": "Vijf keer per jaar in een vaste, kleine groep stilstaan bij je eigen werk. "
                  "Drie ondersteuners vertellen wat intervisie hen oplevert.",
        "days_ago": 6,
        "themes": ["ondersteuners-clientenraden", "dienstverlening"],
        "keywords": ["intervisie", "tips"],
        "body": [
            (P, "<p>Als ondersteuner van een cliëntenraad sta je vaak alleen. Je werkt voor de "
                "raad, maar je bent in dienst van de zorgorganisatie. Bij intervisie bespreek je "
                "met collega's uit andere organisaties de situaties waar je tegenaan loopt.</p>"),
            ("heading", {"text": "Een vaste groep, een vaste begeleider", "level": "h2"}),
            (P, "<p>De groepen komen vijf keer per jaar bij elkaar onder leiding van een "
                "psycholoog en trainer. Er zijn drie groepen: dinsdagochtend, dinsdagmiddag en "
                "vrijdagochtend. Op vrijdag is nog de meeste plek.</p>"),
            _quote("Ik dacht dat ik de enige was die worstelde met mijn rol tussen raad en "
                   "bestuurder. Dat bleek dus niet zo.", "Marieke Jansen",
                   "ambtelijk secretaris", "Zorggroep Rivierenland"),
            ("info_box", {"title": "Kosten", "text": "<p>Een jaar intervisie kost € 465, "
                          "ongeveer € 92 per bijeenkomst.</p>"}),
        ],
    },
    {
        "slug": "netwerk-ondersteuners-2027",
        "title": "Netwerk ondersteuners cliëntenraden: dit staat er in 2027 op het programma",
        "teaser": "Twee netwerkbijeenkomsten, digitale sparsessies voor leden en twee keer per "
                  "jaar een nieuwsbrief. Zo ziet het netwerkjaar eruit.",
        "days_ago": 13,
        "themes": ["ondersteuners-clientenraden"],
        "keywords": ["netwerk", "sparsessie"],
        "body": [
            (P, "<p>Het netwerk brengt ondersteuners van cliëntenraden uit de hele zorg bij "
                "elkaar. Leden betalen € 450 per kalenderjaar. Wie wil stoppen, zegt het "
                "lidmaatschap op vóór 1 oktober; anders loopt het een jaar door.</p>"),
            ("heading", {"text": "Wat leden krijgen", "level": "h2"}),
            (P, "<ul><li>twee netwerkbijeenkomsten per jaar, ook open voor niet-leden;</li>"
                "<li>digitale sparsessies, alleen voor leden;</li>"
                "<li>twee keer per jaar een nieuwsbrief.</li></ul>"),
            _quote("In het netwerk hoor ik hoe anderen het aanpakken. Dat scheelt me veel "
                   "zoekwerk.", "Samira El Idrissi", "adviseur medezeggenschap",
                   "GGZ Midden-Nederland"),
            ("call_to_action", {"title": "Lid worden van het netwerk",
                                "text": "Aanmelden en betalen kan nu online via Mijn LOC.",
                                "url": "/mijn-loc/",
                                "button_label": "Naar Mijn LOC"}),
        ],
    },
    {
        "slug": "sparsessies-voor-clientenraden",
        "title": "Elke maand een sparsessie voor cliëntenraden",
        "teaser": "Twee uur online, met raadsleden uit het hele land. Breng een thema in, stel "
                  "een vraag of luister gewoon mee.",
        "days_ago": 20,
        "themes": ["organiseren-en-vernieuwen", "dienstverlening"],
        "keywords": ["sparsessie", "online"],
        "body": [
            (P, "<p>In de sparsessies praten leden van cliëntenraden met elkaar over wat hen "
                "bezighoudt. De onderwerpen komen van de deelnemers zelf: de nieuwe wet in de "
                "praktijk, de taakverdeling binnen de raad, de ondersteuning of een folder over "
                "de raad.</p>"),
            ("heading", {"text": "Zo doet u mee", "level": "h2"}),
            (P, "<p>Kijk in de agenda voor de volgende datum en meld u aan. U krijgt de link "
                "naar de online bijeenkomst na uw aanmelding.</p>"),
            _quote("Je hoeft niet voor te bereiden. Juist de vragen van anderen zetten me aan "
                   "het denken.", "Henk Bosman", "voorzitter cliëntenraad", "Woonzorg De Linde"),
        ],
    },
    {
        "slug": "leergang-ondersteuner-clientenraad",
        "title": "Leergang Ondersteuner cliëntenraad: vier dagen verdieping",
        "teaser": "Twee keer per jaar start een leergang voor ondersteuners. Vier dagen over je "
                  "rol, het adviesrecht en samenwerken met de raad.",
        "days_ago": 34,
        "themes": ["ondersteuners-clientenraden", "dienstverlening"],
        "keywords": ["leergang", "scholing"],
        "source": ("Zorg en Zeggenschap", "najaarseditie 2026"),
        "body": [
            (P, "<p>De leergang is bedoeld voor ondersteuners die hun vak willen verdiepen. "
                "In vier dagen komen de rol van de ondersteuner, de Wmcz 2018 en het werken "
                "met adviesaanvragen aan bod.</p>"),
            ("heading", {"text": "Twee keer per jaar", "level": "h2"}),
            (P, "<p>Er is een najaarsgroep en een extra voorjaarsgroep in Utrecht. Is de "
                "groep vol? Zet uzelf dan op de lijst van belangstellenden.</p>"),
            _quote("Na de leergang durf ik de raad scherper te adviseren.", "Peter de Wit",
                   "ondersteuner", "Thuiszorg West-Brabant"),
        ],
    },
    {
        "slug": "wmcz-2018-in-de-praktijk",
        "title": "De Wmcz 2018 in de praktijk: wat mag de raad?",
        "teaser": "Sinds 1 juli 2020 geldt de Wmcz 2018. Welke rechten heeft de cliëntenraad nu "
                  "precies, en hoe gebruikt u ze?",
        "days_ago": 48,
        "themes": ["adviesonderwerpen", "hulpmiddelen"],
        "keywords": ["wmcz", "adviesrecht", "tips"],
        "source": ("Zorg en Zeggenschap", "voorjaarseditie 2026"),
        "body": [
            (P, "<p>De Wet medezeggenschap cliënten zorginstellingen 2018 gaf cliëntenraden "
                "meer rechten. Over een aantal onderwerpen heeft de raad instemmingsrecht, over "
                "andere een verzwaard adviesrecht.</p>"),
            ("heading", {"text": "Advies of instemming?", "level": "h2"}),
            (P, "<p>Instemming betekent dat de bestuurder een besluit niet zonder de raad kan "
                "nemen. Bij advies moet de bestuurder goed uitleggen waarom hij een advies niet "
                "volgt.</p>"),
            _quote("Instemmingsrecht betekent dat we echt mee beslissen, niet alleen "
                   "meepraten.", "Fatma Yilmaz", "voorzitter centrale cliëntenraad",
                   "Amsterdamse Zorggroep"),
            ("info_box", {"title": "Hulp nodig?", "text": "<p>De Vraagbaak helpt bij vragen "
                          "over de wet: bel 030 284 32 00.</p>"}),
            (P, "<p>Hoe gaat uw raad hiermee om? Laat het weten via een reactie onderaan dit "
                "bericht.</p>"),
        ],
    },
    {
        "slug": "achterban-raadplegen",
        "title": "Vijf manieren om uw achterban te raadplegen",
        "teaser": "Een raad die weet wat cliënten vinden, adviseert sterker. Vijf praktische "
                  "manieren om in contact te blijven met de achterban.",
        "days_ago": 62,
        "themes": ["organiseren-en-vernieuwen", "hulpmiddelen"],
        "keywords": ["achterban", "tips"],
        "body": [
            (P, "<p>Contact met de achterban is de basis van het werk van de raad. Het hoeft "
                "niet ingewikkeld te zijn.</p>"),
            (P, "<ol><li>Schuif aan bij de koffie op een afdeling.</li><li>Gebruik een korte "
                "vragenlijst.</li><li>Organiseer een spiegelgesprek.</li><li>Maak een folder "
                "over de raad.</li><li>Vraag medewerkers wat zij horen.</li></ol>"),
            _quote("Sinds we maandelijks op de afdelingen langsgaan, krijgen we veel meer "
                   "signalen.", "Truus Hendriks", "lid cliëntenraad", "Zorgcentrum Het Anker"),
        ],
    },
    {
        "slug": "toegankelijke-vergaderstukken",
        "title": "Toegankelijke vergaderstukken: zo leest iedereen mee",
        "teaser": "Kleine letters, lange zinnen, stapels pdf's: vergaderstukken zijn niet voor "
                  "iedereen goed te lezen. Tips om dat te veranderen.",
        "days_ago": 77,
        "themes": ["hulpmiddelen"],
        "keywords": ["toegankelijkheid", "tips"],
        "body": [
            (P, "<p>In veel raden zitten mensen met een visuele beperking of mensen die moeite "
                "hebben met lezen. Toegankelijke stukken helpen iedereen.</p>"),
            ("heading", {"text": "Praktische tips", "level": "h2"}),
            (P, "<ul><li>Gebruik een lettergrootte van minstens 12 punt.</li><li>Zet de "
                "belangrijkste vraag bovenaan.</li><li>Vraag de bestuurder om een samenvatting "
                "in gewone taal.</li></ul>"),
            _quote("Met een samenvatting van één A4 kan ik weer volwaardig meepraten.",
                   "Gerard Smit", "lid cliëntenraad", "Stichting Zien en Horen"),
        ],
    },
    {
        "slug": "coachen-onderdeel-van-je-vak",
        "title": "Coachen: hoort dat bij het vak van ondersteuner?",
        "teaser": "Steeds meer ondersteuners coachen de raad, naast het secretariële werk. Waar "
                  "ligt de grens?",
        "days_ago": 96,
        "themes": ["ondersteuners-clientenraden"],
        "keywords": ["coaching", "rol ondersteuner"],
        "source": ("Zorg en Zeggenschap", "zomereditie 2026"),
        "body": [
            (P, "<p>Ondersteuners doen meer dan notuleren. Ze helpen de raad een standpunt te "
                "bepalen, bereiden gesprekken voor en coachen nieuwe leden.</p>"),
            _quote("Ik coach de raad, maar de raad beslist. Dat onderscheid bewaak ik "
                   "voortdurend.", "Anouk Vermeer", "functionaris medezeggenschap",
                   "Ziekenhuis Gelderse Vallei"),
            (P, "<p>Tijdens de netwerkbijeenkomst in november stond deze vraag centraal. Lees "
                "ook het verslag van die middag.</p>"),
        ],
    },
    {
        "slug": "werven-van-nieuwe-leden",
        "title": "Nieuwe leden werven voor de cliëntenraad",
        "teaser": "Veel raden zoeken nieuwe leden. Wat werkt wel en wat niet? Ervaringen uit de "
                  "praktijk.",
        "days_ago": 120,
        "themes": ["organiseren-en-vernieuwen"],
        "keywords": ["werving", "tips"],
        "body": [
            (P, "<p>Een vacature op het prikbord levert zelden iets op. Raden die persoonlijk "
                "mensen benaderen, vinden vaker nieuwe leden.</p>"),
            _quote("We vroegen familieleden direct na een familieavond. Twee van hen zitten nu "
                   "in de raad.", "Wim van Dam", "secretaris cliëntenraad",
                   "Zorggroep Noorderbreedte"),
        ],
    },
]


# Older demo databases pointed a button at the development server; links are site paths now.
LEGACY_LINKS = {"http://localhost:8000/mijn-loc/": "/mijn-loc/"}


def _fix_legacy_links(index):
    from cms.news.models import ArticlePage

    fixed = 0
    slugs = [spec["slug"] for spec in ARTICLES]
    for page in ArticlePage.objects.child_of(index).filter(slug__in=slugs, live=True,
                                                           has_unpublished_changes=False):
        raw = [dict(block) for block in page.body.raw_data]
        stale = [block for block in raw if block["type"] == "call_to_action"
                 and block["value"].get("url") in LEGACY_LINKS]
        for block in stale:
            block["value"] = {**block["value"], "url": LEGACY_LINKS[block["value"]["url"]]}
        if stale:
            page.body = raw
            page.save_revision().publish()
            fixed += 1
    return fixed


def _body(blocks):
    return [{"type": kind, "value": value} for kind, value in blocks]


@transaction.atomic
def load(log):
    from cms.core.demo import ensure_page, ensure_themes
    from cms.core.demo_images import demo_image
    from cms.news.models import ArticlePage, MagazineSource, NewsIndexPage

    index = NewsIndexPage.objects.get()
    themes = ensure_themes()
    today = timezone.localdate()
    created = 0
    for spec in ARTICLES:
        if index.get_children().filter(slug=spec["slug"]).exists():
            continue
        source, edition = None, ""
        if "source" in spec:
            source, _ = MagazineSource.objects.get_or_create(name=spec["source"][0])
            edition = spec["source"][1]
        image = demo_image(spec["slug"], spec["title"])
        page = ensure_page(
            index, ArticlePage, spec["slug"], title=spec["title"], teaser=spec["teaser"],
            date=today - timedelta(days=spec["days_ago"]), hero_image=image,
            hero_alt=image.description, body=_body(spec["body"]),
            source=source, source_edition=edition,
        )
        page.themes.set([themes[slug] for slug in spec["themes"]])
        page.keywords.set(spec["keywords"])
        page.save_revision().publish()
        created += 1
    fixed = _fix_legacy_links(index)
    log(f"News: {created} articles added ({len(ARTICLES)} in the demo)"
        + (f", links fixed in {fixed}." if fixed else "."))
