"""The protocol's reference lists, taken word for word from the school's anti-pestprotocol.

This is Dutch school data, not interface text: it is loaded into the database once
(`manage.py load_protocol`) and from then on the coordinator keeps it current in the admin.
Every item has a stable `key`; the loader adds items whose key is missing and never touches
an existing one, so a reload cannot undo the coordinator's edits.

Editorial choices, made so the lists stay recognisable next to the printed protocol:
- Line breaks inside a sentence are joined and surrounding spaces stripped; nothing else
  is changed. The protocol's own spelling is kept, including "Vind het leuk" (§6.1, for
  "Vindt") and "om een positieve manier ... met ander kinderen" (§8.1): the coordinator
  can correct them in the admin and a reload keeps the correction.
- §5.3 has no introductory sentence, so the description of physical bullying is put
  together from the words of §4.2 and §5.3.
- §10.1 and §10.3 are prose; their actions are the protocol's sentences turned into
  instructions. Bullets longer than one action (§10.2 "Zorgen dat het kind zich veilig
  voelt; ...") are split at their sentences; the rationale of the second bullet of §10.4
  (why not to start from a situation in the class) is left out to keep a checklist item short.
- The advice to parents (§10.5) starts with the heading it falls under ("Ouders van
  Pesters: ..."), because the three lists share items and an action plan must say whom
  the advice is for.
"""

from dataclasses import dataclass, field

from protocol.models import FormCode, SignalKind, Track


@dataclass(frozen=True)
class Example:
    key: str
    text: str


@dataclass(frozen=True)
class Form:
    key: str
    code: str
    name: str
    description: str
    examples: list[Example] = field(default_factory=list)


@dataclass(frozen=True)
class Item:
    key: str
    text: str


@dataclass(frozen=True)
class Action:
    key: str
    track: str
    source: str
    text: str


# §5 and §5.1–5.4
FORMS: list[Form] = [
    Form(
        key="verbal",
        code=FormCode.VERBAL,
        name="Verbaal",
        description=(
            "Bij verbaal pesten wordt het gesproken woord gebruikt om het slachtoffer "
            "‘op een verkeerd been’ te zetten of belachelijk te maken."
        ),
        examples=[
            Example("verbal-silent-treatment", "Volstrekt doodzwijgen van het slachtoffer."),
            Example(
                "verbal-nickname",
                "Nooit de echte naam, maar een bijnaam van het slachtoffer gebruiken.",
            ),
            Example(
                "verbal-mocking-remarks",
                "Voortdurend zogenaamde leuke opmerkingen over het slachtoffer maken.",
            ),
            Example("verbal-name-calling", "Steeds het slachtoffer uitschelden."),
            Example("verbal-blaming", "Het slachtoffer voortdurend van iets de schuld geven."),
            Example("verbal-remarks-clothing", "Opmerkingen maken over kleding."),
            Example("verbal-insults", "Beledigende opmerkingen maken."),
        ],
    ),
    Form(
        key="psychological",
        code=FormCode.PSYCHOLOGICAL,
        name="Psychologisch",
        description=(
            "Vormen van psychologisch pesten worden door leerkrachten vaak niet opgemerkt "
            "omdat zij zich ‘in het geniep’ afspelen en niet door verbaal of non-verbaal "
            "gedrag worden onderstreept."
        ),
        examples=[
            Example("psychological-ignoring", "Opzettelijk negeren van het slachtoffer."),
            Example(
                "psychological-skipping-treats",
                "Overslaan bij het uitdelen van versnaperingen of uitnodigingen tijdens "
                "verjaardagen.",
            ),
            Example(
                "psychological-stupid-or-ugly",
                "Het slachtoffer laten geloven dat hij dom of lelijk is.",
            ),
            Example(
                "psychological-failure",
                "Het slachtoffer laten geloven dat hij ‘mislukt’ is en beter niet geboren "
                "had kunnen worden.",
            ),
            Example(
                "psychological-isolating",
                "Isoleren van het slachtoffer van de rest van de groep.",
            ),
            Example(
                "psychological-picked-last",
                "Het slachtoffer niet kiezen waardoor hij als laatste overblijft "
                "(bijvoorbeeld tijdens gym, pauzes, e.d.).",
            ),
            Example("psychological-passing-notes", "Briefjes doorgeven."),
            Example(
                "psychological-left-in-the-dark",
                "Geen afspraken maken met het slachtoffer waardoor deze in het ongewisse "
                "blijft over hetgeen hij voor een (groeps)opdracht moet doen.",
            ),
        ],
    ),
    Form(
        key="physical",
        code=FormCode.PHYSICAL,
        name="Fysiek",
        description=(
            "Fysiek pesten is lichamelijk geweld: aanraken, slaan, schoppen, opwachten, "
            "bezittingen afpakken of geld afpersen."
        ),
        examples=[
            Example("physical-abuse", "Fysiek of seksueel mishandelen."),
            Example(
                "physical-touching",
                "Bij herhaling lichaam of kleding aanraken of tegen de stoel tikken.",
            ),
            Example(
                "physical-ambush",
                "Buiten school opwachten, slaan of schoppen.",
            ),
            Example("physical-following", "Op weg van en naar school achterna rijden."),
            Example("physical-misdirecting", "Bewust de verkeerde kant uitsturen."),
            Example("physical-treating-as-slave", "Als slaaf behandelen."),
            Example("physical-taking-belongings", "Bezittingen aanraken of afpakken."),
            Example("physical-extortion", "Cadeaus eisen of geld afpersen."),
            Example("physical-taunting", "Jennen."),
        ],
    ),
    Form(
        key="digital",
        code=FormCode.DIGITAL,
        name="Digitaal",
        description=(
            "Cyberpesten speelt zich tegenwoordig vooral af via sociale media, chatapps, "
            "gamingplatformen en het delen van foto- en videomateriaal."
        ),
        examples=[
            Example(
                "digital-hurtful-images",
                "Verspreiden of delen van kwetsende beelden via TikTok, Instagram, Snapchat "
                "of WhatsApp.",
            ),
            Example(
                "digital-group-app-exclusion",
                "Uitsluiting of roddelen in groepsapps.",
            ),
            Example(
                "digital-game-chat-abuse",
                "Beledigingen, bedreigingen of haatberichten in gamechats.",
            ),
            Example(
                "digital-fake-accounts",
                "Aanmaken van nepaccounts, deepfakes of fake profielen.",
            ),
            Example(
                "digital-sharing-screenshots",
                "Delen van screenshots van privégesprekken zonder toestemming.",
            ),
        ],
    ),
]

