"""Generic vocabularies the recognisers use: ranks, unit and body words, threats, places.

Nothing here comes from a particular article: these are the words of the genre
(military and police ranks, the nouns organisations and places are named with,
security-threat vocabulary). Countries, demonyms and capitals come from the
maintained ``countryinfo`` and ``pycountry`` packages (see ``kg.gazetteer``).
"""
from __future__ import annotations

# Ranks and titles, longest first where one contains another. Abbreviations keep their dot.
RANKS: tuple[str, ...] = (
    "Vice Admiral", "Rear Admiral", "Fleet Admiral", "Admiral", "Adm.", "Adm", "V. Adm.",
    "Vice Adm.", "Rear Adm.", "RAdm.", "VAdm.",
    "Lieutenant General", "Major General", "Brigadier General", "General", "Gen.",
    "Lt. Gen.", "Maj. Gen.", "Brig. Gen.", "Lt. Col.", "Lieutenant Colonel", "Colonel", "Col.",
    "Lieutenant Commander", "Lt. Cmdr.", "Commander", "Cmdr.", "Cdr.", "Captain", "Capt.",
    "First Lieutenant", "Second Lieutenant", "Lieutenant", "Lt.", "Major", "Maj.",
    "Sergeant Major", "Master Sergeant", "Staff Sergeant", "Sergeant", "Sgt.",
    "Technical Sergeant", "Tech. Sgt.", "Staff Sgt.", "Master Sgt.", "Gunnery Sergeant", "Gunnery Sgt.",
    "Sgt. Maj.", "Sgt. 1st Class", "Sergeant First Class", "First Sergeant", "1st Sgt.",
    "Senior Airman", "Airman 1st Class", "Lance Corporal", "Lance Cpl.", "Pfc.", "Spc.", "Specialist",
    "Chief Warrant Officer", "Warrant Officer", "Seaman", "Mass Communication Specialist",
    "Maj. Gen", "Brig. Gen", "Lt. Gen", "Lt. Col", "Lt. Cmdr", "Vice Adm", "Rear Adm",
    "Corporal", "Cpl.", "Private", "Pvt.", "Petty Officer", "Chief Petty Officer",
    "Ensign", "Marshal", "Air Marshal", "Air Chief Marshal", "Field Marshal", "Commodore",
    "Brigadier", "Superintendent", "Inspector", "Commissioner", "Detective",
    "President", "Vice President", "Prime Minister", "Minister", "Deputy Minister",
    "Vice Minister", "Secretary", "Undersecretary", "Under Secretary", "Assistant Secretary",
    "Deputy Assistant Secretary", "Deputy Secretary", "Deputy Under Secretary", "Ambassador", "Governor", "Mayor",
    "Senator", "Congressman", "Congresswoman", "Representative", "Judge", "Prosecutor",
    "Attorney General", "Director", "Chief", "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.",
    "Secretary-General", "Secretary General", "Under-Secretary-General", "Deputy Secretary-General",
    "Special Representative", "High Commissioner", "Force Commander", "Chief of Staff",
    "Commander-in-Chief", "Defense Minister", "Defence Minister", "Foreign Minister",
    "Interior Minister", "Security Minister", "Justice Minister", "Police Chief", "Army Chief",
)

