"""The opleidingsgids as demo content: titles, groups and durations as LOC publishes them.

Each row: slug, title, group, duration text, min and max half-days, summary, themes.
"""

MEMBER_HOURLY = "Ledentarief per uur. Met het uitgebreide lidmaatschap (pakket 2) krijgt de raad "
MEMBER_HOURLY += "één dagdeel maatwerk per jaar gratis."
NON_MEMBER_HOURLY = "Niet-ledentarief per uur: op aanvraag."
MODULE_DURATION = "In overleg, als onderdeel van een training op maat"
DEPENDS = "Afhankelijk van de vraag"

ADVICE = "adviesonderwerpen"
ORGANISE = "organiseren-en-vernieuwen"
SERVICE = "dienstverlening"
TOOLS = "hulpmiddelen"
SUPPORTERS = "ondersteuners-clientenraden"

COURSES = [
    ("basiscursus-medezeggenschap-in-de-praktijk", "Basiscursus Medezeggenschap in de praktijk",
     "courses", "Minimaal één dagdeel van 4 uur", 1, None,
     "De basis voor nieuwe en ervaren raadsleden: wat mag de raad, hoe werkt de Wmcz 2018 en "
     "hoe maak je daar in de praktijk iets van?", [ORGANISE, SERVICE]),
]

COUNCIL_WORK = [
    ("interne-organisatie", "Interne organisatie van de cliëntenraad",
     "Taken verdelen, vergaderen en afspraken vastleggen, zodat de raad soepel draait.",
     [ORGANISE]),
    ("werkplan", "Het maken van een werkplan",
     "Van losse onderwerpen naar een plan voor het jaar: wat wil de raad bereiken en wanneer?",
     [ORGANISE, TOOLS]),
    ("rechten-wmcz-2018", "De rechten van de cliëntenraad en de Wmcz 2018",
     "Advies, verzwaard advies en instemming: welke rechten de wet de raad geeft en hoe je "
     "ze gebruikt.", [ADVICE]),
    ("adviseren-doe-je-zo", "Adviseren doe je zó",
     "Stap voor stap een sterk advies opstellen dat de bestuurder serieus neemt.", [ADVICE, TOOLS]),
    ("visie-op-medezeggenschap", "Visie op medezeggenschap",
     "Samen met de organisatie bepalen waar medezeggenschap voor staat en hoe het eruitziet.",
     [ORGANISE]),
    ("incontactstaan", "InContactStaan",
     "Manieren om de achterban te horen en te laten weten wat de raad voor hen doet.",
     [ORGANISE, TOOLS]),
    ("werven-nieuwe-leden", "Werven van nieuwe leden",
     "Nieuwe leden vinden, enthousiasmeren en goed laten beginnen in de raad.", [ORGANISE]),
    ("sociale-media", "Cliëntenraad en sociale media",
     "Hoe de raad sociale media inzet om zichtbaar te zijn en de achterban te bereiken.", [TOOLS]),
    ("teambuilding", "Cliëntenraad en teambuilding",
     "Elkaar beter leren kennen en sterker samenwerken als team van raadsleden.", [ORGANISE]),
    ("gesprekstechnieken", "Cliëntenraad en gesprekstechnieken",
     "Luisteren, doorvragen en je standpunt helder brengen in overleg met de bestuurder.", [TOOLS]),
    ("bestuur-en-toezicht", "De rol van de cliëntenraad in bestuur en toezicht",
     "De verhouding tussen raad, bestuurder en raad van toezicht, en wat dat vraagt van de raad.",
     [ADVICE, ORGANISE]),
]

