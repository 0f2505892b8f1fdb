"""The relation rules, kept as data in one registry.

Each ``Rule`` names the contract property it yields, the matcher ("engine") that
applies it, the cue words it listens for, its confidence, the linguistic basis
(``doc``) and example sentences with the triples they must give, which
``tests/test_rules.py`` runs through the real pipeline. Rule ids are versioned
(``"appos-title.v1"``); change the version when a rule's behaviour changes, so
cached results and provenance stay honest.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Example:
    """A sentence and the triples (subject label, property, object label) a rule must find in it."""

    text: str
    expect: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    predicate: str
    engine: str
    confidence: float
    doc: str
    cues: frozenset[str] = frozenset()
    preps: frozenset[str] = frozenset()
    inverse: bool = False
    examples: tuple[Example, ...] = ()


def _r(id: str, predicate: str, engine: str, confidence: float, doc: str, cues: str = "",
       preps: str = "", inverse: bool = False, examples: tuple[Example, ...] = ()) -> Rule:
    return Rule(id, predicate, engine, confidence, doc, frozenset(cues.split()),
                frozenset(preps.split()), inverse, examples)


E = Example
TITLE_NOUNS = ("commander chief head director president leader chairman chairwoman minister "
               "secretary commandant superintendent coordinator boss founder")

RULES: tuple[Rule, ...] = (
    # ---------------------------------------------------------------- commands
    _r("appos-title.v1", "commands", "appos_title", 0.9,
       "Apposition of a leadership noun with an of-complement: 'X, commander of Y' (also "
       "'X, the head of Y'); the title noun's prepositional object names the organisation.",
       TITLE_NOUNS, "of for at",
       examples=(E("General Ana Ruiz, commander of the Colombian Army, visited Lima.",
                   (("Ana Ruiz", "commands", "Colombian Army"),)),
                 E("General Eduardo Zapateiro was appointed commander of the Colombian Army in 2021.",
                   (("Eduardo Zapateiro", "commands", "Colombian Army"),)),
                 E("Since May, Colonel Rosa Vega has served as director of the Anti-Drug Directorate.",
                   (("Rosa Vega", "commands", "Anti-Drug Directorate"),)),
                 E("Carlos Mendez, the director of the National Intelligence Agency, spoke on Monday.",
                   (("Carlos Mendez", "commands", "National Intelligence Agency"),)))),
    _r("title-compound.v1", "commands", "title_compound", 0.8,
       "A leadership noun between an organisation and a name: 'Navy commander Admiral X', "
       "'the Army's chief, General X'.",
       TITLE_NOUNS,
       examples=(E("Police chief Colonel Mark Diaz announced the arrests.", ()),
                 E("The Brazilian Army commander General Tomas Paiva met reporters.",
                   (("Tomas Paiva", "commands", "Brazilian Army"),)),
                 E("The Peruvian Navy's commander, Admiral Luis Polar, met his counterpart.",
                   (("Luis Polar", "commands", "Peruvian Navy"),)))),
    _r("take-command.v1", "commands", "noun_prep", 0.8,
       "Taking or holding the command of a body: 'X took/assumed command of Y', 'X's "
       "leadership of Y'.", "command leadership helm", "of",
       examples=(E("Admiral Ana Soto took command of the Pacific Fleet last year.",
                   (("Ana Soto", "commands", "Pacific Fleet"),)),
                 E("General Luis Ortiz assumed command of the Bolivian Army in May.",
                   (("Luis Ortiz", "commands", "Bolivian Army"),)))),
    _r("led-by.v1", "commands", "passive_agent", 0.85,
       "Passive participle with a by-agent after an organisation: 'Y, led by X' -> X commands Y.",
       "lead command head direct run chair", inverse=True,
       examples=(E("Operation Andes Shield, led by the Bolivian Navy, ended in May.", ()),
                 E("The National Intelligence Directorate is headed by Colonel Rosa Vega.",
                   (("Rosa Vega", "commands", "National Intelligence Directorate"),)),
                 E("The Joint Task Force, led by General Ana Ruiz, arrived in Cali.",
                   (("Ana Ruiz", "commands", "Joint Task Force"),)),)),
    _r("svo-lead.v1", "commands", "svo", 0.8,
       "Transitive leadership verb: 'X commands/leads/heads Y'.",
       "command lead head direct chair",
       examples=(E("Since 2019, General Mark Diaz has led the Honduran Army.",
                   (("Mark Diaz", "commands", "Honduran Army"),)),
                 E("Vice Admiral Ana Soto, who heads the Naval Aviation Command, spoke.",
                   (("Ana Soto", "commands", "Naval Aviation Command"),)),
                 E("Admiral Rosa Vega commands the Chilean Navy.",
                   (("Rosa Vega", "commands", "Chilean Navy"),)),)),
    _r("under-command.v1", "commands", "under_command", 0.75,
       "'Y, under the command of X' -> X commands Y.", "command control leadership",
       examples=(E("The Amazon Brigade is under the control of the Northern Command.",
                   (("Northern Command", "commands", "Amazon Brigade"),)),
                 E("The Special Brigade operates under the command of the Army Aviation Command.",
                   (("Army Aviation Command", "commands", "Special Brigade"),)),)),
    # ---------------------------------------------------------------- memberOf
    _r("service-rank.v1", "memberOf", "service_rank", 0.9,
       "A service name right before a rank and a name: '(Peruvian) Navy Admiral X' -> X memberOf "
       "the Navy.",
       examples=(E("Brazilian Navy Admiral Marcos Olsen met his peers.",
                   (("Marcos Olsen", "memberOf", "Brazilian Navy"),)),
                 E("Police Colonel Juan Diaz of Honduras arrested three men.", (("Juan Diaz", "memberOf", "Police"),)),
                 E("Colombian Army General Ana Ruiz spoke to reporters.",
                   (("Ana Ruiz", "memberOf", "Colombian Army"),)),)),
    _r("service-country.v1", "country", "service_country", 0.85,
       "A service named with its country before a rank and a name: 'Chilean Navy Admiral X' -> "
       "X's country is Chile (the demonym states it of the officer as of the service).",
       examples=(E("Brazilian Navy Admiral Marcos Olsen met his peers.", (("Marcos Olsen", "country", "Brazil"),)),
                 E("Colombian Army General Ana Ruiz spoke to reporters.", (("Ana Ruiz", "country", "Colombia"),)),
                 E("Navy Admiral Rosa Vega spoke to reporters.", ()))),
    _r("appos-member.v1", "memberOf", "appos_member", 0.8,
       "Apposition or of/from-phrase tying a person to a body: 'X, an officer of Y', "
       "'X, of the National Police', 'a police officer from Y'.",
       "officer member agent soldier spokesman spokeswoman spokesperson official analyst "
       "researcher pilot sailor marine captain representative", "of from with in for",
       examples=(E("Captain Luis Soto, of the Ecuadorian Navy, led the patrol.",
                   (("Luis Soto", "memberOf", "Ecuadorian Navy"),)),
                 E("Maria Lopez, a spokeswoman for the National Police, confirmed the arrests.",
                   (("Maria Lopez", "memberOf", "National Police"),)),
                 E("Ana Diaz, a police officer from the National Police of Peru, was injured.",
                   (("Ana Diaz", "memberOf", "National Police of Peru"),)))),
    _r("serve-in.v1", "memberOf", "verb_prep", 0.75,
       "Serving verbs with a body: 'X serves in the Y', 'X worked for the Y', 'X enlisted in Y'.",
       "serve work enlist", "in with for",
       examples=(E("Sergeant Luis Rojas, who serves in the Ecuadorian Army, won the medal.",
                   (("Luis Rojas", "memberOf", "Ecuadorian Army"),)),
                 E("Maria Lopez worked for the National Police of Peru for ten years.",
                   (("Maria Lopez", "memberOf", "National Police of Peru"),)))),
    _r("person-of-body.v1", "memberOf", "person_of", 0.75,
       "A name directly followed by 'of (the) <body>': 'Major John Smith of the Colombian Navy'.",
       examples=(E("Colonel Ana Ruiz of the National Police of Colombia spoke to reporters.",
                   (("Ana Ruiz", "memberOf", "National Police of Colombia"),)),
                 E("Major John Smith of the Colombian Navy led the patrol.",
                   (("John Smith", "memberOf", "Colombian Navy"),)),)),
    _r("title-of-country.v1", "country", "appos_title", 0.8,
       "A title of a country: 'X, the president of Peru' -> X's country is Peru.",
       TITLE_NOUNS + " ambassador citizen national", "of",
       examples=(E("Luis Arce, president of Bolivia, met the delegation.", (("Luis Arce", "country", "Bolivia"),)),
                 E("Pedro Castillo, the former president of Peru, was arrested in Lima.",
                   (("Pedro Castillo", "country", "Peru"),)),)),
    _r("join-org.v1", "memberOf", "svo", 0.7,
       "Joining verbs with a body as object: 'X joined the Y', 'X enlisted in the Y'.",
       "join enlist", examples=(
           E("Maria Lopez joined the National Police in 2010.", (("Maria Lopez", "memberOf", "National Police"),)),
           E("Colonel Juan Diaz, who joined the Chilean Army at 18, retired.",
             (("Juan Diaz", "memberOf", "Chilean Army"),)))),
    _r("byline.v1", "memberOf", "byline", 0.7,
       "An article's author writes for its publisher (from the byline 'By Author/Outlet')."),
    # ---------------------------------------------------------------- partOf
    _r("possessive-unit.v1", "partOf", "possessive_part", 0.85,
       "Saxon genitive between two organisations: 'the Army's Aviation Brigade' -> the brigade "
       "is part of the Army; 'the Police's two directorates: A and B' -> A and B part of the Police.",
       examples=(E("The Chilean Army's Special Operations Brigade trained in the south.",
                   (("Special Operations Brigade", "partOf", "Chilean Army"),)),
                 E("They visited the Army's two divisions: the First Division and the Fifth Division.",
                   (("First Division", "partOf", "Army"), ("Fifth Division", "partOf", "Army"))),
                 E("The National Police's Anti-Kidnapping Directorate freed the hostages.",
                   (("Anti-Kidnapping Directorate", "partOf", "National Police"),)),)),
    _r("of-unit.v1", "partOf", "of_part", 0.8,
       "A unit name with an of-complement naming an organisation: 'the Aviation Command of "
       "the Joint Staff' -> part of the Joint Staff.", "", "of",
       examples=(E("Agents of the Anti-Drug Directorate of the National Police seized cocaine.",
                   (("Anti-Drug Directorate", "partOf", "National Police"),)),
                 E("The Naval Intelligence Directorate of the Chilean Navy shared the data.",
                   (("Naval Intelligence Directorate", "partOf", "Chilean Navy"),)),)),
    _r("part-of-verb.v1", "partOf", "part_of_phrase", 0.8,
       "'X is part of Y', 'X, a unit of Y', 'X belongs to Y', 'X, subordinate to Y'.",
       "part unit component branch division belong subordinate under", "of to",
       examples=(E("The Marine Infantry Brigade, a unit of the Colombian Navy, patrols the river.",
                   (("Marine Infantry Brigade", "partOf", "Colombian Navy"),)),
                 E("The Coast Guard is part of the Colombian Navy.",
                   (("Coast Guard", "partOf", "Colombian Navy"),)),)),
    # ---------------------------------------------------------------- operatesIn
    _r("deployed-in.v1", "operatesIn", "verb_prep", 0.75,
       "Deployment and activity verbs with a place complement: 'X deployed/operates/works/"
       "serves/patrols in P'; the clause's agent operates in P (lists distribute).",
       "deploy operate work serve patrol station conduct carry fight act intervene "
       "increase participate active present train seize intercept attack ambush", "in into to "
       "throughout across "
       "within off",
       examples=(E("The Ecuadorian Army deployed troops in Sucumbios and Esmeraldas.",
                   (("Ecuadorian Army", "operatesIn", "Sucumbios"),
                    ("Ecuadorian Army", "operatesIn", "Esmeraldas"))),
                 E("Chile has 120 soldiers working as observers in Cyprus, Lebanon, and Haiti.",
                   (("Chile", "operatesIn", "Cyprus"), ("Chile", "operatesIn", "Lebanon"),
                    ("Chile", "operatesIn", "Haiti"))),
                 E("FARC dissidents attacked a military base in Cauca, killing two soldiers.",
                   (("FARC", "operatesIn", "Cauca"),)),
                 E("The Gulf Clan is active in Antioquia and Chocó, police said.",
                   (("Gulf Clan", "operatesIn", "Antioquia"), ("Gulf Clan", "operatesIn", "Chocó"))))),
    _r("activity-noun-in.v1", "operatesIn", "noun_prep", 0.7,
       "Activity nouns with a place complement and an owner or clause agent: 'our stay in "
       "Haiti', 'the Army's operations in the north', 'a joint operation in P'.",
       "operation operations mission missions deployment presence stay action actions "
       "patrols patrol intervention work activities", "in throughout across",
       examples=(E("Colombia's presence in Haiti ended in 2017.", (("Colombia", "operatesIn", "Haiti"),)),
                 E("The Uruguayan Army completed its mission in Haiti.",
                   (("Uruguayan Army", "operatesIn", "Haiti"),)),)),
    _r("org-in-place.v1", "operatesIn", "org_in_place", 0.6,
       "An armed or police unit directly modified by 'in P': 'the Engineering Company in "
       "Cyprus' -> the unit operates in P.", "", "in",
       examples=(E("The Peruvian Engineering Company in Haiti rebuilt two schools.", ()),
                 E("Soldiers of the Engineering Battalion in Cyprus rebuilt the bridge.",
                   (("Engineering Battalion", "operatesIn", "Cyprus"),)),)),
    # ---------------------------------------------------------------- cooperatesWith
    _r("work-with.v1", "cooperatesWith", "verb_prep", 0.75,
       "Cooperation verbs with a with-complement: 'X cooperates/works/coordinates with Y'; "
       "'like we do with Y' (pro-verb after a cooperation verb).",
       "cooperate collaborate coordinate work partner team ally train do conduct carry "
       "interoperate exercise", "with alongside",
       examples=(E("The Honduran Navy coordinated with the Guatemalan Army and the Salvadoran Navy.",
                   (("Honduran Navy", "cooperatesWith", "Guatemalan Army"),
                    ("Honduran Navy", "cooperatesWith", "Salvadoran Navy"))),
                 E("The Bolivian Navy cooperates with the Brazilian Navy on river patrols.",
                   (("Bolivian Navy", "cooperatesWith", "Brazilian Navy"),)),)),
    _r("joint-with.v1", "cooperatesWith", "noun_prep", 0.75,
       "Joint-action nouns with a with-complement: 'joint operations with Y', 'coordinated "
       "work with Y', 'in coordination with Y'; the clause's agent cooperates with Y.",
       "operation operations work coordination cooperation exercise exercises patrols "
       "collaboration partnership support", "with alongside",
       examples=(E("The Ecuadorian Army works in coordination with the National Police of Ecuador.",
                   (("Ecuadorian Army", "cooperatesWith", "National Police of Ecuador"),)),
                 E("The Guatemalan Army carried out joint operations with the National Civil Police.",
                   (("Guatemalan Army", "cooperatesWith", "National Civil Police"),)),)),
    # ---------------------------------------------------------------- locatedIn
    _r("city-country.v1", "locatedIn", "city_country", 0.9,
       "'City, Country' apposition: 'Lima, Peru' -> Lima locatedIn Peru.",
       examples=(E("Delegates met in Bogotá, Colombia, and later in Lima, Peru.",
                   (("Bogotá", "locatedIn", "Colombia"), ("Lima", "locatedIn", "Peru"))),
                 E("The summit took place in Quito, Ecuador, on Monday.",
                   (("Quito", "locatedIn", "Ecuador"),)),)),
    _r("headquarters-in.v1", "locatedIn", "noun_prep", 0.8,
       "Seat nouns with a place: 'X's headquarters are in P', 'its headquarters in P'.",
       "headquarters seat", "in at",
       examples=(E("The Southern Command, with headquarters in Doral, leads the effort.",
                   (("Southern Command", "locatedIn", "Doral"),)),
                 E("The Argentine Navy's headquarters are in Buenos Aires.",
                   (("Argentine Navy", "locatedIn", "Buenos Aires"),)),)),
    _r("x-based.v1", "locatedIn", "place_based", 0.8,
       "A hyphenated '<Place>-based' modifier: 'the Lima-based Andean Group' -> the group is "
       "located in Lima.",
       examples=(E("A Bogotá-based think tank, the Ideas for Peace Foundation, studied the case.", ()),
                 E("The Lima-based Andean Security Institute published a report.",
                   (("Andean Security Institute", "locatedIn", "Lima"),)),)),
    _r("held-in.v1", "locatedIn", "verb_prep", 0.8,
       "Location participles after an event or body: 'the conference held in P', 'X, based in "
       "P', 'X is located in P'.", "hold host locate base headquarter situate take organize",
       "in at",
       examples=(E("The Southern Command is headquartered in Doral, Florida.",
                   (("Southern Command", "locatedIn", "Doral"),)),
                 E("Colombia hosted the Regional Security Conference in Cartagena.",
                   (("Regional Security Conference", "locatedIn", "Cartagena"),)),
                 E("The Inter-American Naval Conference held in Cartagena closed on Friday.",
                   (("Inter-American Naval Conference", "locatedIn", "Cartagena"),)),)),
    # ---------------------------------------------------------------- participatesIn
    _r("take-part.v1", "participatesIn", "verb_prep", 0.85,
       "Participation verbs: 'X took part in E', 'X participated in E', 'X attended E'.",
       "take participate attend join", "in dobj",
       examples=(E("Admiral Rosa Vega took part in the Pacific Security Conference.",
                   (("Rosa Vega", "participatesIn", "Pacific Security Conference"),)),
                 E("Colombia attended the Caribbean Nations Security Conference.",
                   (("Colombia", "participatesIn", "Caribbean Nations Security Conference"),)))),
    _r("organized-by.v1", "participatesIn", "passive_agent", 0.75,
       "Organisers and hosts take part: 'E, organized/hosted/sponsored by X' -> X participatesIn E; "
       "'X hosted E'.", "organize organise host sponsor convene", inverse=True,
       examples=(E("The Southern Seas exercise, organized by the Argentine Navy, ended in May.",
                   (("Argentine Navy", "participatesIn", "Southern Seas"),)),
                 E("The Pacific Security Conference was hosted by the Chilean Navy.",
                   (("Chilean Navy", "participatesIn", "Pacific Security Conference"),)))),
    _r("host-event.v1", "participatesIn", "svo", 0.75,
       "A host or organiser of an event takes part in it: 'X hosted/organized E'.",
       "host organize organise convene sponsor",
       examples=(E("Brazil organized the Atlantic Defense Forum in Rio de Janeiro.",
                   (("Brazil", "participatesIn", "Atlantic Defense Forum"),)),
                 E("The Colombian Navy hosted the Caribbean Maritime Conference in Cartagena.",
                   (("Colombian Navy", "participatesIn", "Caribbean Maritime Conference"),)),)),
    _r("conduct-operation.v1", "participatesIn", "svo", 0.75,
       "Carrying out a named operation or exercise: 'X carried out/launched/conducted Operation E'.",
       "conduct carry launch execute lead stage",
       examples=(E("The Peruvian Navy launched Operation Amazon Shield last week.",
                   (("Peruvian Navy", "participatesIn", "Operation Amazon Shield"),)),
                 E("The Honduran Army carried out Operation Morazán Shield in Olancho.",
                   (("Honduran Army", "participatesIn", "Operation Morazán Shield"),)),)),
    _r("contribute-to.v1", "participatesIn", "verb_prep", 0.7,
       "Contributing troops or ships to an event or mission: 'X contributed ships to E'.",
       "contribute send deploy", "to",
       examples=(E("Chile sent two frigates to the Southern Seas Exercise.",
                   (("Chile", "participatesIn", "Southern Seas Exercise"),)),
                 E("Uruguay has contributed troops to the UN peacekeeping operations in Congo.",
                   (("Uruguay", "participatesIn", "UN peacekeeping operations"),)),)),
    _r("participation-in.v1", "participatesIn", "noun_prep", 0.8,
       "'X's participation in E' and 'the participation of X in E'.",
       "participation involvement presence contribution", "in to",
       examples=(E("Brazil's involvement in the UNITAS Exercise grew.",
                   (("Brazil", "participatesIn", "UNITAS Exercise"),)),
                 E("Chile's participation in the Southern Cross Exercise was praised.",
                   (("Chile", "participatesIn", "Southern Cross Exercise"),)),)),
    # ---------------------------------------------------------------- counters
    _r("fight-against.v1", "counters", "noun_prep", 0.75,
       "Struggle nouns with an against-complement: 'the fight against T'; the owner or the "
       "clause's agent counters T.", "fight struggle war campaign battle operations operation "
       "offensive measures efforts strategy", "against",
       examples=(E("Colombia's war against drug trafficking continues.",
                   (("Colombia", "counters", "drug trafficking"),)),
                 E("The Mexican Navy leads the fight against drug trafficking.",
                   (("Mexican Navy", "counters", "drug trafficking"),)),)),
    _r("act-against.v1", "counters", "verb_prep", 0.75,
       "An action verb with an against-complement: 'X conducted operations against T', 'X "
       "launched an offensive against T', 'X works against T'.",
       "conduct carry launch wage lead mount act work operate move campaign", "against",
       examples=(E("Units from Ecuador and Peru conducted interdiction operations against drug trafficking.",
                   (("Ecuador", "counters", "drug trafficking"), ("Peru", "counters", "drug trafficking"))),
                 E("The Colombian Army launched an offensive against the Gulf Clan cartel.",
                   (("Colombian Army", "counters", "Gulf Clan"),)))),
    _r("combat-verb.v1", "counters", "svo", 0.75,
       "Transitive struggle verbs: 'X combats/counters/confronts/defeated T', 'X arrested members "
       "of G', 'X fights gangs such as G'.",
       "combat counter confront defeat fight tackle dismantle neutralize neutralise eradicate "
       "attack disrupt arrest capture detain raid",
       examples=(E("The Peruvian Navy defeated the Red River gang in 2019.",
                   (("Peruvian Navy", "counters", "Red River"),)),
                 E("Ecuador will not counter illegal mining alone.", ()),
                 E("The Honduran Army combats illegal logging.",
                                     (("Honduran Army", "counters", "illegal logging"),)),)),
    _r("blow-to.v1", "counters", "verb_prep", 0.75,
       "'X dealt a blow to T', 'X struck a blow against T' (the object may sit under "
       "'remnants of', 'the logistics of').", "deal strike deliver", "to against",
       examples=(E("The National Police struck a blow against the Gulf Clan cartel.",
                   (("National Police", "counters", "Gulf Clan"),)),
                 E("The Army dealt a blow to the Gulf Clan cartel.",
                   (("Army", "counters", "Gulf Clan"),)),)),
    # ---------------------------------------------------------------- country
    _r("demonym.v1", "country", "demonym", 0.9,
       "A demonym or 'of Country' in an organisation's name: 'Peruvian Navy', 'National "
       "Police of Colombia' -> the body belongs to that country.",
       examples=(E("The Armed Forces of Ecuador and the Colombian Air Force met.",
                   (("Armed Forces of Ecuador", "country", "Ecuador"), ("Colombian Air Force", "country", "Colombia"))),
                 E("The Ecuadorian Navy seized the boat.",
                   (("Ecuadorian Navy", "country", "Ecuador"),)),)),
    _r("demonym-person.v1", "country", "person_demonym", 0.85,
       "A demonym before a person's rank or title: 'Honduran General X', 'the Brazilian Rear "
       "Adm. X' -> X belongs to that country.",
       examples=(E("Honduran General Ana Ruiz spoke to reporters.", (("Ana Ruiz", "country", "Honduras"),)),
                 E("The Peruvian Admiral Luis Soto met the press.", (("Luis Soto", "country", "Peru"),)))),
    _r("country-possessive.v1", "country", "country_possessive", 0.85,
       "Saxon genitive of a country on an organisation: 'Chile's Air Force'.",
       examples=(E("Peru's National Police arrested him.", (("National Police", "country", "Peru"),)),
                 E("Chile's Air Force sent two planes.", (("Air Force", "country", "Chile"),)),)),
)

BY_ID = {r.id: r for r in RULES}
