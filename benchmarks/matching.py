"""Extraction throughput: papergraph vs the Aho-Corasick floor vs spaCy zh + jieba + EntityRuler.

    python benchmarks/matching.py CORPUS [--papers 2000]

All three read the same texts (title, Chinese title and summary of each paper,
joined as papergraph's Extractor joins them) and look for the same names:
every label and alias in ontology/vocab/*.tsv, plus the Traditional spelling
of each Chinese one.

  papergraph names   papergraph's spaCy pipeline with only its vocabulary
               components (Extractor(components=NAMES_ONLY)): the script-aware
               tokenizer's Doc, the vocabulary names (Aho-Corasick over folded
               text, boundary and case checks, sized variants) written to
               doc.ents. The same job as the EntityRuler below: this is the
               like-for-like figure the targets compare. Run in batches of 64
               (Extractor.pipe), as the build runs it and as spaCy runs nlp.pipe
  papergraph doc only   the spaCy Doc alone, as the script-aware tokenizer makes it:
               how much of "names" the frame itself costs
  papergraph full   the full Extractor (vocabulary, discovery, relations, results,
               topics; Extractor.extract_many, batches of 64): what a build runs; spaCy's EntityRuler does
               none of the work beyond the names
  floor        pyahocorasick over the lower-cased text, matches kept only at
               word boundaries (no Latin letter or digit on either side): the
               least work any vocabulary matcher can do
  spaCy        spacy.blank("zh") with the jieba segmenter and an EntityRuler of the
               same names (phrase patterns, LOWER): the obvious alternative

Then a cProfile of papergraph's Extractor names its hot spots. Times are CPU
seconds of this process, the fastest of --rounds runs, the contestants taking
turns (the machine may be shared; wall time is kept too). Prints a table and writes benchmarks/results/matching.json.
Needs the `bench` extra (jieba).
"""
from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
from functools import partial
from pathlib import Path

import ahocorasick

from papergraph.build import BuildReport, read_papers
from papergraph.extract import NAMES_ONLY, Extractor
from papergraph.knowledge import load_knowledge
from papergraph.text import CJK, to_traditional

HERE = Path(__file__).resolve().parent
TARGET_VS_FLOOR = 5.0  # papergraph at most 5x the floor's time
TARGET_VS_SPACY = 5.0  # papergraph at least 5x faster than spaCy + jieba + EntityRuler


def joined_text(p) -> str:
    return "\n".join(v for v in (p.title, p.title_zh, p.summary) if v)


def patterns() -> list[tuple[str, str]]:
    """(surface form, kind) for every vocabulary name, Traditional spellings added."""
    forms: dict[str, str] = {}
    for e in load_knowledge().vocabulary.entities.values():
        for form in (e.label, *e.aliases):
            forms.setdefault(form, e.kind)
            if CJK.search(form):
                forms.setdefault(to_traditional(form), e.kind)
    return sorted(forms.items())


def _is_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def floor_matcher(pats: list[tuple[str, str]]):
    automaton = ahocorasick.Automaton()
    for form, kind in pats:
        automaton.add_word(form.lower(), (len(form), kind))
    automaton.make_automaton()

    def scan(text: str) -> int:
        low, found = text.lower(), 0
        for end, (n, _kind) in automaton.iter(low):
            start = end - n + 1
            if start > 0 and _is_word(low[start]) and _is_word(low[start - 1]):
                continue
            if end + 1 < len(low) and _is_word(low[end]) and _is_word(low[end + 1]):
                continue
            found += 1
        return found
    return scan


def spacy_pipeline(pats: list[tuple[str, str]]):
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns([{"label": kind.upper(), "pattern": form} for form, kind in pats])
    return nlp


# One run of each contestant over its input: the count of names found. bench_instructions.py
# runs the same ones. Both papergraph contestants go in batches of 64, as the build runs them
# (Extractor.pipe, extract_many) and as spaCy's contestant runs nlp.pipe.
def names_run(names_only: Extractor, papers: list) -> int:
    return sum(len(d.ents) for d in names_only.pipe(papers, batch_size=64))


def full_run(extractor: Extractor, papers: list) -> int:
    return sum(len(x.mentions) for x in extractor.extract_many(papers, batch_size=64))


def floor_run(scan, texts: list[str]) -> int:
    return sum(scan(t) for t in texts)


def spacy_run(nlp, texts: list[str]) -> int:
    return sum(len(d.ents) for d in nlp.pipe(texts, batch_size=64))