# §5.4
PLATFORMS: list[Item] = [
    Item("tiktok", "TikTok"),
    Item("instagram", "Instagram"),
    Item("snapchat", "Snapchat"),
    Item("whatsapp", "WhatsApp"),
    Item("group-apps", "Groepsapps"),
    Item("gaming", "Gamechats / gamingplatformen"),
    Item("other", "Anders"),
]

# §4.2
MARKS: list[Item] = [
    Item("repeated", "Herhaalde actie."),
    Item("interaction", "In interactie met anderen."),
    Item("negative", "Negatief ten opzichte van de ander."),
    Item("defenceless", "De actie is gericht op iemand die zich niet kan verweren."),
    Item("power-imbalance", "Er is sprake van machtsongelijkheid (fysiek en/of sociaal)."),
]

# §6.1
BULLY_SIGNALS: list[Item] = [
    Item("bully-wants-power", "Wil zich machtig voelen."),
    Item("bully-wants-control", "Wil controle uitoefenen."),
    Item("bully-enjoys-hurting", "Vind het leuk/interessant om andere kinderen pijn te doen."),
    Item("bully-charisma", "Heeft charisma en charme."),
    Item(
        "bully-picks-unseen-moment",
        "Weet het juiste moment te kiezen om ongezien te kunnen pesten.",
    ),
    Item(
        "bully-enjoys-suffering",
        "Vind het leuk om anderen te laten lijden door plagen, bedreigen, intimideren of "
        "psychisch mishandelen.",
    ),
    Item("bully-hot-tempered", "Is heetgebakerd."),
    Item("bully-impulsive", "Is impulsief."),
    Item("bully-rules", "Kan zich moeilijk houden aan regels en afspraken."),
    Item(
        "bully-maladjusted",
        "Onaangepast gedrag: aanvallend, oppositioneel of agressief naar medeleerlingen, "
        "ouders en leerkrachten.",
    ),
    Item("bully-little-compassion", "Voelen weinig medeleven voor de kinderen die zij pesten."),
    Item("bully-little-empathy", "Kunnen zich slecht verplaatsen in (de situatie van) een ander."),
    Item("bully-low-frustration", "Hebben een lage frustratiedrempel."),
    Item("bully-tough-appearance", "Hebben een stoer voorkomen."),
    Item(
        "bully-antisocial",
        "Zijn betrokken bij ander asociaal of crimineel gedrag (stelen of vandalisme).",
    ),
]

