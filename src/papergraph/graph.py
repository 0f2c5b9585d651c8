"""Records and extractions -> one NetworkX MultiDiGraph: the single source of truth.

Node ids are stable, readable paths that the RDF IRIs reuse:
    paper/2406.15319   model/gpt-4-turbo   dataset/natural-questions
    topic/rag          result/2406.15319/1
    person/wenhu-chen  category/cs.CL      (where a source names authors, arXiv categories)
Every export (JSON, Turtle, HTML, Neo4j) is derived from this graph.
"""
from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter, defaultdict
from typing import Iterable

import networkx as nx

from .model import ENTITY_KINDS, Entity, Evidence, Extraction, Paper
from .text import name_key, slugify
from .extract.topics import TopicScheme
from .knowledge import load_arxiv_categories

KIND_ORDER = {k: i for i, k in enumerate(ENTITY_KINDS)}

# Relations between a paper or entity and an entity, as edge `relation` values.
RELATIONS = (
    "mentions", "proposes", "has_topic", "evaluated_on", "compared_with", "outperforms",
    "based_on", "fine_tuned_from", "variant_of", "uses", "reports", "on_dataset",
    "measured_by", "achieved_by", "broader", "has_author", "in_category",
)


def paper_id(arxiv_id: str) -> str:
    return f"paper/{arxiv_id}"


def person_id(name: str) -> str:
    """person/<slug>: accents dropped, so "Balázs" and "Balazs" are one person."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return f"person/{slugify(plain)}"


def category_id(code: str) -> str:
    """category/<arXiv code>, as arXiv writes it: category/cs.CL."""
    return f"category/{code}"


def _add_bibliographic(nodes: dict[str, dict], edge, pid: str, paper: Paper,
                       category_names: dict[str, str]) -> None:
    """Authors and arXiv categories, where the source gave them."""
    for n, name in enumerate(paper.authors, 1):
        node = nodes.setdefault(person_id(name), {"kind": "Person", "label": name, "aliases": []})
        if name != node["label"] and name not in node["aliases"]:
            node["aliases"] = sorted([*node["aliases"], name])
        edge(pid, person_id(name), "has_author", position=n)
    for n, code in enumerate(paper.categories):
        name = category_names.get(code, "")
        nodes.setdefault(category_id(code), {
            "kind": "Category", "label": code, "name": name, "aliases": [name] if name else [],
            "archive": code.split(".")[0],
        })
        edge(pid, category_id(code), "in_category", primary=n == 0)


class _EntityTable:
    """Merges the entities of all papers: one node per real entity.

    Mentions merge by folded name (case, width, script, spacing); a name a
    paper defines as an alias of a discovered entity ("MoA" for
    Mixture-of-Agents) merges with it in every paper.
    """

    def __init__(self, vocabulary_entities: dict[str, Entity]):
        self.vocabulary = vocabulary_entities
        self.found: dict[str, list[Entity]] = defaultdict(list)  # key -> readings across papers
        self.alias_of: dict[str, str] = {}

    def add(self, entity: Entity) -> None:
        self.found[entity.key].append(entity)

    def resolve_aliases(self) -> None:
        for key in sorted(self.found):
            for entity in self.found[key]:
                if entity.known:
                    continue
                for alias in entity.aliases:
                    akey = name_key(alias)
                    if akey and akey != key and akey not in self.vocabulary:
                        self.alias_of.setdefault(akey, key)

    def canonical(self, key: str) -> str:
        seen = set()
        while key in self.alias_of and key not in seen:
            seen.add(key)
            key = self.alias_of[key]
        return key

    def merged(self) -> dict[str, Entity]:
        """key -> one Entity with a voted kind and the union of aliases."""
        groups: dict[str, list[Entity]] = defaultdict(list)
        for key in sorted(self.found):
            groups[self.canonical(key)].extend(self.found[key])
        out: dict[str, Entity] = {}
        for key, readings in sorted(groups.items()):
            known = self.vocabulary.get(key)
            if known is not None:
                base = known
                kind = known.kind
            else:
                votes = Counter(e.kind for e in readings)
                kind = min(votes, key=lambda k: (-votes[k], KIND_ORDER.get(k, 99)))
                labels = Counter(e.label for e in readings if e.key == key)
                label = min(labels, key=lambda lb: (-labels[lb], lb)) if labels else readings[0].label
                family = next((e.family for e in readings if e.family), None)
                base = Entity(key, label, kind, (), family, known=False)
            aliases = {a for e in [base, *readings] for a in (e.aliases if e.known else (*e.aliases, e.label))}
            aliases.discard(base.label)
            out[key] = Entity(key, base.label, kind, tuple(sorted(aliases)), base.family, base.known)
        # families named only by the vocabulary still need their node
        for entity in list(out.values()):
            fam = entity.family
            while fam and fam not in out and fam in self.vocabulary:
                out[fam] = self.vocabulary[fam]
                fam = self.vocabulary[fam].family
        return out


def _node_ids(entities: dict[str, Entity]) -> dict[str, str]:
    """key -> node id; a slug clash gets a short hash so ids never collide."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for key in sorted(entities):
        e = entities[key]
        nid = f"{e.kind.lower()}/{slugify(e.label)}"
        if nid in taken:
            nid += "-" + hashlib.sha1(key.encode()).hexdigest()[:6]
        taken.add(nid)
        ids[key] = nid
    return ids