def timed_in_rounds(contestants: dict, rounds: int) -> dict[str, tuple[float, int, float]]:
    """name -> (CPU seconds, count, wall seconds) of each contestant's fastest run.

    CPU seconds are what the comparison uses (the machine may be shared), and the
    fastest run since a neighbour's load only ever adds time. The contestants take
    turns, one run each per round, so a burst of load from elsewhere falls on
    every one alike rather than on the one whose runs it happened to meet.
    """
    best: dict[str, tuple[float, int, float]] = {}
    for _ in range(rounds):
        for name, (fn, items) in contestants.items():
            w0, c0 = time.perf_counter(), time.process_time()
            found = fn(items)
            run = (time.process_time() - c0, found, time.perf_counter() - w0)
            if name not in best or run[0] < best[name][0]:
                best[name] = run
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--papers", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=5, help="runs of each contestant, taking turns (default 5)")
    ap.add_argument("--profile-papers", type=int, default=500)
    ap.add_argument("--out", type=Path, default=HERE / "results" / "matching.json")
    args = ap.parse_args()

    papers = read_papers([args.corpus], BuildReport())[: args.papers]
    texts = [joined_text(p) for p in papers]
    chars = sum(map(len, texts))
    pats = patterns()

    names_only = Extractor(components=NAMES_ONLY)
    extractor = Extractor()
    for p in papers[:20]:
        names_only.doc(p)  # warm caches
        extractor.extract(p)
    t0 = time.perf_counter()
    scan = floor_matcher(pats)
    setup_floor = time.perf_counter() - t0
    t0 = time.perf_counter()
    nlp = spacy_pipeline(pats)
    list(nlp.pipe(texts[:5]))  # jieba loads its dictionary on first use
    setup_spacy = time.perf_counter() - t0

    contestants = {
        "papergraph_names": (partial(names_run, names_only), papers),
        # the spaCy Doc alone (the script-aware tokenizer): the frame's own share of the above
        "papergraph_doc_only": (lambda ts: sum(len(names_only.nlp.make_doc(t)) for t in ts), texts),
        "papergraph_full": (partial(full_run, extractor), papers),
        "floor": (partial(floor_run, scan), texts),
        "spacy_jieba_ruler": (partial(spacy_run, nlp), texts),
    }
    what = {
        "papergraph_names": "spaCy Doc (script-aware tokenizer) + vocabulary names -> doc.ents, batches of 64",
        "papergraph_doc_only": "the spaCy Doc alone (script-aware tokenizer); found = tokens",
        "papergraph_full": "full Extractor (all components), batches of 64",
        "floor": "pyahocorasick scan + word-boundary checks",
        "spacy_jieba_ruler": 'spacy.blank("zh", segmenter=jieba) + EntityRuler (phrase, LOWER)',
    }
    results: dict[str, dict] = {}
    for name, (seconds, found, wall) in timed_in_rounds(contestants, args.rounds).items():
        results[name] = {"seconds": seconds, "wall_seconds": wall, "found": found, "what": what[name],
                         "rounds": args.rounds}
    results["floor"]["setup_seconds"] = setup_floor
    results["spacy_jieba_ruler"]["setup_seconds"] = setup_spacy

    for r in results.values():
        r["chars_per_second"] = chars / r["seconds"]
        r["papers_per_second"] = len(papers) / r["seconds"]
    names, full, fl, sp = (results[k]["seconds"] for k in ("papergraph_names", "papergraph_full", "floor",
                                                            "spacy_jieba_ruler"))
    ratios = {
        "target_papergraph_time_over_floor_max": TARGET_VS_FLOOR,
        "target_spacy_time_over_papergraph_min": TARGET_VS_SPACY,
        "names": {"papergraph_time_over_floor": names / fl, "spacy_time_over_papergraph": sp / names},
        "full": {"papergraph_time_over_floor": full / fl, "spacy_time_over_papergraph": sp / full},
    }

    prof = cProfile.Profile()
    sample = papers[: args.profile_papers]
    prof.enable()
    for p in sample:
        extractor.extract(p)
    prof.disable()
    stats = pstats.Stats(prof)
    total = stats.total_tt
    rows = []
    for (file, line, func), (_cc, nc, tt, ct, _callers) in stats.stats.items():
        rows.append({"function": f"{Path(file).name}:{line}({func})", "calls": nc,
                     "self_seconds": round(tt, 3), "cumulative_seconds": round(ct, 3),
                     "self_share": round(tt / total, 3), "cumulative_share": round(ct / total, 3)})
    by_self = sorted(rows, key=lambda r: -r["self_seconds"])[:15]
    components = sorted((r for r in rows if "__call__" in r["function"] or "split_sentences" in r["function"]
                         or "infer" in r["function"]), key=lambda r: -r["cumulative_seconds"])[:12]

    report = {
        "papers": len(papers), "chars": chars, "patterns": len(pats), "corpus": str(args.corpus.name),
        "results": results, "ratios": ratios,
        "profile": {"papers": len(sample), "seconds": round(total, 3), "top_self": by_self,
                    "components_cumulative": components},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, sort_keys=True, default=float) + "\n")

    print(f"\n== extraction throughput: {len(papers):,} papers, {chars:,} chars, {len(pats):,} patterns")
    print(f"{'matcher':<20} {'CPU s':>8} {'M chars/s':>10} {'papers/s':>10} {'found':>8}   (rates per CPU second)")
    for name, r in results.items():
        print(f"{name:<20} {r['seconds']:>8.2f} {r['chars_per_second'] / 1e6:>10.3f} "
              f"{r['papers_per_second']:>10.0f} {r['found']:>8,}")
    for which, label in (("names", "names only (the EntityRuler's job)"), ("full", "full extraction")):
        r = ratios[which]
        ok1 = r["papergraph_time_over_floor"] <= TARGET_VS_FLOOR
        ok2 = r["spacy_time_over_papergraph"] >= TARGET_VS_SPACY
        print(f"papergraph, {label}: {r['papergraph_time_over_floor']:.1f}x the floor's time "
              f"(target <= {TARGET_VS_FLOOR:.0f}x: {'MET' if ok1 else 'NOT MET'}); spaCy+jieba+EntityRuler takes "
              f"{r['spacy_time_over_papergraph']:.2f}x its time (target >= {TARGET_VS_SPACY:.0f}x: "
              f"{'MET' if ok2 else 'NOT MET'})")
    print(f"\nprofile of papergraph's Extractor over {len(sample)} papers ({total:.2f} s), top by own time:")
    for r in by_self[:10]:
        print(f"  {r['self_share']:>6.1%}  {r['self_seconds']:>7.2f} s  {r['calls']:>9,} calls  {r['function']}")
    print("components and steps, cumulative:")
    for r in components:
        print(f"  {r['cumulative_share']:>6.1%}  {r['cumulative_seconds']:>7.2f} s  {r['function']}")
    print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
