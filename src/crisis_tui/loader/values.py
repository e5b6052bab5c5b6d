"""The values a story's fields may take: each kind's choices, the shape of ids and countries.

Apart from the rest of the format (``spec``), so that a story read back
from the cache, which checks every value against these, is not kept
waiting for the declarations of every field.
"""

from __future__ import annotations

import re

from crisis_tui.model.story import LINK_LABELS

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
COUNTRY_PATTERN = re.compile(r"[A-Z]{2}")

SOURCE_KINDS = ("article", "tweet", "video", "statement", "broadcast", "report", "other")
ACTOR_KINDS = ("person", "organisation", "government", "armed-force", "media", "country", "group")
PLACE_KINDS = ("city", "base", "square", "building", "country", "region", "other")
QUOTE_KINDS = ("verbatim", "fragment", "paraphrase")
MEDIA = ("tweet", "speech", "statement", "interview", "broadcast", "other")
LINK_TYPES = tuple(LINK_LABELS)