# Head nouns of organisation names -> ontology class.
MILITARY_HEADS: frozenset[str] = frozenset({
    "army", "navy", "air force", "armed forces", "forces", "force", "marines", "marine corps",
    "coast guard", "national guard", "command", "battalion", "brigade", "division", "regiment",
    "squadron", "fleet", "corps", "unit", "units", "task force", "special forces", "guard",
    "infantry", "cavalry", "artillery", "garrison", "flotilla", "wing", "group command",
    "military", "militaries", "headquarters", "staff", "joint staff", "gendarmerie", "detachment", "team",
    "detachments", "element",
})
GOVERNMENT_HEADS: frozenset[str] = frozenset({
    "police", "ministry", "directorate", "department", "agency", "office", "bureau",
    "secretariat", "commission", "council", "government", "court", "congress", "parliament",
    "senate", "administration", "authority", "service", "customs", "prosecutor's office",
    "cabinet", "presidency", "intelligence", "institute", "superintendency", "division of", "embassy",
    "center", "centre",
    "consulate",
})
INTERNATIONAL_ACRONYMS: dict[str, str] = {
    "UN": "United Nations", "U.N.": "United Nations", "NATO": "North Atlantic Treaty Organization",
    "OAS": "Organization of American States", "EU": "European Union", "AU": "African Union",
    "ASEAN": "Association of Southeast Asian Nations", "OSCE":
    "Organization for Security and Co-operation in Europe", "INTERPOL": "Interpol",
    "IAEA": "International Atomic Energy Agency", "WHO": "World Health Organization",
    "UNHCR": "United Nations High Commissioner for Refugees", "UNICEF": "UNICEF",
    "WFP": "World Food Programme", "UNODC": "United Nations Office on Drugs and Crime",
    "ICRC": "International Committee of the Red Cross", "UNASUR": "Union of South American Nations",
    "MERCOSUR": "Mercosur", "ECOWAS": "Economic Community of West African States",
}
MEDIA_HEADS: frozenset[str] = frozenset({
    "news", "times", "post", "magazine", "journal", "press", "tribune", "herald", "gazette",
    "radio", "television", "tv", "agency", "daily", "reuters", "wire",
    "public affairs", "press service", "news service", "press office", "press release",
})
ARMED_GROUP_HEADS: frozenset[str] = frozenset({
    "cartel", "gang", "militia", "militias", "guerrilla", "guerrillas", "rebels", "front",
    "brigades", "mafia", "clan",
})
# "<Name> terrorist group", "the <Name> cartel": nouns after a name that make it an armed group.
ARMED_GROUP_CUES: frozenset[str] = frozenset({
    "terrorist", "terrorists", "guerrilla", "guerrillas", "rebel", "rebels", "insurgent",
    "insurgents", "militia", "cartel", "gang", "criminal", "paramilitary", "extremist",
    "jihadist", "armed", "narco", "drug",
})
GROUP_NOUNS: frozenset[str] = frozenset({
    "group", "groups", "organization", "organisation", "organizations", "movement", "faction",
    "cartel", "gang", "militia", "network", "cell", "cells", "remnants", "members",
})

CONFERENCE_HEADS: frozenset[str] = frozenset({
    "conference", "summit", "forum", "symposium", "meeting", "congress", "convention",
    "seminar", "workshop", "dialogue", "talks", "assembly", "expo", "exhibition", "day", "days",
    "roundtable", "round table", "colloquium", "ministerial", "meetings", "conferences", "games",
})
DISASTER_WORDS: frozenset[str] = frozenset({
    "earthquake", "hurricane", "typhoon", "cyclone", "tsunami", "flood", "floods", "flooding",
    "drought", "wildfire", "wildfires", "landslide", "eruption", "el niño", "la niña", "storm",
    "pandemic", "epidemic", "famine",
})

REGION_HEADS: frozenset[str] = frozenset({
    "valley", "valleys", "region", "regions", "province", "district", "districts", "state",
    "basin", "zone", "highlands", "lowlands", "peninsula", "coast", "area", "territory",
    "territories", "department", "county", "municipality", "corridor", "triangle", "border",
    "jungle", "delta", "plateau", "plain", "plains", "strip", "bank", "park", "national park", "reserve",
    "sanctuary",
})
NATURAL_HEADS: frozenset[str] = frozenset({
    "river", "rivers", "mountain", "mountains", "range", "lake", "sea", "ocean", "gulf",
    "bay", "forest", "rainforest", "desert", "island", "islands", "volcano", "canal",
    "strait", "channel", "glacier", "cordillera", "sierra", "mount", "mt.",
})
# Continents and supranational regions: a closed, generic list.
WORLD_REGIONS: frozenset[str] = frozenset({
    "africa", "asia", "europe", "oceania", "antarctica", "north america", "south america",
    "central america", "latin america", "the americas", "americas", "caribbean", "middle east",
    "near east", "far east", "sahel", "balkans", "caucasus", "central asia", "southeast asia",
    "east asia", "south asia", "west africa", "east africa", "north africa", "horn of africa",
    "sub-saharan africa", "western hemisphere", "scandinavia", "southern cone", "andean region",
    "amazon", "the amazon", "amazonia", "patagonia", "arctic",
})
MOUNTAIN_RANGES: frozenset[str] = frozenset({
    "andes", "alps", "himalayas", "rockies", "rocky mountains", "pyrenees", "urals",
    "atlas mountains", "appalachians", "hindu kush", "carpathians",
})

