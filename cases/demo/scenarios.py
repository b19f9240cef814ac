"""The kinds of incident a school sees, written as a teacher would register them; the demo
draws its incidents from these."""

from dataclasses import dataclass, field

from cases.models import Classification, InvolvementRole, Location, ReporterKind, Severity

B, V, F, D, S = (
    InvolvementRole.BULLY,
    InvolvementRole.VICTIM,
    InvolvementRole.FOLLOWER,
    InvolvementRole.DEFENDER,
    InvolvementRole.BYSTANDER,
)


@dataclass(frozen=True)
class Scenario:
    """A kind of incident a school sees; the demo draws its incidents from these."""

    description: str
    location: str
    forms: list[str]
    examples: list[str]
    classification: str
    roles: list[str]
    groups: range
    reporters: list[str]
    marks: list[str] = field(default_factory=list)
    platforms: list[str] = field(default_factory=list)
    digital_description: str = ""
    severity: str = Severity.LIGHT


ALL_MARKS = ["repeated", "interaction", "negative", "defenceless", "power-imbalance"]
PUP, PAR, COL, TCH, ANON = (
    ReporterKind.PUPIL,
    ReporterKind.PARENT,
    ReporterKind.COLLEAGUE,
    ReporterKind.TEACHER,
    ReporterKind.ANONYMOUS,
)

