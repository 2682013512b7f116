"""Text embeddings for retrieval: one lazily loaded model behind a small API.

    from intervoo.embed import default_embedder
    embedder = default_embedder()          # None when the model is not installed
    q = embedder.embed_queries(["Tell me about a migration you led"])
    p = embedder.embed_passages([story.text for story in stories])
    scores = p @ q[0]                      # cosine: rows are unit length

Queries and passages are embedded differently (the model is asymmetric: it was
trained to find the passage that answers a question). Importing this package is
free; the model loads on first use or through `warm_in_background()`.
"""

from __future__ import annotations

from intervoo.embed.api import EmbedderUnavailable, TextEmbedder, Vectors, normalize_rows
from intervoo.embed.runtime import default_embedder, warm_in_background

__all__ = [
    "EmbedderUnavailable",
    "TextEmbedder",
    "Vectors",
    "default_embedder",
    "normalize_rows",
    "warm_in_background",
]