# Security-threat vocabulary: surface form -> canonical key (variants of one concept share a key).
THREATS: dict[str, str] = {
    "narcotrafficking": "drug trafficking", "narco-trafficking": "drug trafficking",
    "narco trafficking": "drug trafficking", "drug trafficking": "drug trafficking",
    "drug-trafficking": "drug trafficking", "narcotics trafficking": "drug trafficking",
    "drug smuggling": "drug trafficking", "narcoterrorism": "narcoterrorism",
    "narco-terrorism": "narcoterrorism",
    "terrorism": "terrorism", "illegal mining": "illegal mining", "illicit mining": "illegal mining",
    "organized crime": "transnational organized crime", "organised crime": "transnational organized crime",
    "transnational crime": "transnational organized crime", "international organized crime":
    "transnational organized crime", "transnational criminality": "transnational organized crime",
    "transnational organized crime": "transnational organized crime",
    "transnational organised crime": "transnational organized crime",
    "human trafficking": "human trafficking", "trafficking in persons": "human trafficking",
    "people smuggling": "migrant smuggling", "migrant smuggling": "migrant smuggling",
    "money laundering": "money laundering", "arms trafficking": "arms trafficking",
    "weapons trafficking": "arms trafficking", "gun trafficking": "arms trafficking",
    "smuggling": "smuggling", "contraband": "smuggling", "piracy": "piracy",
    "extortion": "extortion", "kidnapping": "kidnapping", "cybercrime": "cybercrime",
    "cyberattacks": "cyberattacks", "illegal logging": "illegal logging",
    "illegal fishing": "illegal fishing", "insurgency": "insurgency",
    "violent extremism": "violent extremism", "extremism": "violent extremism",
    "wildlife trafficking": "wildlife trafficking", "corruption": "corruption",
    "illicit trafficking": "illicit trafficking", "illegal trafficking": "illicit trafficking",
    "maritime trafficking": "illicit trafficking",
    "illicit drugs": "drug trafficking", "illegal drugs": "drug trafficking",
    "illicit narcotics": "drug trafficking", "illegal narcotics": "drug trafficking",
    "narcoterrorists": "narcoterrorism",
    "narco-terrorists": "narcoterrorism", "cyberthreats": "cyber threat", "cyber-threats": "cyber threat",
    "cyberattack": "cyberattacks", "cyber attacks": "cyberattacks", "cyber threat": "cyber threat",
    "drugs trafficking": "drug trafficking", "cocaine trafficking": "drug trafficking",
    "illicit drug trafficking": "drug trafficking", "narcotraffic": "drug trafficking",
    "drug traffic": "drug trafficking", "arms traffic": "arms trafficking", "human traffic": "human trafficking",
    "people trafficking": "human trafficking", "trafficking of persons": "human trafficking",
    "trafficking in people": "human trafficking", "trafficking of people": "human trafficking",
    "irregular migration": "irregular migration", "illegal migration": "irregular migration",
    "gangs": "gangs", "street gangs": "gangs", "criminal gangs": "gangs",
    "counter-narcotics": "drug trafficking", "counternarcotics": "drug trafficking",
    "counter-drug": "drug trafficking", "counter-drugs": "drug trafficking", "counterdrug": "drug trafficking",
    "counter drug": "drug trafficking", "counter narcotics": "drug trafficking",
    "counterterrorism": "terrorism", "counter-terrorism": "terrorism",
}
# Modifiers a threat key drops when the rest is a known threat ("international drug trafficking").
THREAT_SCOPE_MODIFIERS: frozenset[str] = frozenset({
    "international", "illicit", "illegal", "maritime", "regional", "global", "cross-border", "transborder",
    "transnational", "increasing", "rampant", "counter", "counter-", "combating", "countering",
})