ADVICE_TOPICS = [
    ("wkkgz", "Wkkgz",
     "Klachten, incidenten en kwaliteit volgens de Wkkgz: waar let de raad op?", [ADVICE]),
    ("rechtspositie-clienten", "Rechtspositie cliënten",
     "De rechten van cliënten op een rij, en hoe de raad meekijkt of ze worden nageleefd.",
     [ADVICE]),
    ("wzd-wvggz", "Wzd / Wvggz",
     "Onvrijwillige zorg en verplichte ggz: wat de wetten regelen en wat de raad kan doen.",
     [ADVICE]),
    ("kwaliteit-van-zorg-en-welzijn", "Kwaliteit van zorg en welzijn",
     "Kwaliteit door de ogen van cliënten: kaders, rapportages en het gesprek erover.", [ADVICE]),
    ("levensvragen-en-zingeving", "Levensvragen en zingeving",
     "Aandacht voor wat het leven zin geeft, en hoe de raad dat onderwerp op de agenda zet.",
     [ADVICE]),
    ("veiligheid-in-zorgrelaties", "Veiligheid in (zorg)relaties",
     "Grensoverschrijdend gedrag voorkomen en bespreekbaar maken: de rol van de raad.", [ADVICE]),
    ("financien-zorgorganisatie", "Financiën van de zorgorganisatie",
     "Begroting en jaarrekening lezen en er de goede vragen over stellen.", [ADVICE, TOOLS]),
    ("bouw-verbouw-nieuwbouw", "Bouw, verbouw en nieuwbouw",
     "Vroeg meedenken over gebouwen en inrichting, vanuit de wensen van cliënten.", [ADVICE]),
    ("aanvullende-diensten", "Aanvullende diensten",
     "Diensten die cliënten zelf betalen: wat mag de raad ervan vinden en waarover beslist hij?",
     [ADVICE]),
    ("grote-beleidsplannen", "Omgaan met grote beleidsplannen",
     "Dikke plannen behapbaar maken: hoofdlijnen zien en gericht adviseren.", [ADVICE, TOOLS]),
]

TRAJECTS = [
    ("stukken-centrale-clientenraad", "Stukken voor de (centrale) cliëntenraad", "advice",
     DEPENDS, None, None,
     "Hulp bij het doorgronden van adviesaanvragen en beleidsstukken, zodat de raad "
     "onderbouwd reageert.", [ADVICE, SERVICE]),
    ("procedures-commissie-van-vertrouwenslieden",
     "Ondersteuning bij procedures Commissie van Vertrouwenslieden", "advice",
     "Afhankelijk van de aanvraag en de omvang", None, None,
     "Begeleiding wanneer de raad een geschil voorlegt aan de Commissie van Vertrouwenslieden.",
     [ADVICE, SERVICE]),
    ("fusies-en-overnames", "Fusies en overnames", "advice", DEPENDS, None, None,
     "Een fusie of overname vraagt veel van de raad; wij helpen de belangen van cliënten "
     "scherp te houden.", [ADVICE]),
    ("waarderend-onderzoek", "Waarderend onderzoek", "advice", DEPENDS, None, None,
     "Onderzoeken wat goed gaat in de medezeggenschap en daarop voortbouwen.", [ORGANISE]),
    ("instrumenten-zelfevaluatie", "Instrumenten voor zelfevaluatie", "advice",
     "2 dagdelen", 2, 2,
     "De raad kijkt met praktische instrumenten naar het eigen functioneren.", [ORGANISE, TOOLS]),
    ("waardenportret", "Waardenportret van de cliëntenraad", "advice", "2 dagdelen", 2, 2,
     "Welke waarden drijven de raad? Een portret als kompas voor keuzes en adviezen.",
     [ORGANISE]),
    ("intervisie-op-samenwerking", "Intervisie op samenwerking", "coaching",
     "2 tot 4 dagdelen", 2, 4,
     "Raadsleden bespreken samen lastige situaties uit de samenwerking en leren ervan.",
     [ORGANISE]),
    ("samenwerking-raden-en-zorgorganisatie",
     "Samenwerking tussen cliëntenraden en zorgorganisatie", "coaching",
     "Minimaal 1 dagdeel", 1, None,
     "Raad en organisatie werken aan een goede verstandhouding en heldere afspraken.",
     [ORGANISE]),
    ("gesprekstechnieken-traject", "Gesprekstechnieken", "coaching", "2 tot 4 dagdelen", 2, 4,
     "Oefenen met echte gesprekken, zodat de raad sterker staat aan tafel.", [TOOLS]),
    ("coaching-op-samenwerking", "Coaching op samenwerking", "coaching",
     "2 tot 4 dagdelen", 2, 4,
     "Een coach helpt de raad om samenwerking binnen de raad te verbeteren.", [ORGANISE]),
    ("reflectiebijeenkomsten", "Reflectiebijeenkomsten", "coaching", "2 tot 4 dagdelen", 2, 4,
     "Even stilstaan bij wat de raad doet en wat beter kan, onder begeleiding.", [ORGANISE]),
    ("herinrichting-medezeggenschap", "Herinrichting medezeggenschap", "support",
     DEPENDS, None, None,
     "Een nieuwe structuur voor medezeggenschap, passend bij de organisatie en de cliënten.",
     [ORGANISE]),
    ("passende-medezeggenschap", "Passende medezeggenschap", "support",
     "2 dagen (4 dagdelen)", 4, 4,
     "Samen zoeken naar vormen van medezeggenschap die passen bij wat cliënten kunnen en "
     "willen.", [ORGANISE]),
    ("spiegelgesprekken", "Spiegelgesprekken", "support",
     "Afhankelijk van de vraag, minimaal 1 dagdeel", 1, None,
     "Cliënten vertellen over hun ervaringen; raad en organisatie luisteren en leren.",
     [ORGANISE, TOOLS]),
]

