"""Make crisis stories of any size, to measure loading and search on more than one day's news.

The text is built from a news-crisis vocabulary with a long tail of accented
proper nouns, because a search engine's costs depend on the shape of the
vocabulary: a few very common words with huge posting lists, and many rare
names. A handful of real quotes from the bundled story are planted in every
story so benchmarks can ask whether a typo'd query still finds its quote.

Both outputs come from one plan, so ``generate_story(n, seed)`` is the same
story as loading ``generate_story_yaml(n, seed)``; the direct builder exists
because a million-quote YAML file takes minutes to load.

    python benchmarks/generate_story.py --quotes 100000 -o story.yaml
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from pathlib import Path
from zoneinfo import ZoneInfo

from crisis_tui.model import (
    Actor,
    Citation,
    Event,
    PartialDate,
    Place,
    Quote,
    Side,
    Source,
    Story,
    StoryInfo,
)
from crisis_tui.model.dates import parse_partial_date

ZONE = "America/Caracas"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FUNCTION_WORDS = _words(
    "the the the the of of of to to in in and and a a that for on with by as at from "
    "this their its our his her all not no will would have has had been is are was were "
    "we they he she it who which after before since over under against between during "
    "into about more than some most many every each any only also still even now then"
)
NOUNS = _words(
    "government opposition military army soldiers troops officers president minister "
    "assembly constitution elections protest protesters crowd streets capital border aid "
    "sanctions embassy diplomats uprising coup crisis power regime democracy freedom people "
    "nation country police guard base airport palace square rally march violence gunfire "
    "injuries hospital blackout electricity water food medicine inflation oil economy "
    "refugees migrants negotiations talks mediation amnesty loyalty defection traitors "
    "usurpation legitimacy sovereignty intervention allies support statement interview "
    "broadcast television radio journalists reporters press censorship arrests detention "
    "prison exile court judges prosecutor commanders generals units barracks checkpoint "
    "convoy tanks vehicles helicopters weapons rifles ammunition shots clashes casualties "
    "wounded dead witnesses footage video photos tweet message speech address decree law "
    "congress senate parliament ministry spokesman spokeswoman envoy delegation summit "
    "agreement deal ultimatum deadline transition vote ballot fraud recount observers "
    "monitors rights abuses torture investigation inquiry report leaders leader followers "
    "supporters loyalists rebels defectors militias colectivos gangs neighbourhood "
    "neighbourhoods city cities towns villages region province state states highway bridge "
    "motorcycles barricades fires smoke tear gas bullets shields helmets flags banners "
    "chants slogans hunger shortages queues prices salaries wages currency bolivar dollar "
    "debt creditors bonds markets exports imports refinery pipeline tankers shipments "
    "nerves steel will resolve calm order peace unity dialogue"
)
VERBS = _words(
    "said says announced declared called urged warned denied rejected claimed confirmed "
    "reported demanded promised accused condemned supported recognised gathered marched fled "
    "arrested released clashed fired blocked seized defended resisted negotiated threatened "
    "insisted vowed pledged dismissed blamed praised welcomed criticised questioned "
    "appealed ordered deployed withdrew surrounded stormed occupied abandoned joined "
    "switched backed opposed confronted deactivated crushed ended began started launched "
    "stopped halted suspended restored cut raised lowered met spoke tweeted broadcast "
    "published leaked revealed showed appeared remained stayed returned arrived left"
)
ADJECTIVES = _words(
    "military national interim legitimate constitutional peaceful violent armed loyal "
    "foreign international humanitarian economic political democratic socialist massive "
    "small large new final definitive ongoing fresh early late official unofficial "
    "senior junior top rebel loyalist opposition presidential public private secret open "
    "clear unclear heavy light live rubber main key principal major minor whole entire "
    "complete partial total firm strong weak swift slow sudden brief long short tense "
    "calm chaotic bloody historic unprecedented illegal legal fraudulent"
)
PREPOSITIONS = _words("in at near outside inside across against with without toward from")

FIRST_NAMES = _words(
    "Nicolás José María Juan Jorge Leopoldo Diosdado Vladimir Delcy Tareck Héctor Ramón "
    "Íñigo Sofía Lucía Andrés Martín Ángel Óscar Raúl Inés Begoña Asunción Jesús Víctor "
    "Mónica Álvaro Rubén Iván Adrián Sebastián Julián Tomás Joaquín Germán Ismael Noé "
    "Fabiola Lilian Carlos Luis Miguel Antonio Francisco Manuel Rafael Pedro Elena Carmen "
    "Ana Isabel Rosa Teresa Gabriela Valentina Daniela Camila"
)
SURNAMES = _words(
    "Guaidó Maduro López Rodríguez Peña Pérez Martínez Gómez Hernández Díaz Sánchez Núñez "
    "Muñoz Cabello Padrino Álvarez Jiménez Ramírez Suárez Giménez Ibáñez Fernández Castaño "
    "Márquez Chávez Ortega Rosales Capriles Machado Ledezma Borges Guevara Ocariz Saab "
    "Arreaza Mora Quintero Villarroel Briceño Paz Salas Méndez Zambrano Escalona Barrios "
    "Cordero Fariñas Montaño Ávila Ochoa Urdaneta Colmenares Bastidas Acuña Patiño"
)
PLACE_NAMES = _words(
    "Caracas Maracaibo Valencia Barquisimeto Mérida Cúcuta Bogotá Maturín Barinas "
    "Puerto Ayacucho San Cristóbal Ciudad Guayana Ciudad Bolívar Los Teques Guarenas "
    "Petare Catia Altamira Chacao El Valle La Guaira Coro Cumaná Porlamar Tucupita "
    "Santa Elena Ureña San Antonio Táchira Zulia Apure Anzoátegui Lara Falcón Sucre"
)
SYLLABLES = _words("ca ra mo lo ví to ña re du ba chi go ñe sa ta vi ro qué za ló mi bé nu da")

SIDES = (
    ("pro-guaido", "Pro-Guaidó (opposition)", "blue"),
    ("pro-maduro", "Pro-Maduro (government)", "red"),
    ("international", "International", "green"),
    ("media", "Media", "grey"),
)
MEDIA = ("tweet", "speech", "statement", "interview", "broadcast", "other")
SOURCE_KINDS = ("article", "tweet", "video", "statement", "broadcast", "report")
PLACE_KINDS = ("city", "base", "square", "building", "region")
QUOTE_KINDS = ("verbatim", "verbatim", "verbatim", "fragment", "paraphrase")


@dataclass(frozen=True, slots=True)
class RealActor:
    id: str
    name: str
    alias: str
    side: str
    role: str


REAL_ACTORS = (
    RealActor("juan-guaido", "Juan Guaidó", "Guaidó", "pro-guaido", "Opposition leader"),
    RealActor("nicolas-maduro", "Nicolás Maduro", "Maduro", "pro-maduro", "President"),
    RealActor("jorge-rodriguez", "Jorge Rodríguez", "Rodríguez", "pro-maduro", "Minister"),
    RealActor("vladimir-padrino", "Vladimir Padrino", "Padrino", "pro-maduro", "Defence minister"),
    RealActor("diosdado-cabello", "Diosdado Cabello", "Cabello", "pro-maduro", "Party leader"),
    RealActor("leopoldo-lopez", "Leopoldo López", "López", "pro-guaido", "Opposition leader"),
    RealActor("sarah-sanders", "Sarah Sanders", "Sanders", "international", "Press secretary"),
    RealActor("mike-pompeo", "Mike Pompeo", "Pompeo", "international", "Secretary of State"),
    RealActor("vladimir-putin", "Vladimir Putin", "Putin", "international", "President"),
)


@dataclass(frozen=True, slots=True)
class PlantedQuote:
    """A real quote placed in every generated story, with its speaker's id."""

    id: str
    speaker: str
    text: str
    medium: str