# Head nouns of productive threat phrases ("border crimes", "transnational threats", "gang
# violence"): a head with at least one descriptive modifier names a threat. Heads mapped to a
# set need one of those modifiers ("irregular migration", not "bird migration").
THREAT_HEADS: dict[str, frozenset[str] | None] = {
    "crime": None, "crimes": None, "threat": None, "threats": None, "violence": None,
    "trafficking": None, "smuggling": None, "terrorism": None, "extremism": None,
    "migration": frozenset({"irregular", "illegal", "illicit", "undocumented", "clandestine", "mass"}),
    "trade": frozenset({"illegal", "illicit", "illegitimate", "black", "clandestine"}),
    "traffic": frozenset({"illegal", "illicit", "drug", "arms", "human"}),
    "mining": frozenset({"illegal", "illicit", "unlicensed", "wildcat"}),
    "logging": frozenset({"illegal", "illicit"}),
    "fishing": frozenset({"illegal", "illicit", "unregulated", "unreported"}),
    "laundering": None, "piracy": None, "kidnappings": None, "extortion": None,
}
# Modifiers that describe nothing: "new threats", "other crimes", "the greatest threat".
THREAT_EMPTY_MODIFIERS: frozenset[str] = frozenset({
    "new", "main", "major", "other", "such", "various", "different", "current", "same", "many",
    "several", "growing", "strongest", "greatest", "biggest", "largest", "emerging", "emergent",
    "serious", "real", "potential", "possible", "alleged", "certain", "these", "those", "future",
    "existing", "worst", "primary", "principal", "key", "top", "specific", "general", "traditional",
    "shared", "mutual", "regional", "global", "national", "local", "internal", "external", "increasing",
    "multiple", "complex", "persistent", "constant", "ongoing", "recent", "further", "more", "most",
    "significant", "important", "grave", "direct", "indirect", "own", "first", "last", "common",
    "security",
})
# What is trafficked ("trafficking of people, drugs and weapons", "drug, weapons and human
# trafficking"): the goods -> the threat each names.
TRAFFICKED_GOODS: dict[str, str] = {
    "people": "human trafficking", "persons": "human trafficking", "humans": "human trafficking",
    "human": "human trafficking", "human beings": "human trafficking", "migrants": "migrant smuggling",
    "drugs": "drug trafficking", "drug": "drug trafficking", "narcotics": "drug trafficking",
    "cocaine": "drug trafficking", "marijuana": "drug trafficking", "heroin": "drug trafficking",
    "weapons": "arms trafficking", "weapon": "arms trafficking", "arms": "arms trafficking",
    "firearms": "arms trafficking", "guns": "arms trafficking", "munitions": "arms trafficking",
    "ammunition": "arms trafficking", "explosives": "arms trafficking",
    "money": "money trafficking", "cash": "money trafficking", "currency": "money trafficking",
    "wildlife": "wildlife trafficking", "animals": "wildlife trafficking", "timber": "timber trafficking",
    "fuel": "fuel smuggling", "minerals": "mineral trafficking", "gold": "mineral trafficking",
    "organs": "organ trafficking", "goods": "smuggling", "contraband": "smuggling",
}
# Plural nouns for unnamed criminal or armed groups ("transnational criminal organizations",
# "guerrilla groups", "criminal gangs"), and the modifiers that make them armed groups.
GROUP_PLURALS: frozenset[str] = frozenset({
    "groups", "organizations", "organisations", "gangs", "cartels", "networks", "dissidents",
    "militias", "syndicates", "factions", "cells", "bands", "structures", "mafias",
})
CRIMINAL_MODIFIERS: frozenset[str] = frozenset({
    "criminal", "transnational", "illegal", "armed", "insurgent", "guerrilla", "terrorist", "narco",
    "drug", "trafficking", "drug-trafficking", "paramilitary", "organized", "organised", "extremist",
    "outlaw", "gang", "crime", "rebel", "jihadist", "violent", "illicit", "smuggling", "mafia",
})

# Peacekeeping and similar operation concepts named with common nouns.
OPERATION_CONCEPTS: dict[str, str] = {
    "peacekeeping missions": "peacekeeping missions", "peacekeeping mission": "peacekeeping missions",
    "peacekeeping operations": "peacekeeping missions", "peacekeeping operation": "peacekeeping missions",
    "peace operations": "peacekeeping missions", "peace missions": "peacekeeping missions",
    "peace-keeping missions": "peacekeeping missions", "peace-keeping operations": "peacekeeping missions",
    "peace support operations": "peacekeeping missions",
}

# "the <noun>" (singular, bare or with a threat cue) stands for the last entity of this class
# named before it: "the group", "the terrorist organization", "the conference".
DEFINITE_NOUNS: dict[str, str] = {
    "group": "ArmedGroup", "organization": "ArmedGroup", "organisation": "ArmedGroup",
    "guerrilla": "ArmedGroup", "guerrillas": "ArmedGroup", "cartel": "ArmedGroup",
    "gang": "ArmedGroup", "militia": "ArmedGroup", "rebels": "ArmedGroup",
    "insurgents": "ArmedGroup", "conference": "Conference", "summit": "Conference",
    "operation": "Operation", "exercise": "Operation", "company": "Organization",
    "firm": "Organization", "corporation": "Organization",
}