SCENARIOS: list[Scenario] = [
    Scenario(
        "{victim} wordt tijdens het buitenspelen al een paar weken uitgescholden door {bully}. "
        "Andere kinderen lachen mee. {victim} wil niet meer naar buiten in de pauze.",
        Location.PLAYGROUND,
        ["verbal"],
        ["verbal-name-calling", "verbal-mocking-remarks"],
        Classification.BULLYING,
        [B, V, F],
        range(3, 9),
        [PUP, COL, PAR],
        marks=ALL_MARKS,
    ),
    Scenario(
        "{bully} noemt {victim} in de klas steeds bij een bijnaam. {victim} heeft gevraagd "
        "ermee te stoppen, maar het gaat door, ook als de leerkracht het niet hoort.",
        Location.CLASSROOM,
        ["verbal"],
        ["verbal-nickname", "verbal-insults"],
        Classification.BULLYING,
        [B, V, S],
        range(4, 9),
        [PUP, PAR, TCH],
        marks=["repeated", "interaction", "negative"],
    ),
    Scenario(
        "Bij de gymles kiest niemand {victim} voor een team; {bully} zegt hardop dat "
        "{victim} 'toch niks kan'. Dit gebeurt volgens de gymleerkracht elke week.",
        Location.GYM,
        ["psychological", "verbal"],
        ["psychological-picked-last", "verbal-mocking-remarks"],
        Classification.BULLYING,
        [B, F, V],
        range(3, 9),
        [COL, TCH],
        marks=["repeated", "negative", "defenceless", "power-imbalance"],
    ),
    Scenario(
        "{bully} heeft de meiden van de groep gezegd dat ze niet meer met {victim} mogen "
        "praten. {victim} zit in de pauze alleen en huilde thuis, vertelt moeder.",
        Location.CLASSROOM,
        ["psychological"],
        ["psychological-ignoring", "psychological-isolating"],
        Classification.BULLYING,
        [B, F, V, D],
        range(5, 9),
        [PAR],
        marks=ALL_MARKS,
        severity=Severity.SERIOUS,
    ),
    Scenario(
        "Tijdens de rekenles gaan er briefjes rond over {victim}. Een briefje is gevonden "
        "onder de tafel van {bully}. Nog niet duidelijk of dit vaker gebeurt.",
        Location.CLASSROOM,
        ["psychological"],
        ["psychological-passing-notes"],
        Classification.UNDETERMINED,
        [B, V],
        range(5, 9),
        [TCH, PUP],
    ),
    Scenario(
        "{bully} heeft bij de verjaardag de hele groep uitgenodigd behalve {victim}, en dat "
        "in de klas rondverteld. {victim} was erg verdrietig.",
        Location.CLASSROOM,
        ["psychological"],
        ["psychological-skipping-treats"],
        Classification.BULLYING,
        [B, V],
        range(3, 7),
        [PAR, TCH],
        marks=["negative", "defenceless", "power-imbalance"],
    ),
    Scenario(
        "{bully} en {victim} duwen elkaar in de rij bij de gang en roepen dingen naar elkaar. "
        "Beiden doen mee en lachen er ook om; na een gesprek was het over.",
        Location.CORRIDOR,
        ["physical"],
        ["physical-touching"],
        Classification.TEASING,
        [B, V],
        range(1, 5),
        [TCH, COL],
        marks=["interaction"],
    ),
    Scenario(
        "Vechtpartij op het plein tussen {bully} en {victim} na een ruzie over voetbal. Beiden "
        "sloegen; {victim} had een bloedneus. De pleinwacht heeft ze uit elkaar gehaald.",
        Location.PLAYGROUND,
        ["physical"],
        ["physical-abuse"],
        Classification.AGGRESSION,
        [B, V, S],
        range(5, 9),
        [COL],
        marks=["interaction", "negative"],
        severity=Severity.SERIOUS,
    ),
    Scenario(
        "{bully} en een vriend wachten {victim} na schooltijd op bij het fietsenhok en duwen "
        "{victim} van de fiets. Volgens {victim} gebeurt dit sinds de herfstvakantie vaker.",
        Location.WAY_TO_SCHOOL,
        ["physical", "verbal"],
        ["physical-ambush", "physical-following", "verbal-name-calling"],
        Classification.BULLYING,
        [B, F, V],
        range(6, 9),
        [PAR, PUP],
        marks=ALL_MARKS,
        severity=Severity.SERIOUS,
    ),
    Scenario(
        "{bully} pakt in de pauze telkens de pet of het drinken van {victim} af en geeft het "
        "pas terug als {victim} gaat smeken.",
        Location.PLAYGROUND,
        ["physical"],
        ["physical-taking-belongings", "physical-taunting"],
        Classification.BULLYING,
        [B, V, D],
        range(3, 7),
        [PUP, COL],
        marks=["repeated", "negative", "defenceless", "power-imbalance"],
    ),
    Scenario(
        "{victim} moest van {bully} elke dag een snoepje of geld meenemen, 'anders'. Moeder "
        "merkte dat er geld uit de spaarpot verdween.",
        Location.WAY_TO_SCHOOL,
        ["physical"],
        ["physical-extortion", "physical-treating-as-slave"],
        Classification.BULLYING,
        [B, V],
        range(6, 9),
        [PAR],
        marks=ALL_MARKS,
        severity=Severity.SERIOUS,
    ),
    Scenario(
        "In de zandbak pakt {bully} steeds het schepje van {victim} af en duwt {victim} weg. "
        "Samen met beide kinderen de afspraak over samen spelen herhaald.",
        Location.PLAYGROUND,
        ["physical"],
        ["physical-taking-belongings", "physical-touching"],
        Classification.TEASING,
        [B, V],
        range(1, 3),
        [TCH, PAR],
        marks=["interaction"],
    ),
    Scenario(
        "In de groepsapp van de klas wordt {victim} steeds uit de groep gezet door {bully}. "
        "Ook wordt er over {victim} geroddeld. Vader heeft screenshots gestuurd.",
        Location.ONLINE,
        ["digital", "psychological"],
        ["digital-group-app-exclusion", "psychological-isolating"],
        Classification.BULLYING,
        [B, F, V, S],
        range(6, 9),
        [PAR],
        marks=ALL_MARKS,
        platforms=["whatsapp", "group-apps"],
    ),
    Scenario(
        "{bully} heeft stiekem een foto van {victim} in de kleedkamer gemaakt en die met een "
        "gemene tekst op Snapchat en TikTok gezet. De foto is door veel kinderen gezien.",
        Location.ONLINE,
        ["digital"],
        ["digital-hurtful-images"],
        Classification.BULLYING,
        [B, F, V],
        range(7, 9),
        [PAR, PUP, ANON],
        marks=ALL_MARKS,
        platforms=["snapchat", "tiktok"],
        severity=Severity.SERIOUS,
    ),
    Scenario(
        "Tijdens het gamen 's avonds scheldt {bully} in de chat {victim} uit en dreigt "
        "'morgen op school' iets te doen. {victim} durfde niet naar school.",
        Location.ONLINE,
        ["digital", "verbal"],
        ["digital-game-chat-abuse", "verbal-insults"],
        Classification.UNDETERMINED,
        [B, V],
        range(5, 9),
        [PAR, PUP],
        marks=["negative"],
        platforms=["gaming"],
    ),
    Scenario(
        "Er is een nepaccount op Instagram met de naam en foto van {victim}. Kinderen uit de "
        "groep denken dat {bully} het heeft gemaakt; {bully} ontkent.",
        Location.ONLINE,
        ["digital"],
        ["digital-fake-accounts"],
        Classification.UNDETERMINED,
        [B, V, S],
        range(7, 9),
        [PAR, ANON],
        platforms=["instagram"],
        severity=Severity.SERIOUS,
    ),
    Scenario(
        "{bully} heeft een screenshot van een privégesprek met {victim} in de klassenapp "
        "gedeeld. {victim} schaamt zich en wil de app niet meer openen.",
        Location.ONLINE,
        ["digital"],
        ["digital-sharing-screenshots"],
        Classification.BULLYING,
        [B, V, D],
        range(7, 9),
        [PUP, PAR],
        marks=["negative", "defenceless", "power-imbalance"],
        platforms=["whatsapp"],
    ),
    Scenario(
        "Via de chat op de schooltablets sturen {bully} en anderen gemene berichtjes naar "
        "{victim} tijdens het zelfstandig werken.",
        Location.CLASSROOM,
        ["digital", "verbal"],
        ["verbal-insults"],
        Classification.BULLYING,
        [B, F, V],
        range(5, 9),
        [TCH, PUP],
        marks=["repeated", "interaction", "negative"],
        platforms=["other"],
        digital_description="Chatfunctie van de schooltablets",
    ),
    Scenario(
        "{bully} maakt elke ochtend opmerkingen over de kleding van {victim} en zegt dat "
        "{victim} lelijk is. {victim} wil sinds kort niet meer naar school.",
        Location.CORRIDOR,
        ["verbal", "psychological"],
        ["verbal-remarks-clothing", "psychological-stupid-or-ugly"],
        Classification.BULLYING,
        [B, V, S],
        range(5, 9),
        [PAR, PUP],
        marks=ALL_MARKS,
    ),
    Scenario(
        "{bully} jent {victim} tijdens de gymles door steeds de bal weg te trappen en te "
        "lachen. {victim} lachte eerst mee en deed daarna hetzelfde terug.",
        Location.GYM,
        ["physical", "verbal"],
        ["physical-taunting", "verbal-mocking-remarks"],
        Classification.TEASING,
        [B, V],
        range(4, 8),
        [COL, TCH],
        marks=["interaction"],
    ),
]

COLLEAGUES = ["juf Fleur (pleinwacht)", "meester Koen (gym)", "juf Anouk (overblijf)"]
