// servicemap web map: inlines the Graphviz SVG from /api/map.svg, then adds selection,
// details, search and pan/zoom. Data from the API only ever reaches the page through
// textContent and createElement: names come from scanned repositories and may be hostile.
(function () {
  "use strict";

  const NO_SNAPSHOT = "no snapshot yet: run `servicemap scan PATH`";
  const KIND_PLURALS = { service: "services", datastore: "datastores", queue: "queues", external: "externals" };
  const SEEN_LABELS = { "code-only": "code only", "code-and-traffic": "code + traffic", "traffic-only": "traffic only" };
  const state = { nodes: new Map(), nodeEls: new Map(), edgeEls: [], svg: null, view: null, selected: null };

  // -- small DOM helpers ---------------------------------------------------------------
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function $(id) { return document.getElementById(id); }

  async function fetchJson(path) {
    const response = await fetch(path, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const message = body && body.error ? body.error.message : response.status + " " + response.statusText;
      const error = new Error(message);
      error.code = body && body.error ? body.error.code : "http-" + response.status;
      throw error;
    }
    return body;
  }

  function showMessage(text) {
    const box = $("map-message");
    const paragraph = el("p");
    // Render `code` spans of our own messages as <code>, everything else as text.
    String(text).split("`").forEach((part, i) => paragraph.append(i % 2 ? el("code", null, part) : part));
    box.replaceChildren(paragraph);
    box.hidden = false;
  }

  // -- SVG: parse, strip anything active, inline ----------------------------------------
  function sanitizeSvg(doc) {
    doc.querySelectorAll("script, foreignObject, iframe, object, embed, a, use").forEach((n) => {
      if (n.tagName.toLowerCase() === "a") n.replaceWith(...n.childNodes);
      else n.remove();
    });
    doc.querySelectorAll("*").forEach((n) => {
      for (const attr of Array.from(n.attributes)) {
        const name = attr.name.toLowerCase();
        if (name.startsWith("on") || name === "href" || name === "xlink:href" || name === "style") {
          n.removeAttribute(attr.name);
        }
      }
    });
  }

  function parseSvg(text) {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const root = doc.documentElement;
    if (doc.querySelector("parsererror") || root.tagName.toLowerCase() !== "svg") {
      throw new Error("the map from /api/map.svg is not valid SVG");
    }
    sanitizeSvg(doc);
    return document.importNode(root, true);
  }

  function decodeId(prefix, id) {
    if (!id || !id.startsWith(prefix + ":")) return null;
    try {
      return id.slice(prefix.length + 1).split("/").map(decodeURIComponent);
    } catch (e) {
      return null;
    }
  }

  function mountSvg(svg) {
    const canvas = $("map-canvas");
    const box = svg.viewBox.baseVal;
    state.view = { x: box.x, y: box.y, w: box.width, h: box.height };
    state.home = Object.assign({}, state.view);
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    canvas.replaceChildren(svg);
    state.svg = svg;
    svg.querySelectorAll("g.node").forEach((g) => {
      const parts = decodeId("node", g.id);
      if (!parts) return;
      const nodeId = parts[0];
      g.dataset.nodeId = nodeId;
      state.nodeEls.set(nodeId, g);
      g.setAttribute("tabindex", "0");
      g.setAttribute("role", "button");
      g.setAttribute("aria-label", nodeId);
      g.addEventListener("click", (event) => {
        if (state.dragMoved) return;
        event.stopPropagation();
        select(nodeId);
      });
      g.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          select(nodeId);
        }
      });
    });
    svg.querySelectorAll("g.edge").forEach((g) => {
      const parts = decodeId("edge", g.id);
      if (parts && parts.length === 3) state.edgeEls.push({ el: g, source: parts[0], target: parts[1] });
    });
    applyView();
  }

  // -- pan and zoom, by moving the viewBox --------------------------------------------------
  function applyView() {
    const v = state.view;
    if (state.svg && v) state.svg.setAttribute("viewBox", [v.x, v.y, v.w, v.h].join(" "));
  }

  function svgPoint(clientX, clientY) {
    const ctm = state.svg.getScreenCTM();
    const p = state.svg.createSVGPoint();
    p.x = clientX;
    p.y = clientY;
    return p.matrixTransform(ctm.inverse());
  }

  function zoomAt(factor, clientX, clientY) {
    if (!state.svg) return;
    const v = state.view;
    const rect = state.svg.getBoundingClientRect();
    const p = clientX === undefined ? svgPoint(rect.left + rect.width / 2, rect.top + rect.height / 2) : svgPoint(clientX, clientY);
    const w = Math.min(Math.max(v.w * factor, state.home.w / 20), state.home.w * 4);
    const f = w / v.w;
    state.view = { x: p.x - (p.x - v.x) * f, y: p.y - (p.y - v.y) * f, w: v.w * f, h: v.h * f };
    applyView();
  }

  function installPanZoom() {
    const canvas = $("map-canvas");
    canvas.addEventListener("wheel", (event) => {
      event.preventDefault();
      zoomAt(Math.exp(event.deltaY * 0.0015), event.clientX, event.clientY);
    }, { passive: false });
    let drag = null;
    canvas.addEventListener("pointerdown", (event) => {
      if (!state.svg || event.button !== 0) return;
      drag = { x: event.clientX, y: event.clientY, view: Object.assign({}, state.view), scale: state.svg.getScreenCTM().a };
      state.dragMoved = false;
    });
    window.addEventListener("pointermove", (event) => {
      if (!drag) return;
      const dx = event.clientX - drag.x;
      const dy = event.clientY - drag.y;
      if (!state.dragMoved && Math.hypot(dx, dy) < 4) return;
      if (!state.dragMoved) canvas.classList.add("dragging");
      state.dragMoved = true;
      state.view = Object.assign({}, drag.view, { x: drag.view.x - dx / drag.scale, y: drag.view.y - dy / drag.scale });
      applyView();
    });
    window.addEventListener("pointerup", () => {
      drag = null;
      canvas.classList.remove("dragging");
      setTimeout(() => { state.dragMoved = false; }, 0);
    });
    canvas.addEventListener("click", () => { if (!state.dragMoved) clearSelection(); });
    $("zoom-in").addEventListener("click", () => zoomAt(1 / 1.3));
    $("zoom-out").addEventListener("click", () => zoomAt(1.3));
    $("zoom-fit").addEventListener("click", () => { state.view = Object.assign({}, state.home); applyView(); });
  }

  // -- selection and the details panel ------------------------------------------------------
  function clearSelection() {
    state.selected = null;
    state.nodeEls.forEach((g) => g.classList.remove("selected", "dimmed"));
    state.edgeEls.forEach((e) => e.el.classList.remove("related", "dimmed"));
  }

  function highlight(nodeId) {
    const related = new Set([nodeId]);
    state.edgeEls.forEach((e) => {
      const on = e.source === nodeId || e.target === nodeId;
      e.el.classList.toggle("related", on);
      e.el.classList.toggle("dimmed", !on);
      if (on) { related.add(e.source); related.add(e.target); }
    });
    state.nodeEls.forEach((g, id) => {
      g.classList.toggle("selected", id === nodeId);
      g.classList.toggle("dimmed", !related.has(id));
    });
  }

  async function select(nodeId) {
    state.selected = nodeId;
    highlight(nodeId);
    const panel = $("details");
    try {
      const data = await fetchJson("/api/nodes/" + encodeURIComponent(nodeId));
      if (state.selected === nodeId) panel.replaceChildren(renderDetails(data));
    } catch (error) {
      panel.replaceChildren(el("p", "error-note", error.message));
    }
  }

  function renderDetails(data) {
    const node = data.node;
    const frag = document.createDocumentFragment();
    const title = el("h2", "node-name", node.name);
    frag.append(title);
    const head = el("div");
    head.append(el("span", "badge badge-" + node.kind, node.kind));
    frag.append(head);
    const facts = el("dl", "facts");
    addFact(facts, "Technology", node.technology);
    addFact(facts, "Path", node.path, "mono");
    addFact(facts, "Aliases", node.aliases);
    addFact(facts, "Routes", node.routes, "mono");
    addFact(facts, "Owners", node.owners);
    addFact(facts, "Seen in", node.provenance);
    frag.append(facts);
    frag.append(edgeSection("Depends on", data.outgoing, "target", data.neighbours));
    frag.append(edgeSection("Used by", data.incoming, "source", data.neighbours));
    return frag;
  }

  function addFact(dl, label, value, className) {
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return;
    dl.append(el("dt", null, label));
    const dd = el("dd", className);
    if (Array.isArray(value)) {
      const list = el("ul");
      value.forEach((v) => list.append(el("li", null, v)));
      dd.append(list);
    } else {
      dd.textContent = String(value);
    }
    dl.append(dd);
  }

  function edgeSection(title, edges, peerKey, neighbours) {
    const section = el("section", "edge-section");
    section.append(el("h3", null, title + " (" + edges.length + ")"));
    if (!edges.length) {
      section.append(el("p", "empty-note", "nothing"));
      return section;
    }
    const list = el("ul", "edges");
    edges.forEach((edge) => list.append(edgeItem(edge, edge[peerKey], neighbours)));
    section.append(list);
    return section;
  }

  function edgeItem(edge, peerId, neighbours) {
    const item = el("li", "edge-item");
    const head = el("div", "edge-head");
    head.append(el("span", "edge-kind", edge.kind));
    const peer = neighbours[peerId] || { name: peerId, kind: "" };
    const button = el("button", "edge-peer", peer.name);
    button.type = "button";
    button.title = peerId;
    button.addEventListener("click", () => select(peerId));
    head.append(button);
    if (peer.kind) head.append(el("span", "badge badge-" + peer.kind, peer.kind));
    item.append(head);
    const details = Object.entries(edge.detail || {});
    if (details.length) {
      const box = el("div", "edge-detail");
      details.forEach(([category, values]) => {
        const line = el("div");
        line.append(el("span", "label", category + ": "), el("span", "mono", values.join(", ")));
        box.append(line);
      });
      item.append(box);
    }
    const seen = seenIn(edge);
    head.append(el("span", "seen seen-" + seen, SEEN_LABELS[seen]));
    if (edge.traffic) item.append(el("div", "traffic", trafficText(edge.traffic)));
    const evidence = el("ul", "evidence");
    (edge.evidence || []).forEach((e) => evidence.append(el("li", null, evidenceText(e))));
    item.append(evidence);
    return item;
  }

  // Where an edge was seen, as the map draws it: code only, code and traffic, traffic only.
  function seenIn(edge) {
    const provenance = edge.provenance || [];
    const traced = provenance.includes("trace");
    const coded = provenance.some((p) => p !== "trace");
    if (traced && coded) return "code-and-traffic";
    return traced ? "traffic-only" : "code-only";
  }

  function formatMs(ms) {
    if (ms >= 1000) return trimmed(ms / 1000) + " s";
    return (ms < 10 ? trimmed(ms) : String(Math.round(ms))) + " ms";
  }

  function trimmed(value) {
    return value.toFixed(1).replace(/\.0$/, "");
  }

  function errorShare(t) {
    if (!t.errors || !t.calls) return "0%";
    const share = (100 * t.errors) / t.calls;
    return share < 0.1 ? "<0.1%" : trimmed(share) + "%";
  }

  function trafficText(t) {
    const parts = [t.calls.toLocaleString("en-US") + " calls", t.errors + " errors (" + errorShare(t) + ")"];
    [["p50", t.p50_ms], ["p95", t.p95_ms], ["p99", t.p99_ms]].forEach(([name, ms]) => {
      if (ms !== null && ms !== undefined) parts.push(name + " " + formatMs(ms));
    });
    return parts.join(" · ");
  }

  function evidenceText(e) {
    let text = e.path ? e.path + (e.line ? ":" + e.line : "") : e.trace_id ? "trace " + e.trace_id : "";
    if (e.note) text += (text ? " — " : "") + e.note;
    return text;
  }

  // -- search -----------------------------------------------------------------------------
  function matches(node, query) {
    const haystack = [node.id, node.name, node.technology || "", node.path || ""].concat(node.aliases || []);
    return haystack.some((s) => s.toLowerCase().includes(query));
  }

  function installSearch() {
    const input = $("search");
    const count = $("search-count");
    input.addEventListener("input", () => {
      const query = input.value.trim().toLowerCase();
      let found = 0;
      state.nodeEls.forEach((g, id) => {
        const node = state.nodes.get(id);
        const hit = query !== "" && node !== undefined && matches(node, query);
        if (hit) found += 1;
        g.classList.toggle("match", hit);
        g.classList.toggle("dimmed", query !== "" && !hit);
      });
      state.edgeEls.forEach((e) => e.el.classList.toggle("dimmed", query !== ""));
      count.textContent = query ? found + (found === 1 ? " match" : " matches") : "";
      if (!query && state.selected) highlight(state.selected);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      const first = Array.from(state.nodeEls.keys()).find((id) => state.nodeEls.get(id).classList.contains("match"));
      if (first) select(first);
    });
  }

  // -- diagnostics, shown while nothing is selected ---------------------------------------
  function renderDiagnostics(diagnostics) {
    if (!diagnostics.length) return;
    const section = el("section", "diagnostics");
    section.append(el("h3", null, "Diagnostics (" + diagnostics.length + ")"));
    const list = el("ul", "diagnostic-list");
    diagnostics.forEach((d) => {
      const item = el("li", "diagnostic diagnostic-" + d.severity);
      item.append(el("div", "mono", d.path + (d.line ? ":" + d.line : "")));
      item.append(el("div", null, d.severity + " · " + d.code + ": " + d.message));
      list.append(item);
    });
    section.append(list);
    $("details").querySelector(".details-empty").append(section);
  }

  // -- summary ---------------------------------------------------------------------------
  function utc(time) {
    return time.replace("T", " ").replace(/(\.\d+)?(Z|\+00:00)$/, " UTC");
  }

  // static and observed: the snapshots the catalog view is made of (either may be missing).
  function renderSummary(static_, observed, nodes, edges, diagnostics) {
    const counts = {};
    nodes.forEach((n) => { counts[n.kind] = (counts[n.kind] || 0) + 1; });
    const summary = $("summary");
    summary.replaceChildren();
    const parts = Object.keys(KIND_PLURALS).filter((k) => counts[k]).map((k) => counts[k] + " " + (counts[k] === 1 ? k : KIND_PLURALS[k]));
    parts.push(edges + " edges");
    summary.append(el("strong", null, parts.join(" · ")));
    let source = "";
    if (static_) {
      source += " — " + static_.source;
      if (static_.commit) source += " @ " + static_.commit.slice(0, 10);
      if (static_.time) source += " · scanned " + utc(static_.time);
      source += " · snapshot #" + static_.id;
    }
    if (observed) {
      source += (static_ ? " + " : " — ") + "traces #" + observed.id;
      if (observed.time) source += " (observed " + utc(observed.time) + ")";
    }
    if (diagnostics) source += " · " + diagnostics + (diagnostics === 1 ? " diagnostic" : " diagnostics");
    summary.append(source);
    summary.title = summary.textContent;
  }

  // -- start -----------------------------------------------------------------------------
  async function start() {
    installPanZoom();
    installSearch();
    try {
      const listing = await fetchJson("/api/snapshots");
      if (listing.latest === null) {
        $("summary").textContent = listing.message || NO_SNAPSHOT;
        showMessage(listing.message || NO_SNAPSHOT);
        return;
      }
      // The catalog view: the latest scan merged with the latest traces (the API's default).
      const byId = (id) => listing.snapshots.find((s) => s.id === id) || null;
      const static_ = byId(listing.view.static);
      const observed = byId(listing.view.observed);
      const [nodeList, diagnostics, svgText] = await Promise.all([
        fetchJson("/api/nodes"),
        fetchJson("/api/diagnostics"),
        fetch("/api/map.svg").then(async (r) => {
          if (r.ok) return r.text();
          const body = await r.json().catch(() => null);
          throw new Error(body && body.error ? body.error.message : "could not load the map");
        }),
      ]);
      nodeList.nodes.forEach((n) => state.nodes.set(n.id, n));
      mountSvg(parseSvg(svgText));
      renderSummary(static_, observed, nodeList.nodes, state.edgeEls.length, diagnostics.diagnostics.length);
      renderDiagnostics(diagnostics.diagnostics);
      document.body.dataset.ready = "true";
    } catch (error) {
      showMessage(error.message);
      $("summary").textContent = error.message;
    }
  }

  document.addEventListener("DOMContentLoaded", start);
})();
