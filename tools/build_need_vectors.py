"""Rebuild src/intervoo/copilot/data/need_vectors.npz: the bundled retrieval model's
vectors of the example questions `copilot.needs` reads a question's need by. Run it
after changing the examples or the model (a test says when the file is out of date):

    .venv/bin/python tools/build_need_vectors.py
"""

from __future__ import annotations

import sys

from intervoo.copilot.needs import EXAMPLE_TEXTS, SHIPPED
from intervoo.embed import default_embedder
from intervoo.stories.embeddings import ship_vectors


def main() -> int:
    embedder = default_embedder()
    if embedder is None:
        print("the bundled retrieval model is not installed", file=sys.stderr)
        return 1
    ship_vectors(SHIPPED.path, embedder, "query", EXAMPLE_TEXTS)
    print(f"{len(EXAMPLE_TEXTS)} vectors of {embedder.model_id} -> {SHIPPED.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