class _Edges:
    """The graph's edges as they are found, grouped by start node.

    The first edge found for (u, v, key) is kept. Equal evidence sentences,
    file names and keys are kept as one string object: a sentence that names
    five entities gives five edges, not five copies of the sentence.
    """

    def __init__(self) -> None:
        self.by_start: dict[str, dict[tuple[str, str], dict]] = defaultdict(dict)
        self._strings: dict[str, str] = {}
        self.count = 0

    def share(self, text: str) -> str:
        return self._strings.setdefault(text, text)

    def evidence(self, ev: Evidence) -> dict:
        # "digest", not "source": node-link JSON spends "source" on an edge's start node
        return {"evidence": self.share(ev.sentence), "digest": self.share(ev.source.file), "line": ev.source.line}

    def add(self, u: str | None, v: str | None, relation: str, paper: str | None = None, **attrs) -> None:
        if u is None or v is None:  # an entity without a node: no edge, as before
            return
        out = self.by_start[u]
        key = (v, self.share(f"{relation}@{paper}") if paper else relation)
        if key not in out:
            out[key] = {"relation": relation, **({"paper": paper} if paper else {}), **attrs}
            self.count += 1

    def into(self, g: nx.MultiDiGraph, nodes: dict[str, dict]) -> None:
        """Nodes in sorted order, each node's out-edges sorted by (target, key): the graph
        that adding every node, then every edge in sorted (u, v, key) order, gives; built
        straight into the graph's adjacency (what `add_edge` does, without its per-edge checks)."""
        node, succ, pred = g._node, g._succ, g._pred
        for nid in sorted(nodes):
            node[nid] = nodes[nid]
            succ[nid] = {}
            pred[nid] = {}
        for u in sorted(self.by_start):
            if u not in node:
                continue
            out = self.by_start.pop(u)
            row = succ[u]
            for v, key in sorted(out):
                if v not in node:
                    continue
                keydict = row.get(v)
                if keydict is None:
                    keydict = row[v] = {}
                    pred[v][u] = keydict
                keydict[key] = out[(v, key)]
        self.by_start.clear()


