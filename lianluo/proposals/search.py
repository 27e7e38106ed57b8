"""The bigram indexes of suggestions (``lianluo.core.bigrams`` explains the search; migration 0002 makes them).

- ``SUGGESTIONS``: the list's keyword search, over ``SuggestionSearch.bigrams`` (title and body, a side table kept
  by ``services.filing.index_suggestion``);
- ``PUBLICATIONS``: the public search, over ``Publication.bigrams`` (public title, body and reply, a column of the
  public version itself, kept by the publication service). The public list is ordered by publication date, which
  no index walks, so a common query is read through the GIN bitmap too (``ordered_scan=False``).
"""

from lianluo.core.bigrams import BigramIndex

SUGGESTIONS = BigramIndex(
    side_table="proposals_suggestionsearch",
    key_column="suggestion_id",
    owner_table="proposals_suggestion",
    like_fields=("title", "body"),
    gin_index="proposals_suggestionsearch_bigrams_gin",
    fts_table="proposals_suggestionsearch_fts",
)

PUBLICATIONS = BigramIndex(
    side_table="proposals_publication",
    key_column="id",
    owner_table="proposals_publication",
    like_fields=("title", "body", "reply"),
    gin_index="proposals_publication_bigrams_gin",
    fts_table="proposals_publication_fts",
    ordered_scan=False,
)
