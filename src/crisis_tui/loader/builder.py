"""Turn checked drafts into the linked model.

Everything here may assume the checker passed: every reference resolves to the
right kind, no ``within`` cycle exists, every value has its type.
"""

from __future__ import annotations

from typing import Any

from crisis_tui.loader.checker import CheckedStory, CitationRef, Draft, Ref
from crisis_tui.model import (
    Actor,
    Citation,
    Event,
    Link,
    Place,
    Quote,
    Side,
    Source,
    Story,
    StoryInfo,
)


def build_story(checked: CheckedStory) -> Story:
    """Build records in dependency order, sharing one object per id."""
    sections = checked.sections
    sides = {d.id: _side(d) for d in sections["sides"] if d.id}
    sources = {d.id: _source(d) for d in sections["sources"] if d.id}

    def cite(citations: tuple[CitationRef, ...]) -> tuple[Citation, ...]:
        return tuple(Citation(sources[c.source.id], c.para) for c in citations)

    actors: dict[str, Actor] = {}
    for draft in sections["actors"]:
        v = draft.values
        actors[v["id"]] = Actor(
            id=v["id"],
            name=v["name"],
            kind=v.get("kind", "person"),
            aliases=v.get("aliases", ()),
            role=v.get("role"),
            side=sides[v["side"].id] if "side" in v else None,
            country=v.get("country"),
            summary=v.get("summary"),
            sources=cite(v.get("sources", ())),
            index=draft.index,
        )
    for draft in sections["sources"]:
        publisher = draft.values.get("publisher")
        if isinstance(publisher, Ref):
            # The one cycle in the graph (an actor cites a source, the source's
            # publisher is an actor) is closed here, once both records exist.
            object.__setattr__(sources[draft.values["id"]], "publisher", actors[publisher.id])

    places = _places(sections["places"], cite)

    def actor_list(value: Any) -> tuple[Actor, ...]:
        return tuple(actors[ref.id] for ref in value or ())

    events: dict[str, Event] = {}
    for draft in sections["events"]:
        v = draft.values
        events[v["id"]] = Event(
            id=v["id"],
            title=v["title"],
            when=v["when"],
            until=v.get("until"),
            when_text=v.get("when_text"),
            approximate=v.get("approximate", False),
            summary=v.get("summary"),
            place=places[v["place"].id] if "place" in v else None,
            actors=actor_list(v.get("actors")),
            tags=v.get("tags", ()),
            reported_by=actor_list(v.get("reported_by")),
            sources=cite(v["sources"]),
            index=draft.index,
        )
    quotes = [
        Quote(
            id=(v := draft.values)["id"],
            text=v["text"],
            speaker=actors[v["speaker"].id],
            kind=v.get("kind", "verbatim"),
            medium=v.get("medium"),
            when=v.get("when"),
            event=events[v["event"].id] if "event" in v else None,
            reported_by=actor_list(v.get("reported_by")),
            language=v.get("language"),
            sources=cite(v["sources"]),
            index=draft.index,
        )
        for draft in sections["quotes"]
    ]
    links = [
        Link(
            from_actor=actors[(v := draft.values)["from"].id],
            to_actor=actors[v["to"].id],
            type=v["type"],
            id=v.get("id"),
            since=v.get("since"),
            until=v.get("until"),
            sources=cite(v.get("sources", ())),
            index=draft.index,
        )
        for draft in sections["links"]
    ]
    story = checked.story
    info = StoryInfo(
        title=story["title"],
        summary=story.get("summary"),
        timezone=story.get("timezone", "UTC"),
        language=story.get("language"),
    )
    return Story(
        info,
        sides=sides.values(),
        sources=sources.values(),
        actors=actors.values(),
        places=places.values(),
        events=events.values(),
        quotes=quotes,
        links=links,
    )


def _side(draft: Draft) -> Side:
    v = draft.values
    return Side(id=v["id"], label=v["label"], color=v.get("color"), index=draft.index)


def _source(draft: Draft) -> Source:
    v = draft.values
    return Source(
        id=v["id"],
        kind=v.get("kind", "other"),
        title=v.get("title"),
        author=v.get("author"),
        url=v.get("url"),
        published=v.get("published"),
        paragraphs=v.get("paragraphs"),
        index=draft.index,
    )


def _places(drafts: list[Draft], cite: Any) -> dict[str, Place]:
    """Places in file order, each built after the place it lies within.

    Built with an explicit stack: a chain of places each within the next,
    written outermost last, is as deep as the file is long.
    """
    by_id = {d.values["id"]: d for d in drafts}
    built: dict[str, Place] = {}
    for first in by_id:
        pending = [first]
        while pending:
            place_id = pending[-1]
            v = by_id[place_id].values
            within_id = v["within"].id if "within" in v else None
            if within_id is not None and within_id not in built:
                pending.append(within_id)
                continue
            pending.pop()
            built[place_id] = Place(
                id=place_id,
                name=v["name"],
                kind=v.get("kind", "other"),
                within=built[within_id] if within_id is not None else None,
                lat=v.get("lat"),
                lon=v.get("lon"),
                aliases=v.get("aliases", ()),
                sources=cite(v.get("sources", ())),
                index=by_id[place_id].index,
            )
    return {place_id: built[place_id] for place_id in by_id}