def build_graph(
    papers: Iterable[Paper],
    extractions: Iterable[Extraction],
    vocabulary_entities: dict[str, Entity],
    topics: TopicScheme,
    category_names: dict[str, str] | None = None,
) -> nx.MultiDiGraph:
    papers = sorted(papers, key=lambda p: p.arxiv_id)
    category_names = load_arxiv_categories() if category_names is None else category_names
    by_id = {x.arxiv_id: x for x in extractions}
    table = _EntityTable(vocabulary_entities)
    for x in by_id.values():
        for e in x.entities.values():
            table.add(e)
    table.resolve_aliases()
    entities = table.merged()
    ids = _node_ids(entities)

    def eid(key: str | None) -> str | None:
        return ids.get(table.canonical(key)) if key else None

    g = nx.MultiDiGraph()
    nodes: dict[str, dict] = {}
    edges = _Edges()
    edge = edges.add
    evidence = edges.evidence

    used_topics: set[str] = set()
    for p in papers:
        pid = paper_id(p.arxiv_id)
        nodes[pid] = {
            "kind": "Paper", "label": p.title, "arxiv_id": p.arxiv_id, "title": p.title,
            "title_zh": p.title_zh, "summary": p.summary, "script": p.script, "date": p.date,
            "url": p.url, "topics_given": list(p.topics), "sources": [str(s) for s in p.sources],
        }
        if p.authors or p.categories:
            nodes[pid].update(authors=list(p.authors), categories=list(p.categories))
            _add_bibliographic(nodes, edge, pid, p, category_names)
        x = by_id.get(p.arxiv_id)
        if x is None:
            continue
        for m in x.mentions:
            edge(pid, eid(m.entity.key), "mentions", **evidence(m.evidence))
        for m in x.proposes:
            edge(pid, eid(m.entity.key), "proposes", **evidence(m.evidence))
        for r in x.relations:
            subj = eid(r.subject) if r.subject else pid
            obj = eid(r.object)
            if obj and subj != obj:
                edge(subj, obj, r.relation, p.arxiv_id, **evidence(r.evidence))
        for n, res in enumerate(x.results, 1):
            rid = f"result/{p.arxiv_id}/{n}"
            ds, metric, subject = eid(res.dataset), eid(res.metric), eid(res.subject)
            nodes[rid] = {
                "kind": "Result", "label": f"{res.value_text}",
                "value": res.value, "value_text": res.value_text, "unit": res.unit,
                "dataset": entities[table.canonical(res.dataset)].label,
                "metric": entities[table.canonical(res.metric)].label if res.metric else "",
                "subject": entities[table.canonical(res.subject)].label if res.subject else "",
                "paper": p.arxiv_id, **evidence(res.evidence),
            }
            edge(pid, rid, "reports", **evidence(res.evidence))
            edge(rid, ds, "on_dataset")
            if metric:
                edge(rid, metric, "measured_by")
            if subject:
                edge(rid, subject, "achieved_by")
        for tid in x.topics:
            used_topics.add(tid)
            origin = "digest" if p.topics else "inferred"
            edge(pid, f"topic/{tid}", "has_topic", origin=origin)

    for key, e in entities.items():
        nodes[ids[key]] = {
            "kind": e.kind, "label": e.label, "aliases": list(e.aliases),
            "origin": "vocabulary" if e.known else "discovered",
        }
        if e.family and table.canonical(e.family) in ids and table.canonical(e.family) != key:
            edge(ids[key], ids[table.canonical(e.family)], "variant_of")

    as_written = {slugify(t): t for p in papers for t in p.topics}
    for tid in sorted(_with_ancestors(used_topics, topics)):
        t = topics.topics.get(tid)
        if t is None:  # a digest topic the scheme does not know: kept, labelled as written
            label = as_written.get(tid, tid)
            nodes[f"topic/{tid}"] = {"kind": "Topic", "label": label, "aliases": [], "in_scheme": False}
            continue
        nodes[f"topic/{tid}"] = {
            "kind": "Topic", "label": t.labels.get("en", tid),
            "label_zh_hans": t.labels.get("zh-Hans", ""), "label_zh_hant": t.labels.get("zh-Hant", ""),
            "aliases": sorted(set(t.alt_labels) | {v for k, v in t.labels.items() if k != "en"}),
            "in_scheme": True,
        }
        for b in t.broader:
            edge(f"topic/{tid}", f"topic/{b}", "broader")

    edges.into(g, nodes)
    return g


def _with_ancestors(tids: set[str], topics: TopicScheme) -> set[str]:
    out = set()
    stack = list(tids)
    while stack:
        t = stack.pop()
        if t in out:
            continue
        out.add(t)
        if t in topics.topics:
            stack.extend(topics.topics[t].broader)
    return out
