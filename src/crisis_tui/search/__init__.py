"""Full-text search over a story: typo-tolerant, accent-blind, fast at a million quotes.

No user-interface code here: the explorer and the ``search`` command both
build a ``SearchIndex`` once and call ``search`` for each query.
"""

from crisis_tui.search.engine import Hit, SearchIndex
from crisis_tui.search.query import Query, QueryProblem, Term, parse_query

__all__ = ["Hit", "Query", "QueryProblem", "SearchIndex", "Term", "parse_query"]