# Nouns for a body's people: "his personnel", "our troops" stand for the organisation.
PERSONNEL_NOUNS: frozenset[str] = frozenset({
    "personnel", "troops", "forces", "men", "soldiers", "officers", "units", "staff",
    "institution", "organization", "command", "team",
})

DETERMINERS: frozenset[str] = frozenset({"the", "a", "an", "this", "that", "these", "those"})
FIRST_PERSON_PLURAL: frozenset[str] = frozenset({"we", "us", "our", "ours", "ourselves"})

# Spellings of one word that name the same thing ("Defence Force" = "Defense Force").
SPELLING_VARIANTS: dict[str, str] = {
    "defence": "defense", "organisation": "organization", "organisations": "organizations",
    "centre": "center", "programme": "program", "programmes": "programs", "dept": "department",
    "labour": "labor", "harbour": "harbor", "honour": "honor", "organised": "organized",
    "gov": "government", "govt": "government", "natl": "national", "intl": "international",
    "cmd": "command", "bn": "battalion", "bde": "brigade", "div": "division", "sqn": "squadron",
}

# Services and bodies a text names bare when it is clear whose they are ("the Navy", "the
# National Police"): names to scope, not fragments.
BARE_SERVICES: frozenset[str] = frozenset({
    "army", "navy", "air force", "marines", "marine corps", "coast guard", "national guard",
    "police", "national police", "armed forces", "gendarmerie", "naval force", "naval forces",
    "government", "congress", "senate", "parliament", "military", "forces", "defense force",
    "special forces", "presidency", "cabinet", "customs", "border patrol", "prefecture",
})
# Adjectives that open many names and name nothing alone ("Joint", "Central", "National").
NAME_ADJECTIVES: frozenset[str] = frozenset({
    "joint", "central", "national", "special", "southern", "northern", "eastern", "western", "naval",
    "military", "armed", "united", "federal", "general", "regional", "international", "combined",
    "interagency", "inter-agency", "multinational", "binational", "public", "civil", "royal",
    "north", "south", "east", "west", "upper", "lower", "greater", "new", "old", "air", "rear", "vice",
    "deputy", "acting", "former", "senior", "chief", "first", "second", "third", "ret", "retired",
})

# Prefixes of ships' names (navies' and coast guards' own abbreviations): "USS Aurora".
SHIP_PREFIXES: frozenset[str] = frozenset({
    "USS", "USNS", "USCGC", "HMS", "HMCS", "HMAS", "HMNZS", "HNLMS", "HNoMS", "HDMS", "ARC", "BAP", "BAE",
    "ARA", "ROU", "NRP", "BNS", "INS", "KRI", "CGC", "RFA", "FGS", "ITS", "ESPS", "TCG", "JS", "ROKS",
    "CNS", "PNS", "SNS", "MV", "M/V", "RV",
})

# Last words of programmes and named initiatives, typed as operations ("State Partnership Program").
PROGRAM_HEADS: frozenset[str] = frozenset({
    "program", "programme", "initiative", "training", "partnership program", "campaign",
    "plan", "strategy", "project", "competition",
})

# Names of one service that a text uses interchangeably (the key of the first is the second).
SERVICE_SYNONYMS: dict[str, str] = {
    "national army": "army", "national navy": "navy", "naval force": "navy", "naval forces": "navy",
    "military": "armed forces", "military forces": "armed forces", "armed force": "armed forces",
    "national armed forces": "armed forces", "national police": "police", "police force": "police",
    "police forces": "police", "national air force": "air force", "air forces": "air force",
    "marine corps": "marines", "marine infantry": "marines", "naval infantry": "marines",
    "defense force": "armed forces", "defense forces": "armed forces",
}

# People who traffic, standing for the groups they form ("drug traffickers").
TRAFFICKER_NOUNS: frozenset[str] = frozenset({
    "traffickers", "narcotraffickers", "narco-traffickers", "smugglers", "narcos",
})