PLANTED_QUOTES = (
    PlantedQuote(
        "q-guaido-usurpation",
        "juan-guaido",
        "People of Venezuela, the end of the usurpation has begun,",
        "tweet",
    ),
    PlantedQuote("q-maduro-nerves-of-steel", "nicolas-maduro", "nerves of steel,", "tweet"),
    PlantedQuote(
        "q-rodriguez-traitors",
        "jorge-rodriguez",
        "confronting and deactivating a small group of traitors in our military personnel.",
        "tweet",
    ),
    PlantedQuote(
        "q-padrino-constitution",
        "vladimir-padrino",
        "The armed forces are firmly in defence of the national constitution and its "
        "legitimate authorities.",
        "tweet",
    ),
    PlantedQuote(
        "q-sanders-monitoring",
        "sarah-sanders",
        "We are monitoring the ongoing situation,",
        "statement",
    ),
    PlantedQuote(
        "q-pompeo-freedom-democracy",
        "mike-pompeo",
        "fully supports the Venezuelan people in their quest for freedom and democracy.",
        "tweet",
    ),
    PlantedQuote(
        "q-cabello-palace",
        "diosdado-cabello",
        "Maduro's supporters should gather outside the presidential palace.",
        "other",
    ),
    PlantedQuote(
        "q-lopez-freed",
        "leopoldo-lopez",
        "Soldiers supporting Guaidó set him free.",
        "tweet",
    ),
)


