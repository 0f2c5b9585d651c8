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
        # key -> each distinct reading across papers, with how many papers read it so
        # (in the order first read: the same votes and tie-breaks as a list of every reading)
        self.found: dict[str, dict[Entity, int]] = defaultdict(dict)
        self.alias_of: dict[str, str] = {}

    def add(self, entity: Entity) -> None:
        readings = self.found[entity.key]
        readings[entity] = readings.get(entity, 0) + 1

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
        groups: dict[str, list[tuple[Entity, int]]] = defaultdict(list)
        for key in sorted(self.found):
            groups[self.canonical(key)].extend(self.found[key].items())
        out: dict[str, Entity] = {}
        for key, weighted in sorted(groups.items()):
            readings = [e for e, _n in weighted]
            known = self.vocabulary.get(key)
            if known is not None:
                base = known
                kind = known.kind
            else:
                votes: Counter[str] = Counter()
                labels: Counter[str] = Counter()
                for e, n in weighted:
                    votes[e.kind] += n
                    if e.key == key:
                        labels[e.label] += n
                kind = min(votes, key=lambda k: (-votes[k], KIND_ORDER.get(k, 99)))
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

    def share(self, text):  # a str (or an int: line numbers)
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
    builder = GraphBuilder(vocabulary_entities, topics, category_names)
    by_id = {x.arxiv_id: x for x in extractions}
    for x in by_id.values():  # entities merge in the order the extractions come
        builder.add_entities(x)
    for p in sorted(papers, key=lambda p: p.arxiv_id):
        builder.add(p, by_id.get(p.arxiv_id), entities=False)
    return builder.graph()