# §6.2
VICTIM_SIGNALS: list[Item] = [
    Item("victim-quiet", "Zijn stil, gevoelig of passief."),
    Item("victim-unhappy", "Zijn ongelukkig, onzeker en verward."),
    Item("victim-sad", "Lijken verdrietig, depressief of wisselvallig."),
    Item("victim-on-guard", "Zijn op hun hoede."),
    Item("victim-low-self-esteem", "Hebben een lage eigenwaarde."),
    Item(
        "victim-physical-complaints",
        "Hebben lichamelijke klachten: bijvoorbeeld hoofdpijn, buikpijn, tics of angstzweet.",
    ),
    Item("victim-school-anxiety", "Hebben angst, stress of twijfel om naar school te gaan."),
    Item("victim-less-motivated", "Zijn minder gemotiveerd om te werken voor school."),
    Item(
        "victim-battered",
        "Komen gehavend uit school: vuile of kapotte kleding; beschadigde boeken.",
    ),
    Item(
        "victim-signs-of-abuse",
        "Vertonen kenmerken van lichamelijke mishandeling: blauwe plekken, krabbels of sneeën.",
    ),
    Item(
        "victim-sleeps-badly",
        "Slapen niet goed, hebben nachtmerries of huilen in hun slaap.",
    ),
    Item(
        "victim-anything-to-belong",
        "Doen letterlijk ‘alles’ om erbij te horen: gevaarlijk, ongewenst, onderdanig of "
        "ongepast gedrag.",
    ),
    Item("victim-startled", "Schrikken van plotselinge uitingen van boosheid van anderen."),
    Item("victim-isolated", "Zijn sociaal geïsoleerd (weinig (boezem)vrienden)."),
    Item("victim-sees-bullying-everywhere", "Denken dat alles wat een ander doet pestgedrag is."),
]

SIGNALS: dict[str, list[Item]] = {
    SignalKind.BULLY: BULLY_SIGNALS,
    SignalKind.VICTIM: VICTIM_SIGNALS,
}

_T, _B, _V, _M, _P = (
    Track.TEACHER,
    Track.BULLY,
    Track.VICTIM,
    Track.MIDDLE_GROUP,
    Track.PARENTS,
)