@dataclass(slots=True)
class Plan:
    """Every record as the YAML keys it will be written with, in file order."""

    sides: list[dict[str, object]] = field(default_factory=list)
    sources: list[dict[str, object]] = field(default_factory=list)
    actors: list[dict[str, object]] = field(default_factory=list)
    places: list[dict[str, object]] = field(default_factory=list)
    events: list[dict[str, object]] = field(default_factory=list)
    quotes: list[dict[str, object]] = field(default_factory=list)


class Weighted:
    """Draws from a list with Zipf-like weights: a few items often, most rarely.

    Draws are made in batches, since one ``random.choices`` call per word would
    dominate the time to plan a million quotes.
    """

    BATCH = 65_536

    def __init__(
        self, items: Sequence[str], rng: random.Random, exponent: float, *, shuffle: bool = True
    ) -> None:
        self.items = list(items)
        if shuffle:
            rng.shuffle(self.items)
        self.cumulative = list(accumulate(1 / (rank + 1) ** exponent for rank in range(len(items))))
        self.rng = rng
        self.batch: list[str] = []
        self.position = 0

    def draw(self, count: int) -> list[str]:
        if self.position + count > len(self.batch):
            size = max(count, self.BATCH)
            self.batch = self.rng.choices(self.items, cum_weights=self.cumulative, k=size)
            self.position = 0
        start, self.position = self.position, self.position + count
        return self.batch[start : self.position]


class Writer:
    """Sentences of news prose: clauses of noun and verb phrases, names mixed in."""

    def __init__(self, rng: random.Random, proper_nouns: Sequence[str]) -> None:
        self.rng = rng
        self.function = Weighted(FUNCTION_WORDS, rng, 0.5)
        self.nouns = Weighted(NOUNS, rng, 0.6)
        self.verbs = Weighted(VERBS, rng, 0.6)
        self.adjectives = Weighted(ADJECTIVES, rng, 0.6)
        self.prepositions = Weighted(PREPOSITIONS, rng, 0.6)
        self.names = Weighted(proper_nouns, rng, 0.9, shuffle=False)

    def sentence(self, low: int, high: int) -> str:
        """One sentence of ``low`` to ``high`` words, capitalised, ending in a full stop."""
        target = self.rng.randint(low, high)
        words: list[str] = []
        while len(words) < target:
            words += self._clause()
        words = words[:target]
        if target > 12:
            comma = self.rng.randint(4, target - 4)
            words[comma] += ","
        words[0] = words[0][0].upper() + words[0][1:]
        return " ".join(words) + "."

    def headline(self, low: int, high: int) -> str:
        return self.sentence(low, high).rstrip(".").replace(",", "")

    def _clause(self) -> list[str]:
        rng = self.rng
        function, nouns = self.function.draw(4), self.nouns.draw(3)
        subject = self.names.draw(1) if rng.random() < 0.3 else [function[0], nouns[0]]
        clause = [*subject, *self.verbs.draw(1), function[1]]
        if rng.random() < 0.5:
            clause += self.adjectives.draw(1)
        clause += [nouns[1], *self.prepositions.draw(1), function[2], nouns[2]]
        if rng.random() < 0.3:
            clause += [function[3], *self.names.draw(1)]
        return clause


