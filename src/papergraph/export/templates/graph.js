"use strict";
// papergraph's page. Every string in the data comes from untrusted digests:
// it is written with textContent (or drawn on the canvas), never parsed as
// HTML, and no vis item carries a `title`, so vis-network shows no tooltip
// of its own. The only link the page makes is to arxiv.org, from a checked id.
(function () {
  performance.mark("pg-start");
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const ND = data.nodes, N = ND.id.length;
  const E = data.edges, M = E.length / 4;
  const KINDS = data.kinds, RELS = data.relations, DETAILS = data.details, FOLD = data.fold;
  const OVERVIEW = data.overview;
  const BIG = !!OVERVIEW;
  const overviewSlot = new Map();
  if (BIG) OVERVIEW.nodes.forEach(function (i, k) { overviewSlot.set(i, k); });
  const fmt = new Intl.NumberFormat("en");

  const indexOf = new Map();
  ND.id.forEach(function (id, i) { indexOf.set(id, i); });
  const outEdges = [], inEdges = [];
  for (let i = 0; i < N; i++) { outEdges.push([]); inEdges.push([]); }
  for (let j = 0; j < M; j++) { outEdges[E[4 * j]].push(j); inEdges[E[4 * j + 1]].push(j); }
  const kindOf = function (i) { return KINDS[ND.kind[i]].name; };
  const KIND_INDEX = {}; KINDS.forEach(function (k, n) { KIND_INDEX[k.name] = n; });
  const REL_INDEX = {}; RELS.forEach(function (r, n) { REL_INDEX[r.name] = n; });

  // ---- small DOM helpers: text only -------------------------------------------------
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function button(text, onClick, cls) {
    const b = el("button", text, cls); b.type = "button"; b.addEventListener("click", onClick); return b;
  }
  function badge(kindIndex) {
    const b = el("span", KINDS[kindIndex].name, "badge"); b.style.background = KINDS[kindIndex].color; return b;
  }
  const ARXIV_ID = /^(\d{4}\.\d{4,5}|[a-z][a-z.-]*\/\d{7})(v\d+)?$/;
  function arxivLink(id) {
    if (typeof id !== "string" || !ARXIV_ID.test(id)) return null;
    const a = el("a", "arXiv:" + id);
    a.href = "https://arxiv.org/abs/" + id;
    a.target = "_blank"; a.rel = "noopener noreferrer";
    return a;
  }

  // ---- search: labels and aliases, any case, either Chinese script -----------------------
  // FOLD maps every Chinese character of this page's names, and each of its variants,
  // to its Simplified form (built with OpenCC at build time), so 檢索 finds 检索 and back.
  function fold(text) {
    const s = String(text).normalize("NFKC").toLowerCase();
    let out = "";
    for (const ch of s) out += FOLD[ch] || ch;
    return out;
  }
  const compact = function (s) { return s.replace(/[\s\-_.·・:：,，()（）]+/g, ""); };
  function namesOf(i) {
    const d = DETAILS[i];
    const names = [d.label, d.arxiv_id, d.title, d.title_zh, d.label_zh_hans, d.label_zh_hant].concat(d.aliases || []);
    return Array.from(new Set(names.filter(function (x) { return x; }).map(String)));
  }
  let searchIndex = null;  // built on first use: the page opens faster
  function buildSearchIndex() {
    searchIndex = [];
    for (let i = 0; i < N; i++) {
      namesOf(i).forEach(function (name, rank) { searchIndex.push({ i: i, name: name, rank: rank, key: compact(fold(name)) }); });
    }
  }
  function search(query, limit) {
    if (!searchIndex) buildSearchIndex();
    const q = compact(fold(query.trim()));
    if (!q) return [];
    const best = new Map();
    for (const entry of searchIndex) {
      const at = entry.key.indexOf(q);
      if (at < 0) continue;
      const score = (entry.key.length === q.length ? 0 : at === 0 ? 1 : 2) * 4 + Math.min(entry.rank, 3);
      const prev = best.get(entry.i);
      if (!prev || score < prev.score) best.set(entry.i, { i: entry.i, name: entry.name, score: score });
    }
    const degree = function (i) { return outEdges[i].length + inEdges[i].length; };
    return Array.from(best.values()).sort(function (a, b) {
      return a.score - b.score || degree(b.i) - degree(a.i) || (ND.id[a.i] < ND.id[b.i] ? -1 : 1);
    }).slice(0, limit);
  }

  // ---- topics: membership per node, paper counts -------------------------------------
  const topicPapers = new Map();
  for (let i = 0; i < N; i++) {
    if (kindOf(i) !== "Paper") continue;
    ND.topics[i].forEach(function (t) { topicPapers.set(t, (topicPapers.get(t) || 0) + 1); });
  }
  let topicMember = null;
  function setTopicMembers(t) {
    topicMember = new Uint8Array(N);
    if (t < 0) return;
    for (let i = 0; i < N; i++) if (ND.topics[i].indexOf(t) >= 0) topicMember[i] = 1;
  }

  // ---- landmarks: the best-linked topics and entities, labelled at any zoom ------------------
  const LANDMARK_SCALING = { label: { drawThreshold: 1 } };
  const isLandmark = new Uint8Array(N);
  const LANDMARKS = [];
  (function () {
    const candidates = [];
    for (let i = 0; i < N; i++) {
      const k = kindOf(i);
      if (k !== "Paper" && k !== "Result") candidates.push(i);
    }
    const degree = function (i) { return outEdges[i].length + inEdges[i].length; };
    candidates.sort(function (a, b) { return degree(b) - degree(a) || (ND.id[a] < ND.id[b] ? -1 : 1); });
    candidates.slice(0, 18).forEach(function (i) { isLandmark[i] = 1; LANDMARKS.push(i); });
  })();

  // ---- view state ---------------------------------------------------------------------
  // A page built with --focus (radius 1) opens on the rings around its node.
  const scopeCentre = data.scope && data.scope.kind === "focus" && data.scope.radius === 1 && indexOf.has(data.scope.node)
    ? indexOf.get(data.scope.node) : -1;
  const state = {
    mode: scopeCentre >= 0 ? "ego" : BIG ? "overview" : "all",  // "overview" | "all" | "ego"
    center: scopeCentre, topic: -1, hiddenKinds: new Set(), hiddenRels: new Set(), selected: -1, showAll: false,
  };
  setTopicMembers(-1);

  function inFilters(i) {
    return !state.hiddenKinds.has(ND.kind[i]) && (state.topic < 0 || topicMember[i] === 1);
  }
  function egoMembers(c) {
    const s = new Set([c]);
    outEdges[c].forEach(function (j) { if (!state.hiddenRels.has(E[4 * j + 2])) s.add(E[4 * j + 1]); });
    inEdges[c].forEach(function (j) { if (!state.hiddenRels.has(E[4 * j + 2])) s.add(E[4 * j]); });
    return Array.from(s);
  }
  function viewNodeList() {
    let base;
    if (state.mode === "overview") base = OVERVIEW.nodes;
    else if (state.mode === "ego") base = egoMembers(state.center);
    else { base = []; for (let i = 0; i < N; i++) base.push(i); }
    return base.filter(function (i) { return (state.mode === "ego" && i === state.center) || inFilters(i); });
  }
  // In a neighbourhood, the centre sits in the middle and its neighbours on rings
  // around it, grouped by kind, so the view reads at once whatever the layout.
  function egoPositions(c, list) {
    const pos = new Map([[c, [0, 0]]]);
    const others = list.filter(function (i) { return i !== c; }).sort(function (a, b) {
      return ND.kind[a] - ND.kind[b] || (ND.label[a] < ND.label[b] ? -1 : ND.label[a] > ND.label[b] ? 1 : 0);
    });
    let placed = 0, ring = 0;
    while (placed < others.length) {
      const radius = 240 + ring * 150;
      const room = Math.max(8, Math.floor(2 * Math.PI * radius / 95));
      const n = Math.min(room, others.length - placed);
      for (let k = 0; k < n; k++) {
        const angle = -Math.PI / 2 + 2 * Math.PI * k / n + ring * 0.35;
        pos.set(others[placed + k], [Math.round(radius * Math.cos(angle)), Math.round(radius * Math.sin(angle))]);
      }
      placed += n; ring++;
    }
    return pos;
  }

  // ---- vis items ------------------------------------------------------------------------
  // Items carry as few options as they can: vis-network parses each item's options,
  // and on 50k edges that parsing, not drawing, is what takes the time. Kind styles
  // live in `groups`, edge defaults in the global options.
  const DASH_LIMIT = 4000;  // dashed lines cost ~10x to draw when zoomed out: only in smaller views
  function nodeItem(i, x, y) {
    return { id: ND.id[i], label: ND.label[i], group: kindOf(i), x: x, y: y, size: ND.size[i] };
  }
  function edgeItem(id, from, to, rel, width, smooth, withLabel, dashes) {
    const style = rel >= 0 ? RELS[rel] : { color: "#aab4c0", dashed: false, name: "" };
    const item = { id: id, from: ND.id[from], to: ND.id[to], color: style.color };
    if (width !== 1) item.width = width;
    if (dashes && style.dashed) item.dashes = true;
    if (rel < 0) item.arrows = { to: { enabled: false } };
    if (smooth) item.smooth = smooth;
    if (withLabel && rel >= 0 && style.name !== "mentions") item.label = style.name.replace(/_/g, " ");
    return item;
  }
  function buildItems(list) {
    const visible = new Uint8Array(N);
    list.forEach(function (i) { visible[i] = 1; });
    const ego = state.mode === "ego" ? egoPositions(state.center, list) : null;
    const nodeItems = list.map(function (i) {
      if (state.mode === "overview") {
        // The overview has its own layout and sizes: by the number of papers.
        const k = overviewSlot.get(i);
        const item = nodeItem(i, OVERVIEW.x[k], OVERVIEW.y[k]);
        item.size = OVERVIEW.size[k];
        item.label = ND.label[i] + " (" + fmt.format(OVERVIEW.papers[k]) + ")";
        item.scaling = LANDMARK_SCALING;
        return item;
      }
      const p = ego ? ego.get(i) : [ND.x[i], ND.y[i]];
      const item = nodeItem(i, p[0], p[1]);
      if (!ego && isLandmark[i]) item.scaling = LANDMARK_SCALING;
      return item;
    });
    const edgeItems = [];
    if (state.mode === "overview") {
      OVERVIEW.edges.forEach(function (e, k) {
        const a = e[0], b = e[1], w = e[2], rel = e[3];
        if (!visible[a] || !visible[b] || (rel >= 0 && state.hiddenRels.has(rel))) return;
        edgeItems.push(Object.assign(edgeItem("o" + k, a, b, rel, Math.min(8, 1 + Math.log2(w)), false, false, true), { pgWeight: w, pgRel: rel }));
      });
      return { nodes: nodeItems, edges: edgeItems };
    }
    const pairs = new Map();
    const small = list.length <= 60;
    let count = 0;
    list.forEach(function (i) { outEdges[i].forEach(function (j) { if (visible[E[4 * j + 1]]) count++; }); });
    const dashes = count <= DASH_LIMIT;
    list.forEach(function (i) {
      outEdges[i].forEach(function (j) {
        const to = E[4 * j + 1], rel = E[4 * j + 2];
        if (!visible[to] || state.hiddenRels.has(rel)) return;
        // Parallel relations between the same two nodes fan out as curves, one per relation.
        const lo = Math.min(i, to), hi = Math.max(i, to), key = lo * N + hi;
        const k = pairs.get(key) || 0; pairs.set(key, k + 1);
        let smooth = false;
        if (k > 0) {
          const side = (k % 2 === 1) === (i === lo);
          smooth = { enabled: true, type: side ? "curvedCW" : "curvedCCW", roundness: 0.18 * Math.ceil(k / 2) };
        }
        edgeItems.push(edgeItem("e" + j, i, to, rel, (RELS[rel].name === "mentions" || RELS[rel].name === "has_topic") ? 1 : 1.8, smooth, small, dashes));
      });
    });
    return { nodes: nodeItems, edges: edgeItems };
  }

  // ---- the network --------------------------------------------------------------------
  const groups = {};
  KINDS.forEach(function (k) {
    groups[k.name] = { shape: k.shape, color: { background: k.color, border: shade(k.color, -0.25),
      highlight: { background: shade(k.color, 0.15), border: "#111" }, hover: { background: shade(k.color, 0.1), border: "#333" } } };
    if (k.shape === "box") { groups[k.name].margin = 6; groups[k.name].font = { strokeWidth: 0, color: "#fff" }; }
    if (k.shape === "ellipse") groups[k.name].margin = 8;
  });
  function shade(hex, amount) {
    const n = parseInt(hex.slice(1), 16);
    const ch = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map(function (c) {
      return Math.max(0, Math.min(255, Math.round(amount < 0 ? c * (1 + amount) : c + (255 - c) * amount)));
    });
    return "#" + ch.map(function (c) { return c.toString(16).padStart(2, "0"); }).join("");
  }
  const options = {
    autoResize: true,
    physics: false,  // positions come from the build (export/layout.py)
    layout: { improvedLayout: false, randomSeed: 7 },
    groups: groups,
    nodes: { borderWidth: 1, borderWidthSelected: 3,
             font: { size: 14, color: "#222", face: "system-ui, 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif", strokeWidth: 3, strokeColor: "rgba(255,255,255,0.9)" },
             scaling: { label: { drawThreshold: 7 } } },
    edges: { smooth: false, width: 1, selectionWidth: 1.5, hoverWidth: 0.5, arrows: { to: { enabled: true, scaleFactor: 0.45 } },
             color: { inherit: false }, font: { size: 10, color: "#666", strokeWidth: 3, align: "middle" } },
    interaction: { hover: true, tooltipDelay: 200, hideEdgesOnDrag: BIG, hideEdgesOnZoom: BIG, keyboard: false, multiselect: false },
  };
  // Arrowheads triple the cost of a frame on tens of thousands of links: a view that
  // big draws plain lines (the notice says so), and directions stay in the panel.
  const ARROW_LIMIT = 8000;
  let arrowsOn = true;
  let fontFrame = 0, fontScale = 1;  // label sizes of landmarks and the overview follow the zoom
  const container = document.getElementById("network");
  const tip = document.getElementById("tooltip");
  let nodesDS = new vis.DataSet([]), edgesDS = new vis.DataSet([]);
  const first = buildItems(viewNodeList());
  nodesDS.add(first.nodes); edgesDS.add(first.edges);
  arrowsOn = first.edges.length <= ARROW_LIMIT;
  options.edges.arrows.to.enabled = arrowsOn;
  const network = new vis.Network(container, { nodes: nodesDS, edges: edgesDS }, options);
  window.network = network;
  overviewFonts();
  network.on("afterDrawing", drawHighlight);
  // Any change of scale (the wheel, but also fit, focus and their animations) is seen
  // after the frame it changed: label sizes follow in the next one.
  network.on("afterDrawing", function () {
    if (state.mode === "ego" || fontFrame) return;
    const scale = network.getScale();
    if (Math.abs(scale - fontScale) <= fontScale * 0.03) return;
    fontFrame = requestAnimationFrame(function () { fontFrame = 0; overviewFonts(); });
  });
  network.once("afterDrawing", function () {
    performance.mark("pg-first-draw");
    setTimeout(function () { performance.mark("pg-interactive"); document.body.dataset.ready = "1"; }, 0);
  });

  // Overview labels keep one size on screen whatever the zoom: the overview is read as a map.
  function overviewFonts() {
    const scale = fontScale = network.getScale();
    let ids;
    if (state.mode === "overview") ids = nodesDS.getIds();
    else if (state.mode === "all") ids = LANDMARKS.map(function (i) { return ND.id[i]; }).filter(function (id) { return nodesDS.get(id); });
    else return;
    // Landmarks keep a readable label when zoomed out; once every label shows, they are like the rest.
    const far = state.mode === "overview" || scale < 0.5;
    nodesDS.update(ids.map(function (nid) {
      const px = kindOf(indexOf.get(nid)) === "Topic" ? 14 : 12;
      return { id: nid, font: { size: far ? Math.max(8, Math.min(px / scale, 200)) : 14 } };
    }));
  }

  function setArrows(on) {
    if (on === arrowsOn) return;
    arrowsOn = on;
    network.setOptions({ edges: { arrows: { to: { enabled: on, scaleFactor: 0.45 } } } });
  }
  function render(refit) {
    clearHighlight(false);
    tip.style.display = "none";  // vis sends no blur for a node that leaves the view
    const items = buildItems(viewNodeList());
    setArrows(items.edges.length <= ARROW_LIMIT);
    if (refit) {
      nodesDS = new vis.DataSet(items.nodes); edgesDS = new vis.DataSet(items.edges);
      network.setData({ nodes: nodesDS, edges: edgesDS });
      network.fit({ animation: false });
      overviewFonts();
    } else {
      const want = new Set(items.nodes.map(function (n) { return n.id; }));
      nodesDS.remove(nodesDS.getIds().filter(function (id) { return !want.has(id); }));
      nodesDS.add(items.nodes.filter(function (n) { return !nodesDS.get(n.id); }));
      edgesDS.clear(); edgesDS.add(items.edges);
    }
    updateStatus();
  }

  // ---- neighbourhood highlight ------------------------------------------------------------
  // Drawn over the finished frame: a veil over everything, then the selected node, its
  // neighbours and their links drawn again on top. It costs a frame's worth of work for
  // the neighbourhood only, whatever the size of the view; restyling every item through
  // the DataSet took seconds on 50k edges. (Node.draw / Edge.draw are vis-network 9.1.2
  // internals; the version is pinned by the file pyvis ships.)
  let lit = null;
  function highlight(id) {
    lit = { nodes: network.getConnectedNodes(id).concat([id]), edges: network.getConnectedEdges(id) };
    network.redraw();
  }
  function clearHighlight(redraw) {
    if (!lit) return;
    lit = null;
    if (redraw !== false) network.redraw();
  }
  function drawHighlight(ctx) {
    if (!lit) return;
    const body = network.body;
    const a = network.DOMtoCanvas({ x: 0, y: 0 });
    const b = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    ctx.save();
    ctx.fillStyle = "rgba(255,255,255,0.84)";
    ctx.fillRect(a.x, a.y, b.x - a.x, b.y - a.y);
    ctx.restore();
    const edgesHere = lit.edges.map(function (e) { return body.edges[e]; }).filter(function (e) { return e && e.connected; });
    edgesHere.forEach(function (e) { e.draw(ctx); });
    edgesHere.forEach(function (e) { e.drawArrows(ctx); });
    const labels = [];
    lit.nodes.forEach(function (n) {
      const node = body.nodes[n];
      if (!node) return;
      const drawn = node.draw(ctx);
      if (drawn && drawn.drawExternalLabel) labels.push(drawn.drawExternalLabel);
    });
    labels.forEach(function (f) { f(); });
  }

  // ---- selecting, focusing, views -----------------------------------------------------------
  function select(i, opts) {
    opts = opts || {};
    const id = ND.id[i];
    if (!nodesDS.get(id)) {
      // Not drawn in this view (overview, filters): open its neighbourhood instead.
      state.mode = "ego"; state.center = i; render(true);
    }
    state.selected = i;
    network.selectNodes([id]);
    highlight(id);
    if (opts.move !== false) {
      network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: opts.animate === false ? false : { duration: 350, easingFunction: "easeInOutQuad" } });
    }
    showDetails(i);
  }
  function deselect() {
    state.selected = -1;
    network.unselectAll();
    clearHighlight();
  }
  function showEgo(i) {
    state.mode = "ego"; state.center = i;
    render(true);
    select(i, { move: false });
  }
  function showWhole() {
    state.mode = BIG && state.topic < 0 && !state.showAll ? "overview" : "all";
    state.center = -1;
    render(true);
    if (state.selected >= 0 && nodesDS.get(ND.id[state.selected])) select(state.selected, { move: false });
  }
  // For tests and the curious: what the page is doing, by node id.
  window.pg = {
    select: select, showEgo: showEgo, showWhole: showWhole, search: search, fold: fold, state: state,
    highlighted: function () { return lit ? lit.nodes.slice().sort() : []; },
    nodeIndex: function (id) { return indexOf.get(id); },
    nodeId: function (i) { return ND.id[i]; },
  };

  network.on("click", function (params) {
    if (params.nodes.length) {
      const i = indexOf.get(params.nodes[0]);
      if (i !== undefined) select(i, { move: false });
    } else if (!params.edges.length) {
      deselect();
    }
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length) showEgo(indexOf.get(params.nodes[0]));
  });

  // ---- status line and notice -------------------------------------------------------------
  const stats = document.getElementById("stats");
  const notice = document.getElementById("notice");
  const noticeText = document.getElementById("notice-text");
  const noticeActions = document.getElementById("notice-actions");
  function updateStatus() {
    const shown = nodesDS.length, shownEdges = edgesDS.length;
    stats.textContent = fmt.format(N) + " nodes · " + fmt.format(M) + " edges" +
      (shown !== N || shownEdges !== M ? " · showing " + fmt.format(shown) + " nodes, " + fmt.format(shownEdges) + " links" : "");
    noticeActions.replaceChildren();
    const parts = [];
    const scope = data.scope;
    if (scope) {
      parts.push(scope.kind === "topic"
        ? "This page holds one topic, “" + scope.label + "”: " + fmt.format(N) + " of the build's " + fmt.format(scope.of_nodes) + " nodes."
        : "This page holds the neighbourhood of “" + scope.label + "” (radius " + scope.radius + "): " + fmt.format(N) + " of the build's " + fmt.format(scope.of_nodes) + " nodes.");
    }
    const part = data.sample;
    if (part) {
      parts.push("This page holds part of a large build (" + fmt.format(part.nodes) + " nodes, " + fmt.format(part.edges) +
        " edges; pages hold at most " + fmt.format(part.node_limit) + " nodes): all " + fmt.format(part.shown_topics) +
        " topics, the " + fmt.format(part.shown_entities) + " of " + fmt.format(part.entities) + " entities named by the most papers, " +
        fmt.format(part.shown_papers) + " of " + fmt.format(part.papers) + " papers (those naming most of them), and one link per pair and relation (" +
        fmt.format(part.shown_edges) + "). graph.json and graph.ttl hold everything.");
    }
    if (state.mode === "overview") {
      parts.push("Overview of a large graph (" + fmt.format(N) + " nodes, " + fmt.format(M) + " edges): the " +
        OVERVIEW.topics + " topics and the " + OVERVIEW.hubs + " most-named entities; a grey line's width is how many papers they share. " +
        "For the detail, search, pick a topic, or click a node and press “Focus”.");
      noticeActions.append(button("Show all " + fmt.format(N) + " nodes (slow)", function () { state.showAll = true; showWhole(); }));
    } else if (state.mode === "ego") {
      const c = state.center;
      parts.push("Neighbourhood of “" + DETAILS[c].label + "”: " + fmt.format(nodesDS.length - 1) + " neighbours.");
      noticeActions.append(button(BIG && state.topic < 0 && !state.showAll ? "Back to the overview" : "Back to the whole graph", showWhole));
    } else if (BIG && state.topic >= 0) {
      parts.push("Topic “" + DETAILS[state.topic].label + "”: " + fmt.format(nodesDS.length) + " nodes.");
      noticeActions.append(button("Back to the overview", function () { topicSelect.value = "-1"; setTopic(-1); }));
    } else if (BIG && state.showAll) {
      parts.push("All " + fmt.format(N) + " nodes.");
      noticeActions.append(button("Back to the overview", function () { state.showAll = false; showWhole(); }));
    }
    if (!arrowsOn) parts.push("Arrowheads are left out in views of more than " + fmt.format(ARROW_LIMIT) + " links, to keep drawing fast; the panel gives every link's direction.");
    noticeText.textContent = parts.join(" ");
    notice.hidden = parts.length === 0;
  }

  // ---- legend and filters ---------------------------------------------------------------------
  const GLYPH = { box: "▬", dot: "●", diamond: "◆", square: "■", triangle: "▲", triangleDown: "▼", ellipse: "⬬", star: "★", hexagon: "⬢" };
  const kindCounts = new Array(KINDS.length).fill(0);
  for (let i = 0; i < N; i++) kindCounts[ND.kind[i]]++;
  const relCounts = new Array(RELS.length).fill(0);
  for (let j = 0; j < M; j++) relCounts[E[4 * j + 2]]++;
  function legendRow(swatch, name, count, isOn, toggle) {
    const label = el("label");
    const box = el("input"); box.type = "checkbox"; box.checked = isOn;
    box.addEventListener("change", function () { label.classList.toggle("off", !box.checked); toggle(box.checked); });
    label.append(box, swatch, el("span", name), el("span", fmt.format(count), "count"));
    return label;
  }
  const kindsBox = document.getElementById("kinds");
  KINDS.forEach(function (k, n) {
    if (!kindCounts[n]) return;
    const g = el("span", GLYPH[k.shape] || "●", "glyph"); g.style.color = k.color;
    kindsBox.append(legendRow(g, k.name, kindCounts[n], true, function (on) {
      if (on) state.hiddenKinds.delete(n); else state.hiddenKinds.add(n);
      render(state.mode === "ego");
    }));
  });
  const relsBox = document.getElementById("relations");
  RELS.forEach(function (r, n) {
    if (!relCounts[n]) return;
    const line = el("span", null, "line" + (r.dashed ? " dashed" : "")); line.style.borderTopColor = r.color;
    relsBox.append(legendRow(line, r.name.replace(/_/g, " "), relCounts[n], true, function (on) {
      if (on) state.hiddenRels.delete(n); else state.hiddenRels.add(n);
      render(state.mode === "ego");
    }));
  });
  const topicSelect = document.getElementById("topic");
  topicSelect.append(new Option("All topics", "-1"));
  const topicNodes = [];
  for (let i = 0; i < N; i++) if (kindOf(i) === "Topic") topicNodes.push(i);
  topicNodes.sort(function (a, b) { return DETAILS[a].label.localeCompare(DETAILS[b].label, "en"); });
  topicNodes.forEach(function (t) {
    topicSelect.append(new Option(DETAILS[t].label + " (" + fmt.format(topicPapers.get(t) || 0) + ")", String(t)));
  });
  function setTopic(t) {
    state.topic = t;
    setTopicMembers(t);
    if (state.mode !== "ego") state.mode = BIG && t < 0 && !state.showAll ? "overview" : "all";
    render(true);
  }
  topicSelect.addEventListener("change", function () { setTopic(parseInt(topicSelect.value, 10)); });

  // ---- search box ---------------------------------------------------------------------------
  const searchBox = document.getElementById("search");
  const results = document.getElementById("search-results");
  let active = -1;
  function choose(i) {
    results.hidden = true;
    select(i);
  }
  function showResults() {
    const hits = search(searchBox.value, 40);
    results.replaceChildren();
    active = -1;
    if (!searchBox.value.trim()) { results.hidden = true; return; }
    if (!hits.length) {
      results.append(el("li", "Nothing matches.", "empty"));
    }
    hits.forEach(function (hit) {
      const li = el("li"); li.setAttribute("role", "option");
      const name = el("span", null, "name");
      name.append(badge(ND.kind[hit.i]), document.createTextNode(DETAILS[hit.i].label || ND.id[hit.i]));
      li.append(name);
      if (hit.name !== DETAILS[hit.i].label) li.append(el("span", "matched: " + hit.name, "via"));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(hit.i); });
      li.dataset.node = String(hit.i);
      results.append(li);
    });
    // Fixed, so the list can spill over the drawing instead of being cut off by the sidebar.
    const box = searchBox.getBoundingClientRect();
    results.style.left = box.left + "px";
    results.style.top = (box.bottom + 2) + "px";
    results.hidden = false;
  }
  searchBox.addEventListener("input", showResults);
  searchBox.addEventListener("focus", function () { if (searchBox.value.trim()) showResults(); });
  searchBox.addEventListener("blur", function () { results.hidden = true; });
  searchBox.addEventListener("keydown", function (ev) {
    const items = Array.from(results.querySelectorAll("li[data-node]"));
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (!items.length) return;
      active = (active + (ev.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      items.forEach(function (li, n) { li.classList.toggle("active", n === active); });
      items[active].scrollIntoView({ block: "nearest" });
    } else if (ev.key === "Enter") {
      const pick = items[active >= 0 ? active : 0];
      if (pick) choose(parseInt(pick.dataset.node, 10));
    } else if (ev.key === "Escape") {
      results.hidden = true; searchBox.blur();
    }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.target === searchBox || ev.target instanceof HTMLInputElement || ev.target instanceof HTMLSelectElement) return;
    if (ev.key === "/") { ev.preventDefault(); searchBox.focus(); searchBox.select(); }
    if (ev.key === "Escape") deselect();
  });

  // ---- details panel ----------------------------------------------------------------------------
  const panel = document.getElementById("panel");
  const PHRASES = {  // relation: [heading for out-edges, heading for in-edges]
    proposes: ["Proposes", "Proposed by"], mentions: ["Mentions", "Mentioned by"],
    reports: ["Results", "Reported by"], achieved_by: ["Achieved by", "Results it achieved"],
    on_dataset: ["Dataset", "Results on it"], measured_by: ["Metric", "Results measured by it"],
    variant_of: ["Variant of", "Variants"], fine_tuned_from: ["Fine-tuned from", "Fine-tuned into"],
    based_on: ["Based on", "Basis of"], outperforms: ["Outperforms", "Outperformed by"],
    compared_with: ["Compared with", "Compared with it"], evaluated_on: ["Evaluated on", "Evaluates"],
    uses: ["Uses", "Used by"], has_topic: ["Topics", "Papers"], broader: ["Broader topics", "Narrower topics"],
  };
  const ORDER = ["proposes", "reports", "variant_of", "fine_tuned_from", "based_on", "outperforms", "compared_with",
    "evaluated_on", "uses", "achieved_by", "on_dataset", "measured_by", "mentions", "has_topic", "broader"];
  function describe(i) {
    const d = DETAILS[i];
    if (kindOf(i) === "Result") {
      let s = String(d.value_text || d.label || "");
      if (d.metric) s += " " + d.metric;
      if (d.dataset) s += " on " + d.dataset;
      if (d.subject) s += " · " + d.subject;
      return s;
    }
    return String(d.label || ND.id[i]);
  }
  function nodeLink(i) {
    // An <a> without href: inline text that wraps, reachable by keyboard, never a navigation.
    const a = el("a", describe(i), "node-link");
    a.tabIndex = 0; a.setAttribute("role", "button");
    a.addEventListener("click", function () { select(i); });
    a.addEventListener("keydown", function (ev) { if (ev.key === "Enter") select(i); });
    return a;
  }
  function section(title, count) {
    const h = el("h4", title + " ");
    if (count !== undefined) h.append(el("span", "(" + fmt.format(count) + ")", "count"));
    return h;
  }
  function listOf(entries, limit) {
    // entries: [{i, ev}] -> a list of links, the first `limit` at once
    const ul = el("ul");
    const add = function (from, to) {
      entries.slice(from, to).forEach(function (e) {
        const li = el("li");
        li.append(nodeLink(e.i));
        if (e.ev >= 0) {
          const ev = data.evidence[e.ev];
          li.title = ev[0] + (ev[1] ? " (" + ev[1] + ")" : "");
        }
        ul.append(li);
      });
    };
    add(0, limit);
    const wrap = el("div"); wrap.append(ul);
    if (entries.length > limit) {
      const more = button("Show all " + fmt.format(entries.length), function () { add(limit, entries.length); more.remove(); }, "more");
      wrap.append(more);
    }
    return wrap;
  }
  function field(dl, name, value, lang) {
    if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) return;
    const dd = el("dd", Array.isArray(value) ? value.join(" · ") : value);
    if (lang) dd.lang = lang;
    dl.append(el("dt", name), dd);
  }
  function showDetails(i) {
    const d = DETAILS[i];
    const kind = kindOf(i);
    panel.replaceChildren();
    panel.scrollTop = 0;
    const head = el("div");
    head.append(badge(ND.kind[i]));
    if (kind === "Paper" && d.date) head.append(el("span", d.date, "meta"));
    panel.append(head);
    panel.append(el("h2", kind === "Paper" ? (d.title || d.label) : describe(i)));
    if (kind === "Paper" && d.title_zh) { const zh = el("p", d.title_zh, "subtitle"); zh.lang = d.script === "zh-Hant" ? "zh-Hant" : "zh-Hans"; panel.append(zh); }
    const meta = el("div", null, "meta");
    if (kind === "Paper") { const a = arxivLink(d.arxiv_id); if (a) meta.append(a); }
    if (d.origin) meta.append(el("span", d.origin === "vocabulary" ? "known entity" : "discovered in the text"));
    if (meta.childNodes.length) panel.append(meta);
    const actions = el("div");
    if (!(state.mode === "ego" && state.center === i)) actions.append(button("Focus: show its neighbourhood", function () { showEgo(i); }));
    if (state.mode === "ego") actions.append(button(BIG && state.topic < 0 && !state.showAll ? "Back to the overview" : "Back to the whole graph", showWhole));
    panel.append(actions);
    if (d.summary) { const s = el("p", d.summary, "summary"); s.lang = d.script === "zh-Hant" ? "zh-Hant" : d.script === "zh-Hans" ? "zh-Hans" : "en"; panel.append(s); }
    const dl = el("dl");
    field(dl, "Aliases", d.aliases);
    field(dl, "简体中文", d.label_zh_hans, "zh-Hans");
    field(dl, "繁體中文", d.label_zh_hant, "zh-Hant");
    if (kind === "Result") {
      field(dl, "Value", d.value_text); field(dl, "Metric", d.metric); field(dl, "Dataset", d.dataset);
      field(dl, "Achieved by", d.subject); field(dl, "Evidence", d.evidence);
      field(dl, "Source", d.source ? d.source + (d.line ? ":" + d.line : "") : "");
    }
    field(dl, "Read from", d.sources);
    if (dl.childNodes.length) panel.append(dl);
    // Neighbours, grouped by relation and direction.
    const groupsOut = {}, groupsIn = {};
    outEdges[i].forEach(function (j) { const r = RELS[E[4 * j + 2]].name; (groupsOut[r] = groupsOut[r] || []).push({ i: E[4 * j + 1], ev: E[4 * j + 3] }); });
    inEdges[i].forEach(function (j) { const r = RELS[E[4 * j + 2]].name; (groupsIn[r] = groupsIn[r] || []).push({ i: E[4 * j], ev: E[4 * j + 3] }); });
    const rels = ORDER.concat(Object.keys(groupsOut).concat(Object.keys(groupsIn)).filter(function (r) { return ORDER.indexOf(r) < 0; }).sort());
    const dedupe = function (list) {
      const seen = new Set();
      return list.filter(function (e) { if (seen.has(e.i)) return false; seen.add(e.i); return true; });
    };
    rels.forEach(function (r) {
      [[groupsOut[r], 0], [groupsIn[r], 1]].forEach(function (pair) {
        if (!pair[0]) return;
        const entries = dedupe(pair[0]);
        const phrase = (PHRASES[r] || [r.replace(/_/g, " ") + " →", "← " + r.replace(/_/g, " ")])[pair[1]];
        panel.append(section(phrase, entries.length), listOf(entries, 60));
      });
    });
  }

  // ---- hover tooltip: text only -------------------------------------------------------------------
  function placeTip(event) {
    const p = event && (event.center || (event.srcEvent && { x: event.srcEvent.clientX, y: event.srcEvent.clientY }) || { x: event.clientX, y: event.clientY });
    const rect = container.getBoundingClientRect();
    const x = p && p.x !== undefined ? p.x : rect.left, y = p && p.y !== undefined ? p.y : rect.top;
    tip.style.left = Math.min(x + 14, window.innerWidth - 430) + "px";
    tip.style.top = (y + 14) + "px";
    tip.style.display = "block";
  }
  network.on("hoverNode", function (params) {
    const i = indexOf.get(params.node);
    if (i === undefined) return;
    tip.replaceChildren(el("div", kindOf(i), "tip-kind"), el("div", kindOf(i) === "Paper" ? (DETAILS[i].title || DETAILS[i].label) : describe(i)));
    if (kindOf(i) === "Paper" && DETAILS[i].title_zh) tip.append(el("div", DETAILS[i].title_zh));
    placeTip(params.event);
  });
  network.on("hoverEdge", function (params) {
    const id = String(params.edge);
    tip.replaceChildren();
    if (id[0] === "e") {
      const j = parseInt(id.slice(1), 10);
      tip.append(el("div", RELS[E[4 * j + 2]].name.replace(/_/g, " "), "tip-kind"),
        el("div", describe(E[4 * j]) + " → " + describe(E[4 * j + 1])));
      if (E[4 * j + 3] >= 0) tip.append(el("div", "“" + data.evidence[E[4 * j + 3]][0] + "”"));
    } else {
      const e = edgesDS.get(id);
      if (!e) return;
      tip.append(el("div", e.pgRel >= 0 ? RELS[e.pgRel].name.replace(/_/g, " ") : "papers in common", "tip-kind"),
        el("div", e.pgRel >= 0 ? fmt.format(e.pgWeight) + " time(s)" : fmt.format(e.pgWeight) + " paper(s)"));
    }
    placeTip(params.event);
  });
  network.on("blurNode", function () { tip.style.display = "none"; });
  network.on("blurEdge", function () { tip.style.display = "none"; });
  network.on("dragStart", function () { tip.style.display = "none"; });

  updateStatus();
  if (data.scope && data.scope.node && indexOf.has(data.scope.node)) {
    select(indexOf.get(data.scope.node), { move: false });
  }
})();