# Words of names that do not identify a body on their own ("Navy", "Joint Command", "Ministry of
# Defense", "Public Affairs", "U.S. Embassy"): such a name is scoped by its article (the country
# it is about) before anything is merged across articles. Directions are not among them: "Southern
# Command" is a proper name.
GENERIC_NAME_WORDS: frozenset[str] = frozenset({
    "army", "navy", "air", "force", "forces", "armed", "military", "militaries", "naval", "marine", "marines",
    "corps", "coast", "guard", "national", "police", "gendarmerie", "government", "congress", "senate",
    "parliament", "presidency", "cabinet", "ministry", "secretariat", "office", "agency",
    "directorate", "command", "joint", "staff", "chiefs", "chief", "general", "high", "supreme", "court",
    "federal", "civil", "special", "defense", "security", "public", "affairs", "interior", "justice",
    "foreign", "relations", "finance", "economy", "health", "education", "environment", "of", "the", "and",
    "for", "embassy", "consulate", "customs", "border", "patrol", "immigration", "intelligence", "service",
    "services", "prosecutor", "s", "attorney", "judiciary", "legislature", "presidential",
    "headquarters", "garrison", "division", "brigade", "battalion", "infantry", "aviation", "ground",
    "operations", "operational", "strategic", "tactical", "unit", "units", "team", "group", "center",
    "centre", "school", "academy", "institute", "council", "commission", "committee", "mission",
    "ministerial", "ambassador", "military group", "liaison", "attache", "defence",
})

# Lower-case words that make a region of the place name before them ("the Pacific coast",
# "the Amazon border region", "the Colombian border"); the last one must be a head.
REGION_PHRASE_WORDS: frozenset[str] = frozenset({
    "coast", "coastal", "border", "borders", "region", "area", "basin", "jungle", "highlands", "lowlands",
    "corridor", "frontier", "waters", "zone", "triangle", "tri-border", "province", "department", "state",
})
REGION_PHRASE_HEADS: frozenset[str] = frozenset({
    "coast", "border", "region", "area", "basin", "jungle", "highlands", "lowlands", "corridor", "frontier",
    "zone", "triangle",
})
# Of those, the words that belong to the region's name ("the Vilcabamba area" is Vilcabamba).
REGION_NAME_WORDS: frozenset[str] = frozenset({
    "coast", "border", "frontier", "triangle", "corridor", "basin", "highlands", "lowlands", "jungle", "tri-border",
})

# What a facility named after a place adds to the place's name ("Rio Seco Air Base").
FACILITY_HEADS: frozenset[str] = frozenset({
    "air base", "base", "naval base", "airport", "international airport", "port", "barracks", "station",
    "naval station", "air station", "camp", "fort", "airfield", "air force base", "military base",
    "multimodal port", "seaport", "harbor", "pier", "dock",
})
# First words that make an armed group of a name ("Clan del Norte", "Cartel de Sinaloa").
ARMED_GROUP_LEADS: frozenset[str] = frozenset({"clan", "cartel", "cartels", "mara", "frente", "bloque", "banda"})
# Words after a name that leave it the same thing: a facility named after its place, an ocean
# or islands by their name, a command by its area ("Coast Guard Atlantic Area Command").
SAME_THING_SUFFIXES: frozenset[str] = FACILITY_HEADS | frozenset({
    "ocean", "island", "islands", "archipelago", "command", "headquarters",
})

# Lower-case nouns for a country's services and government ("the Brazilian army", "the U.S.
# government") -> which kind of body they are.
LOWERCASE_SERVICES: dict[str, str] = {
    "army": "Military", "armies": "Military", "navy": "Military", "navies": "Military",
    "air force": "Military", "air forces": "Military", "military": "Military", "militaries": "Military",
    "armed forces": "Military", "military forces": "Military", "coast guard": "Military",
    "coast guards": "Military", "marines": "Military", "marine corps": "Military", "naval forces": "Military",
    "national guard": "Military", "police": "Police", "national police": "Police", "police force": "Police",
    "police forces": "Police", "government": "Government", "governments": "Government",
}
# The singular of a service noun, for the bodies a plural distributes to ("navies" -> Navy).
SERVICE_SINGULAR: dict[str, str] = {
    "armies": "army", "navies": "navy", "air forces": "air force", "militaries": "military",
    "coast guards": "coast guard", "governments": "government", "police forces": "police",
    "naval forces": "navy",
}
# First words of a place's formal name before "of" ("the Department of Meta" is Meta).
PLACE_KIND_LEADS: frozenset[str] = frozenset({
    "department", "province", "district", "special", "municipality", "city", "state", "region", "commune",
    "canton", "parish", "county", "island", "islands", "republic",
})