def plan_story(quotes: int, seed: int = 0) -> Plan:
    """Decide every record of a story with ``quotes`` quotes; same seed, same story."""
    if quotes < 1:
        raise ValueError("a story needs at least one quote")
    rng = random.Random(seed)
    actor_count = max(len(REAL_ACTORS) + len(SIDES), min(800, 40 + quotes // 250))
    place_count = max(3, min(2000, 10 + quotes // 500))
    event_count = max(place_count, actor_count, min(50_000, quotes // 20))
    source_count = max(1, min(quotes, 20_000, quotes // 50))
    writer = Writer(rng, _proper_nouns(rng, max(200, min(50_000, quotes // 20))))
    dates = _DateDrawer(rng)
    plan = Plan()
    plan.sides = [{"id": sid, "label": label, "color": color} for sid, label, color in SIDES]
    actors = _plan_actors(rng, writer, actor_count)
    plan.actors = actors
    media = [a["id"] for a in actors if a["kind"] == "media"]
    people = [str(a["id"]) for a in actors]
    for index in range(source_count):
        plan.sources.append(
            {
                "id": f"src-{index:06d}",
                "kind": rng.choice(SOURCE_KINDS),
                "title": writer.headline(6, 14),
                "publisher": media[index % len(media)],
                "published": dates.day(),
                "paragraphs": rng.randint(5, 60),
            }
        )
    plan.places = _plan_places(rng, place_count)

    def cite(index: int) -> list[dict[str, object]]:
        source = plan.sources[index % source_count]
        paragraphs = source["paragraphs"]
        assert isinstance(paragraphs, int)
        return [{"source": source["id"], "para": rng.randint(1, paragraphs)}]

    speakers = Weighted(people, rng, 0.8)
    for index in range(event_count):
        involved = dict.fromkeys([people[index % len(people)], *speakers.draw(rng.randint(0, 3))])
        plan.events.append(
            {
                "id": f"ev-{index:06d}",
                "title": writer.headline(4, 10),
                "when": dates.moment(),
                "summary": writer.sentence(15, 40),
                "place": plan.places[index % place_count]["id"],
                "actors": list(involved),
                "sources": cite(index),
            }
        )
    planted = {round(i * quotes / len(PLANTED_QUOTES)): p for i, p in enumerate(PLANTED_QUOTES)}
    drawn = speakers.draw(quotes)
    for index in range(quotes):
        plant = planted.get(index)
        quote: dict[str, object] = {
            "id": plant.id if plant else f"q-{index:07d}",
            "text": plant.text if plant else writer.sentence(8, 30),
            "speaker": plant.speaker
            if plant
            else people[index]
            if index < len(people)
            else drawn[index],
            "kind": rng.choice(QUOTE_KINDS),
            "medium": plant.medium if plant else rng.choice(MEDIA),
            "when": "2019-04-30" if plant else dates.moment(),
        }
        if rng.random() < 0.6:
            quote["event"] = plan.events[rng.randrange(event_count)]["id"]
        quote["sources"] = cite(index)
        plan.quotes.append(quote)
    return plan


def _proper_nouns(rng: random.Random, count: int) -> list[str]:
    """Real names first, then invented Spanish-looking surnames: the vocabulary's long tail."""
    names = dict.fromkeys([*SURNAMES, *FIRST_NAMES, *PLACE_NAMES])
    while len(names) < count:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        names[word[0].upper() + word[1:]] = None
    return list(names)


def _plan_actors(rng: random.Random, writer: Writer, count: int) -> list[dict[str, object]]:
    actors: list[dict[str, object]] = [
        {
            "id": real.id,
            "name": real.name,
            "kind": "person",
            "aliases": [real.alias],
            "role": real.role,
            "side": real.side,
            "summary": writer.sentence(10, 25),
        }
        for real in REAL_ACTORS
    ]
    for side_id, label, _ in SIDES:
        actors.append(
            {"id": f"{side_id}-press", "name": f"{label} Press", "kind": "media", "side": side_id}
        )
    taken = {str(a["name"]) for a in actors}
    while len(actors) < count:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        if rng.random() < 0.4:
            name += f" {rng.choice(SURNAMES)}"
        if name in taken:
            continue
        taken.add(name)
        actors.append(
            {
                "id": f"actor-{len(actors):04d}",
                "name": name,
                "kind": "media" if rng.random() < 0.05 else "person",
                "aliases": [name.split()[-1]],
                "side": SIDES[len(actors) % len(SIDES)][0],
                "summary": writer.sentence(10, 25),
            }
        )
    return actors


def _plan_places(rng: random.Random, count: int) -> list[dict[str, object]]:
    places: list[dict[str, object]] = []
    for index in range(count):
        base = PLACE_NAMES[index % len(PLACE_NAMES)]
        place: dict[str, object] = {
            "id": f"place-{index:05d}",
            "name": base if index < len(PLACE_NAMES) else f"{base} {index // len(PLACE_NAMES)}",
            "kind": rng.choice(PLACE_KINDS),
        }
        if index >= len(PLACE_NAMES):
            place["within"] = places[index % len(PLACE_NAMES)]["id"]
        places.append(place)
    return places


class _DateDrawer:
    """Dates in the first half of 2019, some to the minute, from a bounded set of texts."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def day(self) -> str:
        month = self.rng.randint(1, 6)
        return f"2019-{month:02d}-{self.rng.randint(1, 28):02d}"

    def moment(self) -> str:
        day = self.day()
        if self.rng.random() < 0.3:
            return f"{day}T{self.rng.randint(6, 23):02d}:{self.rng.randrange(0, 60, 5):02d}"
        return day


def render_yaml(plan: Plan) -> str:
    """The plan as a ``crisis-story/1`` file; strings are JSON-quoted, which YAML reads as is."""
    lines = [
        "format: crisis-story/1",
        "story:",
        f"  title: {_quoted('Generated crisis story')}",
        f"  timezone: {ZONE}",
        "  language: en",
    ]
    for section in ("sides", "sources", "actors", "places", "events", "quotes"):
        lines.append(f"{section}:")
        for record in getattr(plan, section):
            lines.extend(_record_lines(record))
    return "\n".join(lines) + "\n"


def _record_lines(record: dict[str, object]) -> list[str]:
    lines = []
    prefix = "  - "
    for key, value in record.items():
        lines.append(f"{prefix}{key}: {_value(value)}")
        prefix = "    "
    return lines


def _value(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_value(item)}" for key, item in value.items()) + "}"
    if isinstance(value, int):
        return str(value)
    return _quoted(str(value))


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def build_model(plan: Plan) -> Story:
    """The plan as model records, bypassing YAML: what the loader would build from it."""
    date = cache(parse_partial_date_in_zone)
    sides = {
        str(s["id"]): Side(str(s["id"]), str(s["label"]), str(s["color"]), i)
        for i, s in enumerate(plan.sides)
    }
    sources = {
        str(s["id"]): Source(
            id=str(s["id"]),
            kind=str(s["kind"]),
            title=str(s["title"]),
            published=date(str(s["published"])),
            paragraphs=_int(s["paragraphs"]),
            index=i,
        )
        for i, s in enumerate(plan.sources)
    }

    def cite(value: object) -> tuple[Citation, ...]:
        assert isinstance(value, list)
        return tuple(Citation(sources[c["source"]], c["para"]) for c in value)

    actors = {
        str(a["id"]): Actor(
            id=str(a["id"]),
            name=str(a["name"]),
            kind=str(a["kind"]),
            aliases=tuple(_strings(a.get("aliases", []))),
            role=_optional(a.get("role")),
            side=sides[str(a["side"])],
            summary=_optional(a.get("summary")),
            index=i,
        )
        for i, a in enumerate(plan.actors)
    }
    for record in plan.sources:
        publisher = actors[str(record["publisher"])]
        object.__setattr__(sources[str(record["id"])], "publisher", publisher)
    places: dict[str, Place] = {}
    for i, p in enumerate(plan.places):
        within = places[str(p["within"])] if "within" in p else None
        places[str(p["id"])] = Place(str(p["id"]), str(p["name"]), str(p["kind"]), within, index=i)
    events = {
        str(e["id"]): Event(
            id=str(e["id"]),
            title=str(e["title"]),
            when=date(str(e["when"])),
            summary=str(e["summary"]),
            place=places[str(e["place"])],
            actors=tuple(actors[a] for a in _strings(e["actors"])),
            sources=cite(e["sources"]),
            index=i,
        )
        for i, e in enumerate(plan.events)
    }
    quotes = [
        Quote(
            id=str(q["id"]),
            text=str(q["text"]),
            speaker=actors[str(q["speaker"])],
            kind=str(q["kind"]),
            medium=str(q["medium"]),
            when=date(str(q["when"])),
            event=events[str(q["event"])] if "event" in q else None,
            sources=cite(q["sources"]),
            index=i,
        )
        for i, q in enumerate(plan.quotes)
    ]
    info = StoryInfo(title="Generated crisis story", timezone=ZONE, language="en")
    return Story(
        info,
        sides=sides.values(),
        sources=sources.values(),
        actors=actors.values(),
        places=places.values(),
        events=events.values(),
        quotes=quotes,
    )


def parse_partial_date_in_zone(text: str) -> PartialDate:
    return parse_partial_date(text, ZoneInfo(ZONE))


def _int(value: object) -> int:
    assert isinstance(value, int)
    return value


def _optional(value: object) -> str | None:
    return None if value is None else str(value)


def _strings(value: object) -> list[str]:
    assert isinstance(value, list)
    return [str(item) for item in value]


def generate_story_yaml(quotes: int, seed: int = 0) -> str:
    """A valid ``crisis-story/1`` file with ``quotes`` quotes."""
    return render_yaml(plan_story(quotes, seed))


def generate_story(quotes: int, seed: int = 0) -> Story:
    """The same story as ``generate_story_yaml``, built straight into the model."""
    return build_model(plan_story(quotes, seed))


def main(argv: Sequence[str] | None = None, out: Callable[[str], object] = sys.stdout.write) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quotes", type=int, default=1000, help="number of quotes")
    parser.add_argument("--seed", type=int, default=0, help="same seed, same story")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    args = parser.parse_args(argv)
    text = generate_story_yaml(args.quotes, args.seed)
    if args.output is None:
        out(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
