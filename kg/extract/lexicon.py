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
    "Corporal", "Cpl.", "Private", "Pvt.", "Petty Officer", "Chief Petty Officer",
    "Ensign", "Marshal", "Air Marshal", "Air Chief Marshal", "Field Marshal", "Commodore",
    "Brigadier", "Superintendent", "Inspector", "Commissioner", "Detective",
    "President", "Vice President", "Prime Minister", "Minister", "Deputy Minister",
    "Vice Minister", "Secretary", "Undersecretary", "Ambassador", "Governor", "Mayor",
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
    "military", "militaries", "headquarters", "staff", "joint staff", "gendarmerie",
})
GOVERNMENT_HEADS: frozenset[str] = frozenset({
    "police", "ministry", "directorate", "department", "agency", "office", "bureau",
    "secretariat", "commission", "council", "government", "court", "congress", "parliament",
    "senate", "administration", "authority", "service", "customs", "prosecutor's office",
    "cabinet", "presidency", "intelligence", "institute", "superintendency", "division of",
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
    "seminar", "workshop", "dialogue", "talks", "assembly", "expo", "exhibition",
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
    "jungle", "delta", "plateau", "plain", "plains", "strip", "bank",
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
    "organized crime": "organized crime", "organised crime": "organized crime",
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
}

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