class GraphBuilder:
    """The graph, paper by paper: `add` each paper with its extraction as it
    comes, then `graph()` once. Same graph as `build_graph`.

    An extraction is kept only as compact rows (entity keys, shared sentence
    strings), so a build never holds every Extraction object at once: at
    100,000 papers those were gigabytes. Edges need the merged entities'
    node ids, known only when every paper is in, so they are made in `graph()`.
    """

    def __init__(self, vocabulary_entities: dict[str, Entity], topics: TopicScheme,
                 category_names: dict[str, str] | None = None):
        self.topics = topics
        self.category_names = load_arxiv_categories() if category_names is None else category_names
        self.table = _EntityTable(vocabulary_entities)
        self.nodes: dict[str, dict] = {}
        self.edges = _Edges()
        self.rows: dict[str, tuple] = {}  # arxiv id -> compact rows of its extraction
        self.papers: dict[str, Paper] = {}

    def add_entities(self, x: Extraction) -> None:
        for e in x.entities.values():
            self.table.add(e)

    def add(self, p: Paper, x: Extraction | None, entities: bool = True) -> None:
        """One paper and its extraction (None: none), papers in any order; `entities`:
        also merge the extraction's entities (False when `add_entities` did)."""
        if p.arxiv_id in self.papers:
            raise ValueError(f"arXiv {p.arxiv_id} added twice")
        self.papers[p.arxiv_id] = p
        pid = paper_id(p.arxiv_id)
        self.nodes[pid] = {
            "kind": "Paper", "label": p.title, "arxiv_id": p.arxiv_id, "title": p.title,
            "title_zh": p.title_zh, "summary": p.summary, "script": p.script, "date": p.date,
            "url": p.url, "topics_given": list(p.topics), "sources": [str(s) for s in p.sources],
        }
        if p.authors or p.categories:
            self.nodes[pid].update(authors=list(p.authors), categories=list(p.categories))
            _add_bibliographic(self.nodes, self.edges.add, pid, p, self.category_names)
        if x is None:
            return
        if entities:
            self.add_entities(x)
        share = self.edges.share

        def ev(e: Evidence) -> tuple[str, str, int]:
            return share(e.sentence), share(e.source.file), e.source.line

        self.rows[p.arxiv_id] = (
            [(m.entity.key, *ev(m.evidence)) for m in x.mentions],
            [(m.entity.key, *ev(m.evidence)) for m in x.proposes],
            [(r.subject, r.relation, r.object, *ev(r.evidence)) for r in x.relations],
            [(r.dataset, r.value, r.value_text, r.unit, r.metric, r.subject, *ev(r.evidence)) for r in x.results],
            list(x.topics),
        )

    def add_packed(self, p: Paper, data: dict | None) -> None:
        """Like `add`, from the decoded compact entry of the extraction (`cache.pack_entry`):
        what the build gets from its worker processes and its cache, no objects made between."""
        if data is None:
            self.add(p, None)
            return
        self.add(p, None)  # the paper's node and its authors and categories
        ents = [Entity(k, label, kind, tuple(aliases), family, bool(known))
                for k, label, kind, aliases, family, known in data["ents"]]
        for _key, i in data["entities"]:
            self.table.add(ents[i])
        share = self.edges.share
        sentences = [share(t) for t in data["sentences"]]
        sources = [(share(f), share(line)) for f, line in data["sources"]]
        self.rows[p.arxiv_id] = (
            [(ents[i].key, sentences[s], *sources[f]) for i, _surface, s, f in data["mentions"]],
            [(ents[i].key, sentences[s], *sources[f]) for i, _surface, s, f in data["proposes"]],
            [(subj, rel, obj, sentences[s], *sources[f]) for subj, rel, obj, s, f in data["relations"]],
            [(ds, value, vt, unit, metric, subj, sentences[s], *sources[f])
             for ds, value, vt, unit, metric, subj, s, f in data["results"]],
            list(data["topics"]),
        )

    def graph(self) -> nx.MultiDiGraph:
        table, nodes, edges, topics = self.table, self.nodes, self.edges, self.topics
        table.resolve_aliases()
        entities = table.merged()
        ids = _node_ids(entities)
        node_of: dict[str, str | None] = {}  # entity key -> node id, each key resolved once

        def eid(key: str | None) -> str | None:
            if not key:
                return None
            nid = node_of.get(key, "")
            if nid == "":
                nid = node_of[key] = ids.get(table.canonical(key))
            return nid

        edge = edges.add
        used_topics: set[str] = set()
        for arxiv_id in sorted(self.rows):
            p = self.papers[arxiv_id]
            pid = paper_id(arxiv_id)
            mentions, proposes, relations, results, topic_ids = self.rows.pop(arxiv_id)
            out = edges.by_start[pid]
            for relation, found in (("mentions", mentions), ("proposes", proposes)):
                for key, sentence, digest, line in found:
                    v = eid(key)
                    if v is not None and (v, relation) not in out:
                        # "digest", not "source": node-link JSON spends "source" on an edge's start node
                        out[(v, relation)] = {"relation": relation, "evidence": sentence, "digest": digest,
                                              "line": line}
            for subject, relation, obj_key, sentence, digest, line in relations:
                subj = eid(subject) if subject else pid
                obj = eid(obj_key)
                if obj and subj != obj:
                    edge(subj, obj, relation, arxiv_id, evidence=sentence, digest=digest, line=line)
            for n, (dataset, value, value_text, unit, metric_key, subject_key, sentence, digest, line) \
                    in enumerate(results, 1):
                rid = f"result/{arxiv_id}/{n}"
                ds, metric, subject = eid(dataset), eid(metric_key), eid(subject_key)
                nodes[rid] = {
                    "kind": "Result", "label": f"{value_text}",
                    "value": value, "value_text": value_text, "unit": unit,
                    "dataset": entities[table.canonical(dataset)].label,
                    "metric": entities[table.canonical(metric_key)].label if metric_key else "",
                    "subject": entities[table.canonical(subject_key)].label if subject_key else "",
                    "paper": arxiv_id, "evidence": sentence, "digest": digest, "line": line,
                }
                edge(pid, rid, "reports", evidence=sentence, digest=digest, line=line)
                edge(rid, ds, "on_dataset")
                if metric:
                    edge(rid, metric, "measured_by")
                if subject:
                    edge(rid, subject, "achieved_by")
            for tid in topic_ids:
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

        as_written = {slugify(t): t for a in sorted(self.papers) for t in self.papers[a].topics}
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

        g = nx.MultiDiGraph()
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