# Ondersteuners' offerings: slug, title, duration, min, max, summary, member price,
# non-member price, body, words that find their events in the agenda.
SUPPORTER_OFFERINGS = [
    ("intervisie-ondersteuners", "Intervisie voor ondersteuners",
     "5 bijeenkomsten per jaar", None, None,
     "In een kleine, vaste groep bespreken ondersteuners vragen uit hun werk, onder leiding "
     "van een psycholoog en trainer.",
     "€ 465 per jaar (ongeveer € 92 per bijeenkomst)",
     "€ 465 per jaar (ongeveer € 92 per bijeenkomst)",
     "<p>Er zijn drie groepen: dinsdagochtend, dinsdagmiddag en vrijdagochtend. De meeste "
     "plaatsen zijn vrij in de groep op vrijdagochtend.</p><p>Intervisie is los te volgen van "
     "het netwerk en de leergang.</p>"
     # The join form lives in Mijn LOC; editors link it from the text like any other page.
     '<p><a href="/mijn-loc/lidmaatschap/aanmelden/intervisie/">Meld u aan voor een '
     "intervisiegroep</a>: u kiest de groep en betaalt online of op factuur.</p>",
     ["intervisie"]),
    ("netwerk-ondersteuners", "Netwerk ondersteuners cliëntenraden",
     "Per kalenderjaar", None, None,
     "Het netwerk voor ondersteuners: twee netwerkbijeenkomsten per jaar, digitale "
     "sparsessies voor leden en twee keer per jaar een nieuwsbrief.",
     "€ 450 per kalenderjaar. Opzeggen vóór 1 oktober, anders loopt het lidmaatschap een jaar "
     "door.",
     "De netwerkbijeenkomsten zijn ook open voor niet-leden; de sparsessies alleen voor leden.",
     "<p>In 2026 zijn de sparsessies op 19 februari, 10 juni en 6 oktober.</p><p>Het netwerk "
     "is los te volgen van intervisie en de leergang.</p>"
     '<p><a href="/mijn-loc/lidmaatschap/aanmelden/netwerk/">Word lid van het netwerk</a>: '
     "u meldt zich aan in Mijn LOC en betaalt online of op factuur.</p>",
     ["netwerk", "sparsessie voor ondersteuners"]),
    ("leergang-ondersteuner", "Leergang Ondersteuner cliëntenraad",
     "Vier dagen", 8, 8,
     "Een leergang van vier dagen voor wie de raad ondersteunt, twee keer per jaar.",
     "Op aanvraag", "Op aanvraag",
     "<p>In het najaar op 2 september, 14 oktober, 4 november en 9 december; in het voorjaar "
     "een extra reeks op 6 maart, 3 april, 15 mei en 12 juni, in Utrecht.</p><p>Is de "
     "leergang vol? Zet je op de lijst van belangstellenden.</p>",
     ["leergang"]),
]