# §8.1 and §10.1–10.5, in the order of the protocol.
ACTIONS: list[Action] = [
    # §8.1 Begeleiding van een kind dat wordt gepest
    Action(
        "8-1-victim-listen",
        _V,
        "8.1",
        "Naar het kind luisteren en zijn/haar probleem serieus nemen.",
    ),
    Action(
        "8-1-victim-discuss-solutions",
        _V,
        "8.1",
        "Met het kind overleggen over mogelijke oplossingen.",
    ),
    Action("8-1-victim-work-on-solutions", _V, "8.1", "Samen aan de oplossingen werken."),
    Action("8-1-victim-talk-parents", _V, "8.1", "Gesprek met de ouders van het gepeste kind."),
    Action(
        "8-1-victim-agreements",
        _V,
        "8.1",
        "Afspraken maken over de aanpak met de ouders en het kind.",
    ),
    Action(
        "8-1-victim-expert-help",
        _V,
        "8.1",
        "Indien nodig zorgen dat het kind deskundige hulp krijgt, bijv. SOVA-training.",
    ),
    Action(
        "8-1-victim-social-teams",
        _V,
        "8.1",
        "Indien nodig inschakelen van sociale teams Helmond",
    ),
    # §8.1 Begeleiding van een kind dat pest
    Action(
        "8-1-bully-effect",
        _B,
        "8.1",
        "Met het kind bespreken welk effect zijn/haar gedrag heeft voor de gepeste.",
    ),
    Action(
        "8-1-bully-relationships",
        _B,
        "8.1",
        "Het kind helpen om een positieve manier relaties te onderhouden met ander kinderen.",
    ),
    Action(
        "8-1-bully-rules",
        _B,
        "8.1",
        "Het kind helpen om zich aan afspraken/regels te houden.",
    ),
    Action("8-1-bully-talk-parents", _B, "8.1", "Gesprek met de ouders van de Pester."),
    Action(
        "8-1-bully-social-teams",
        _B,
        "8.1",
        "Indien nodig hulp inschakelen van sociale teams Helmond.",
    ),
    # §8.1 Begeleiding van de meelopers
    Action(
        "8-1-followers-effect",
        _M,
        "8.1",
        "Bespreken welk effect zijn/haar gedrag heeft voor de gepeste.",
    ),
    Action(
        "8-1-followers-stand-up",
        _M,
        "8.1",
        "De meelopers leren om tegen het pestgedrag van de pester in te gaan. Ze een actieve "
        "rol geven.",
    ),
    Action(
        "8-1-followers-relationships",
        _M,
        "8.1",
        "Het kind helpen om een positieve manier relaties te onderhouden met ander kinderen.",
    ),
    Action(
        "8-1-followers-rules",
        _M,
        "8.1",
        "Het kind helpen om zich aan afspraken/regels te houden.",
    ),
    Action(
        "8-1-followers-social-teams",
        _M,
        "8.1",
        "Indien nodig hulp inschakelen van sociale teams Helmond.",
    ),
    # §10.1 De leraar (signaleren en aanpakken)
    Action(
        "10-1-teacher-signal-early",
        _T,
        "10.1",
        "Pesten vroegtijdig signaleren en effectief bestrijden.",
    ),
    Action(
        "10-1-teacher-involve-ib",
        _T,
        "10.1",
        "Als het nodig is de intern begeleider inschakelen, die ook buiten de klas met "
        "individuele kinderen of met groepjes kinderen aan de slag gaat.",
    ),
    Action(
        "10-1-teacher-inform-parents",
        _T,
        "10.1",
        "De ouders op de hoogte stellen (leerkracht of intern begeleider, afhankelijk van de "
        "ernst van de zorg).",
    ),
    Action(
        "10-1-teacher-meeting-all-parents",
        _T,
        "10.1",
        "Desnoods een door school georganiseerd gesprek met alle ouders uit de groep houden om "
        "te praten over de oplossing.",
    ),
    Action(
        "10-1-teacher-work-with-parents",
        _T,
        "10.1",
        "In goed overleg met de ouders samenwerken aan een bevredigende oplossing.",
    ),
    Action(
        "10-1-teacher-help-both",
        _T,
        "10.1",
        "Altijd hulp bieden aan het gepeste kind en de pester begeleiden, indien nodig in "
        "overleg met de ouders en/of externe deskundigen.",
    ),
    # §10.2 Hulp aan de Pester — Algemeen
    Action(
        "10-2-bully-problem-solving-talk",
        _B,
        "10.2",
        "Een probleemoplossend gesprek met de Pester voeren (op zoek naar de oorzaak) om de "
        "gevoeligheid voor wat hij met het slachtoffer uithaalt te vergroten, gekoppeld aan "
        "afspraken met evaluatiemomenten.",
    ),
    Action(
        "10-2-bully-chance-before-parents",
        _B,
        "10.2",
        "De Pester even de gelegenheid bieden om zijn leven te beteren alvorens zijn ouders bij "
        "zijn wangedrag te betrekken (afhankelijk van de ernst van het pestgedrag).",
    ),
    # §10.2 Begeleiding van de Pester
    Action(
        "10-2-bully-meaning",
        _B,
        "10.2",
        "Met het kind bespreken wat pesten voor de ander betekent.",
    ),
    Action(
        "10-2-bully-relationships",
        _B,
        "10.2",
        "Het kind helpen om op een positieve manier relaties te onderhouden met andere kinderen.",
    ),
    Action(
        "10-2-bully-rules",
        _B,
        "10.2",
        "Het kind helpen om zich aan de regels en afspraken te houden.",
    ),
    Action(
        "10-2-bully-safe",
        _B,
        "10.2",
        "Zorgen dat het kind zich veilig voelt; uitleggen wat jij als leerkracht gaat doen om "
        "het pesten te stoppen.",
    ),
    Action("10-2-bully-limits", _B, "10.2", "Stel grenzen en verbind daar consequenties aan."),
    Action("10-2-bully-follow-up", _B, "10.2", "Zorgen voor vervolg gesprekken."),
    # §10.2 Begeleiding van de gepeste leerling
    Action(
        "10-2-victim-empathy",
        _V,
        "10.2",
        "Medeleven tonen en luisteren en vragen: hoe en door wie wordt er gepest",
    ),
    Action(
        "10-2-victim-own-reaction",
        _V,
        "10.2",
        "Nagaan hoe de leerling zelf reageert, wat doet hij/zij voor tijdens en na het pesten",
    ),
    Action(
        "10-2-victim-provoked-reaction",
        _V,
        "10.2",
        "Huilen of heel boos worden is juist vaak een reactie die een Pester wil uitlokken.",
    ),
    Action(
        "10-2-victim-other-reaction",
        _V,
        "10.2",
        "De leerling in laten zien dat je op een andere manier kunt reageren.",
    ),
    Action(
        "10-2-victim-practise-reaction",
        _V,
        "10.2",
        "Zoeken en oefenen van een andere reactie bijvoorbeeld je niet afzonderen",
    ),
    Action(
        "10-2-victim-why-bullies-bully",
        _V,
        "10.2",
        "Het gepeste kind in laten zien waarom een kind pest.",
    ),
    Action(
        "10-2-victim-own-solution",
        _V,
        "10.2",
        "Nagaan welke oplossing het kind zelf wil",
    ),
    Action(
        "10-2-victim-strengths",
        _V,
        "10.2",
        "Sterke kanten van de leerling benadrukken",
    ),
    Action(
        "10-2-victim-reward",
        _V,
        "10.2",
        "Belonen (schouderklopje) als de leerling zich anders/beter opstelt",
    ),
    Action(
        "10-2-victim-expert-help",
        _V,
        "10.2",
        "Zo nodig zorgen dat het kind deskundige hulp krijgt, bijvoorbeeld een sova- training "
        "om weerbaarder te worden.",
    ),
    Action(
        "10-2-victim-talk-parents",
        _V,
        "10.2",
        "Praten met de ouders van de gepeste leerling en de ouders van de Pester(s)",
    ),
    Action("10-2-victim-follow-up", _V, "10.2", "Zorgen voor vervolg gesprekken."),
    Action(
        "10-2-victim-no-overprotection",
        _V,
        "10.2",
        "Het gepeste kind niet over-beschermen bijvoorbeeld naar school brengen of ‘ik zal het "
        "de Pesters wel eens gaan vertellen’.",
    ),
    # §10.3 Hulp aan het gepeste kind
    Action(
        "10-3-victim-training",
        _V,
        "10.3",
        "Het aangeleerde gedrag (passief worden of zelf uitdagen) weer laten afleren, "
        "bijvoorbeeld met sociale vaardigheidstraining, training in zelfverdediging of "
        "kanjertraining.",
    ),
    # §10.4 Hulp aan de zwijgende middengroep
    Action(
        "10-4-middle-raise-in-class",
        _M,
        "10.4",
        "Pesten aan de orde stellen in de klas bijvoorbeeld door aandacht voor dit pestprotocol "
        "en het onderwerp regelmatig terug te laten komen. Telkens in andere bewoordingen en "
        "ook gebruikmakend van verschillende werkvormen.",
    ),
    Action(
        "10-4-middle-rise-above",
        _M,
        "10.4",
        "Als een leraar met de klas spreekt over pesten, is het raadzaam geen pestsituatie in "
        "de klas als uitgangspunt te nemen, maar het onderwerp daar bovenuit te tillen.",
    ),
    Action(
        "10-4-middle-role-play",
        _M,
        "10.4",
        "Via rollenspel het buitengesloten zijn aan den lijve ondervinden.",
    ),
    Action(
        "10-4-middle-solutions",
        _M,
        "10.4",
        "Samen met de kinderen werken aan oplossingen, waarbij ze zelf een actieve rol spelen.",
    ),
    # §10.5 Ouders van gepeste kinderen
    Action(
        "10-5-victim-parents-keep-talking",
        _P,
        "10.5",
        "Ouders van gepeste kinderen: Houd de communicatie met uw kind open, blijf in gesprek "
        "met uw kind.",
    ),
    Action(
        "10-5-victim-parents-street",
        _P,
        "10.5",
        "Ouders van gepeste kinderen: Als pesten niet op school gebeurt, maar op straat, "
        "probeert u contact op te nemen met de ouders van de Pester(s) om het probleem "
        "bespreekbaar te maken.",
    ),
    Action(
        "10-5-victim-parents-tell-teacher",
        _P,
        "10.5",
        "Ouders van gepeste kinderen: Pesten op school kunt u het beste direct met de "
        "leerkracht bespreken.",
    ),
    Action(
        "10-5-victim-parents-encourage",
        _P,
        "10.5",
        "Ouders van gepeste kinderen: Door positieve stimulering en zgn. schouderklopjes kan "
        "het zelfrespect vergroot worden of weer terug komen.",
    ),
    Action(
        "10-5-victim-parents-sport",
        _P,
        "10.5",
        "Ouders van gepeste kinderen: Stimuleer uw kind tot het beoefenen van een sport.",
    ),
    Action(
        "10-5-victim-parents-end-in-sight",
        _P,
        "10.5",
        "Ouders van gepeste kinderen: Steun uw kind in het idee dat er een einde aan het "
        "pesten komt.",
    ),
    # §10.5 Ouders van Pesters
    Action(
        "10-5-bully-parents-take-seriously",
        _P,
        "10.5",
        "Ouders van Pesters: Neem het probleem van uw kind serieus.",
    ),
    Action(
        "10-5-bully-parents-no-panic",
        _P,
        "10.5",
        "Ouders van Pesters: Raak niet in paniek: elk kind loopt kans een pester te worden.",
    ),
    Action(
        "10-5-bully-parents-cause",
        _P,
        "10.5",
        "Ouders van Pesters: Probeer achter de mogelijke oorzaak te komen.",
    ),
    Action(
        "10-5-bully-parents-sensitise",
        _P,
        "10.5",
        "Ouders van Pesters: Maak uw kind gevoelig voor wat het anderen aandoet.",
    ),
    Action(
        "10-5-bully-parents-attention",
        _P,
        "10.5",
        "Ouders van Pesters: Besteed extra aandacht aan uw kind.",
    ),
    Action(
        "10-5-bully-parents-sport",
        _P,
        "10.5",
        "Ouders van Pesters: Stimuleer uw kind tot het beoefenen van een sport.",
    ),
    Action(
        "10-5-bully-parents-correct",
        _P,
        "10.5",
        "Ouders van Pesters: Corrigeer ongewenst gedrag en benoem het goede gedrag van uw kind.",
    ),
    Action(
        "10-5-bully-parents-back-school",
        _P,
        "10.5",
        "Ouders van Pesters: Maak uw kind duidelijk dat u achter de beslissing van school staat.",
    ),
    # §10.5 Alle andere ouders
    Action(
        "10-5-other-parents-take-seriously",
        _P,
        "10.5",
        "Alle andere ouders: Neem de ouders van het gepeste kind serieus.",
    ),
    Action(
        "10-5-other-parents-get-along",
        _P,
        "10.5",
        "Alle andere ouders: Stimuleer uw kind om op een goede manier met andere kinderen om "
        "te gaan.",
    ),
    Action(
        "10-5-other-parents-correct",
        _P,
        "10.5",
        "Alle andere ouders: Corrigeer uw kind bij ongewenst gedrag en benoem goed gedrag.",
    ),
    Action(
        "10-5-other-parents-example",
        _P,
        "10.5",
        "Alle andere ouders: Geef zelf het goede voorbeeld.",
    ),
    Action(
        "10-5-other-parents-stand-up-for-others",
        _P,
        "10.5",
        "Alle andere ouders: Leer uw kind voor anderen op te komen.",
    ),
    Action(
        "10-5-other-parents-stand-up-for-self",
        _P,
        "10.5",
        "Alle andere ouders: Leer uw kind voor zichzelf op te komen.",
    ),
]
