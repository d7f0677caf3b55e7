// @ts-check
/**
 * The web app's behaviour: the search box, evidence in a dialog, curation actions, and the
 * graph drawings. Pages are rendered by the server; this adds what needs no page load.
 * Every request goes to the same JSON routes as any client, with the session cookie and
 * the X-Tacit-Web header; errors are shown as the API's readable `detail`.
 */

/** @typedef {{id: string, label: string, name: string, detail: string, matched: string, match: string, score: number}} SearchHit */
/** @typedef {{id: string, name: string | null, label: string, role: string | null}} Participant */
/** @typedef {{id: string, kind: string | null, subject: string | null, occurred_at: string | null, text: string, authors: Participant[]}} Interaction */
/** @typedef {{sentence: string | null, start: number | null, end: number | null, located: string, interaction: Interaction | null}} EvidenceInContext */
/** @typedef {{id: string, name: string | null, label: string | null}} NodeRef */
/** @typedef {{id: string, relation: string, subject: NodeRef, object: NodeRef, status: string | null, confidence: number | null}} Fact */
/** @typedef {{fact: Fact, evidence: EvidenceInContext[]}} FactEvidence */
/** @typedef {{id: string, label: string, name: string, hops: number}} GraphNode */
/** @typedef {{id: string, source: string, target: string, type: string, fact_id: string | null, weight: number | null, status: string | null}} GraphEdge */
/** @typedef {{center: GraphNode, nodes: GraphNode[], edges: GraphEdge[], truncated: boolean}} Neighbourhood */
/** @typedef {{topic: string, terms: string[], size: number, answered: boolean, answered_by: string[], answered_because: string, questions: {id: string, text: string}[]}} FaqGroup */
/** @typedef {{questions: number, groups: FaqGroup[], unanswered_groups: number}} SmartFaq */

const WEB_HEADER = "X-Tacit-Web";
const TOAST_KEY = "tacit-toast";

/** An error the API explained. */
class ApiError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * Call a JSON route; the answer's body, or an ApiError with the API's own words.
 * @param {string} method
 * @param {string} url
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
async function api(method, url, body) {
  /** @type {Record<string, string>} */
  const headers = { [WEB_HEADER]: "1", Accept: "application/json" };
  /** @type {RequestInit} */
  const init = { method, headers, credentials: "same-origin" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError(0, "The server cannot be reached. Check that it is running, then try again.");
  }
  if (response.status === 401) {
    const next = encodeURIComponent(location.pathname + location.search);
    location.assign(`/sign-in?expired=1&next=${next}`);
    throw new ApiError(401, "Your session has expired: sign in again.");
  }
  const type = response.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await response.json() : null;
  if (!response.ok) {
    const detail = data && typeof data.detail === "string" ? data.detail : response.statusText;
    throw new ApiError(response.status, readable(response.status, detail));
  }
  return data;
}

/** @param {number} status @param {string} detail */
function readable(status, detail) {
  if (status === 403) return `Not allowed: ${detail}.`;
  if (status === 404) return `Not found: ${detail}.`;
  if (status >= 500) return "The server could not do that; the error has been logged. Try again later.";
  return detail.charAt(0).toUpperCase() + detail.slice(1);
}

/**
 * @param {string} message
 * @param {"info" | "error"} [kind]
 */
function toast(message, kind = "info") {
  const box = /** @type {HTMLElement} */ (document.getElementById("toast"));
  box.textContent = message;
  box.className = kind === "error" ? "toast error" : "toast";
  box.hidden = false;
  window.setTimeout(() => { box.hidden = true; }, kind === "error" ? 9000 : 5000);
}

/** Show a message on the next page (after a reload or a navigation). @param {string} message */
function toastAfterLoad(message) {
  sessionStorage.setItem(TOAST_KEY, message);
}

/** @param {unknown} error */
function showError(error) {
  toast(error instanceof Error ? error.message : String(error), "error");
}

/** Where a node is shown; the same rule as the server's `page_url`. @param {string} label @param {string} id */
function pageUrl(label, id) {
  const quoted = encodeURIComponent(id);
  switch (label) {
    case "Account": return `/web/accounts/${quoted}`;
    case "Contact":
    case "Employee": return `/web/people/${quoted}`;
    case "Concept": return `/web/concepts/${quoted}`;
    case "Interaction": return `/web/interactions/${quoted}`;
    default: return `/web/graph?id=${quoted}&label=${encodeURIComponent(label)}`;
  }
}

/**
 * @param {string} tag
 * @param {string} [text]
 * @param {string} [className]
 */
function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

// ---- the search box: type, arrows to move, Enter to open, Escape to close ----------------

let comboboxCount = 0;

/** @param {HTMLElement} box */
function setUpSearch(box) {
  const input = /** @type {HTMLInputElement | null} */ (box.querySelector("input"));
  if (!input) return;
  const list = /** @type {HTMLUListElement} */ (element("ul", undefined, "suggestions"));
  comboboxCount += 1;
  list.id = `suggestions-${comboboxCount}`;
  list.setAttribute("role", "listbox");
  list.hidden = true;
  box.appendChild(list);
  input.setAttribute("aria-controls", list.id);
  /** @type {SearchHit[]} */
  let hits = [];
  let active = -1;
  let timer = 0;
  let asked = 0;

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  /** @param {number} index */
  const highlight = (index) => {
    active = index;
    list.querySelectorAll("li[role=option]").forEach((li, i) => {
      li.setAttribute("aria-selected", String(i === index));
      if (i === index) {
        input.setAttribute("aria-activedescendant", li.id);
        li.scrollIntoView({ block: "nearest" });
      }
    });
  };
  /** @param {SearchHit} hit */
  const choose = (hit) => {
    close();
    if (box.dataset.pick) {
      input.value = hit.name;
      setValue(box.dataset.pick, hit.id);
      if (box.dataset.pickName) setValue(box.dataset.pickName, hit.name);
      if (box.dataset.pickLabel) setValue(box.dataset.pickLabel, hit.label);
      return;
    }
    location.assign(pageUrl(hit.label, hit.id));
  };
  const render = () => {
    list.replaceChildren();
    if (hits.length === 0) {
      list.appendChild(element("li", `Nothing matches “${input.value.trim()}”`, "empty"));
    }
    hits.forEach((hit, index) => {
      const li = element("li");
      li.id = `${list.id}-${index}`;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.id = hit.id;
      li.append(element("span", hit.name), element("span", hit.label, "badge"),
        element("span", hit.detail, "small muted"));
      li.addEventListener("mousedown", (event) => { event.preventDefault(); choose(hit); });
      list.appendChild(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    highlight(hits.length ? 0 : -1);
  };
  const lookUp = async () => {
    const query = input.value.trim();
    if (!query) { close(); return; }
    const ask = ++asked;
    const types = box.dataset.types ? `&types=${encodeURIComponent(box.dataset.types)}` : "";
    try {
      const answer = await api("GET", `/search?q=${encodeURIComponent(query)}&limit=8${types}`);
      if (ask !== asked) return;
      hits = answer.items;
      render();
    } catch (error) {
      showError(error);
    }
  };
  input.addEventListener("input", () => {
    if (box.dataset.pick && !input.value.trim()) {
      setValue(box.dataset.pick, "");
      if (box.dataset.pickName) setValue(box.dataset.pickName, "");
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(lookUp, 120);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (list.hidden) { void lookUp(); return; }
      const step = event.key === "ArrowDown" ? 1 : -1;
      if (hits.length) highlight((active + step + hits.length) % hits.length);
    } else if (event.key === "Enter") {
      if (!list.hidden && active >= 0 && hits[active]) {
        event.preventDefault();
        choose(hits[active]);
      } else if (box.dataset.navigate !== undefined && input.value.trim()) {
        event.preventDefault();
        location.assign(`/web/search?q=${encodeURIComponent(input.value.trim())}`);
      }
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", () => window.setTimeout(close, 150));
}

/** @param {string} id @param {string} value */
function setValue(id, value) {
  const target = /** @type {HTMLInputElement | null} */ (document.getElementById(id));
  if (target) target.value = value;
}

// ---- evidence: the message with the sentence highlighted at its offsets ------------------

/** @param {string} factId */
async function openEvidence(factId) {
  const dialog = /** @type {HTMLDialogElement} */ (document.getElementById("evidence-dialog"));
  const body = /** @type {HTMLElement} */ (document.getElementById("evidence-body"));
  body.replaceChildren(element("p", "Loading…", "muted"));
  if (!dialog.open) dialog.showModal();
  try {
    /** @type {FactEvidence} */
    const shown = await api("GET", `/facts/${encodeURIComponent(factId)}/evidence`);
    body.replaceChildren(evidenceView(shown));
  } catch (error) {
    body.replaceChildren(element("p", error instanceof Error ? error.message : String(error),
      "notice error"));
  }
}

/** @param {FactEvidence} shown */
function evidenceView(shown) {
  const fact = shown.fact;
  const view = element("div");
  const headline = element("p");
  headline.append(
    element("strong", fact.subject.name || fact.subject.id), " ",
    element("span", fact.relation.replaceAll("_", " ").toLowerCase(), "muted"), " ",
    element("strong", fact.object.name || fact.object.id), " ",
    element("span", fact.confidence === null ? "" : `${Math.round(fact.confidence * 100)}%`,
      "score small"), " ",
    element("span", fact.status || "proposed", `badge ${fact.status || "proposed"}`),
  );
  view.appendChild(headline);
  if (shown.evidence.length === 0) view.appendChild(element("p", "No evidence left.", "muted"));
  for (const piece of shown.evidence) {
    const section = element("section", undefined, "evidence");
    const message = piece.interaction;
    if (message) {
      const link = /** @type {HTMLAnchorElement} */ (element("a", message.subject || message.kind || "message"));
      link.href = pageUrl("Interaction", message.id);
      const title = element("h3");
      title.appendChild(link);
      const authors = message.authors.map((p) => p.name || p.id).join(", ");
      section.append(title, element("p",
        [message.kind, (message.occurred_at || "").slice(0, 16).replace("T", " "),
          authors ? `written by ${authors}` : ""].filter(Boolean).join(" · "), "small muted"));
      const text = element("div", undefined, "message");
      if (piece.start !== null && piece.end !== null) {
        const mark = element("mark", message.text.slice(piece.start, piece.end), "evidence-sentence");
        text.append(message.text.slice(0, piece.start), mark, message.text.slice(piece.end));
        section.appendChild(text);
        window.setTimeout(() => mark.scrollIntoView({ block: "center" }), 0);
      } else {
        section.append(element("mark", piece.sentence || "", "evidence-sentence"),
          element("p", "This sentence is no longer in the message text.", "small muted"));
      }
    } else {
      section.append(element("mark", piece.sentence || "", "evidence-sentence"),
        element("p", "The message is no longer stored.", "small muted"));
    }
    view.appendChild(section);
  }
  return view;
}

// ---- curation: facts ------------------------------------------------------------------------

/** @returns {Promise<string | null>} the reason, or null when cancelled */
function askReason() {
  const dialog = /** @type {HTMLDialogElement} */ (document.getElementById("reason-dialog"));
  const input = /** @type {HTMLInputElement} */ (document.getElementById("reason-input"));
  input.value = "";
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      resolve(dialog.returnValue === "ok" ? input.value.trim() : null);
    }, { once: true });
  });
}

/**
 * @param {string} factId
 * @param {string} action approve, reject or reopen
 * @param {string | null} reason
 * @returns {Promise<Fact>}
 */
function reviewFact(factId, action, reason) {
  const body = action === "reject" && reason ? { reason } : undefined;
  return api("POST", `/facts/${encodeURIComponent(factId)}/${action}`, body);
}

/** @param {string} factId @param {string} status */
function showFactStatus(factId, status) {
  document.querySelectorAll(`[data-fact-row="${CSS.escape(factId)}"]`).forEach((row) => {
    const cell = row.querySelector("[data-status]");
    if (cell) cell.replaceChildren(element("span", status, `badge ${status}`));
    row.querySelectorAll("button[data-review]").forEach((button) => {
      const b = /** @type {HTMLButtonElement} */ (button);
      const done = { approve: "approved", reject: "rejected", reopen: "proposed" }[b.dataset.review || ""];
      b.disabled = done === status;
    });
  });
}

/** @param {HTMLButtonElement} button */
async function onReview(button) {
  const factId = button.dataset.factId || "";
  const action = button.dataset.review || "";
  const reason = action === "reject" ? await askReason() : null;
  if (action === "reject" && reason === null) return;
  button.disabled = true;
  try {
    const fact = await reviewFact(factId, action, reason);
    showFactStatus(factId, fact.status || "proposed");
    toast(`${fact.relation.replaceAll("_", " ").toLowerCase()}: now ${fact.status}`);
  } catch (error) {
    button.disabled = false;
    showError(error);
  }
}

/** @param {string} action */
async function onBulk(action) {
  const chosen = [...document.querySelectorAll("input.select-fact:checked")]
    .map((box) => /** @type {HTMLInputElement} */ (box).value);
  if (chosen.length === 0) { toast("Select some facts first.", "error"); return; }
  const reason = action === "reject" ? await askReason() : null;
  if (action === "reject" && reason === null) return;
  let done = 0;
  /** @type {string[]} */
  const failed = [];
  for (const factId of chosen) {
    try {
      const fact = await reviewFact(factId, action, reason);
      showFactStatus(factId, fact.status || "proposed");
      done += 1;
    } catch (error) {
      failed.push(error instanceof Error ? error.message : String(error));
    }
  }
  const summary = `${done} of ${chosen.length} facts ${action === "reopen" ? "reopened" : action + "d"}`;
  if (failed.length) toast(`${summary}; ${failed.length} failed: ${failed[0]}`, "error");
  else toast(summary);
}

// ---- curation: concepts and undo ----------------------------------------------------------

function currentConcept() {
  const card = /** @type {HTMLElement | null} */ (document.getElementById("concept"));
  return card ? card.dataset.conceptId || "" : "";
}

/** @param {string} conceptId @param {Record<string, unknown>} change @param {string} done */
async function editConcept(conceptId, change, done) {
  try {
    await api("PATCH", `/concepts/${encodeURIComponent(conceptId)}`, change);
    toastAfterLoad(`${done}. You can undo it under Recent curation.`);
    location.reload();
  } catch (error) {
    showError(error);
  }
}

/** @param {HTMLFormElement} form */
async function onConceptForm(form) {
  const data = new FormData(form);
  const conceptId = currentConcept();
  if (form.dataset.conceptMerge !== undefined) {
    const into = String(data.get("into") || "");
    if (!into) { toast("Pick the concept to merge into from the list.", "error"); return; }
    try {
      const kept = await api("POST", `/concepts/${encodeURIComponent(conceptId)}/merge`, { into });
      toastAfterLoad(`Merged into ${kept.name}. You can undo it under Recent curation.`);
      location.assign(pageUrl("Concept", kept.id));
    } catch (error) {
      showError(error);
    }
    return;
  }
  const field = form.dataset.conceptEdit || "";
  const value = String(data.get(field) || "").trim();
  if (field === "name") await editConcept(conceptId, { name: value }, "Renamed");
  else if (field === "synonyms") {
    const synonyms = value.split(",").map((s) => s.trim()).filter(Boolean);
    await editConcept(conceptId, { synonyms }, "Synonyms saved");
  } else if (field === "broader") {
    if (!value) { toast("Pick the broader concept from the list.", "error"); return; }
    await editConcept(conceptId, { broader: [value] }, "Broader concept set");
  }
}

/** @param {string} auditId */
async function undo(auditId) {
  try {
    const result = await api("POST", `/curation/actions/${encodeURIComponent(auditId)}/undo`);
    toastAfterLoad(`Undone: ${result.summary}.`);
    location.reload();
  } catch (error) {
    showError(error);
  }
}

// ---- graphs ------------------------------------------------------------------------------------

const COLOURS = {
  Account: "#2b59c3", Contact: "#e07b39", Employee: "#1e7b4d", Product: "#8e44ad",
  Concept: "#c0392b", Interaction: "#7f8c8d", Competitor: "#b7950b", KBArticle: "#16a085",
};

/** @param {string} label */
function colour(label) {
  return /** @type {Record<string, string>} */ (COLOURS)[label] || "#95a5a6";
}

/** @type {any[]} */
const GRAPH_STYLE = [
  { selector: "node", style: { label: "data(name)", "font-size": 10, "background-color": "data(colour)",
    "text-wrap": "ellipsis", "text-max-width": "120px", color: "#1d2430", width: 18, height: 18 } },
  { selector: "node.far", style: { label: "", width: 12, height: 12 } },
  { selector: "node.center", style: { width: 30, height: 30, "border-width": 3, "border-color": "#17213a" } },
  { selector: "node.hover", style: { label: "data(name)", "font-size": 12, "z-index": 10 } },
  { selector: "edge", style: { width: 1.5, "line-color": "#b8c1d1", "target-arrow-color": "#b8c1d1",
    "target-arrow-shape": "triangle", "curve-style": "bezier", label: "data(caption)", "font-size": 8,
    color: "#5b6575", "text-rotation": "autorotate" } },
  { selector: "edge.fact", style: { "line-color": "#e0a030", "target-arrow-color": "#e0a030" } },
];

/** @param {HTMLElement} container */
async function drawNeighbourhood(container) {
  const status = document.getElementById("graph-status");
  const params = new URLSearchParams({ id: container.dataset.id || "", hops: container.dataset.hops || "1" });
  if (container.dataset.label) params.set("label", container.dataset.label);
  if (container.dataset.types) params.set("types", container.dataset.types);
  try {
    /** @type {Neighbourhood} */
    const graph = await api("GET", `/graph/neighbourhood?${params}`);
    const many = graph.nodes.length > 120;
    // Past a few dozen nodes, the farther nodes show their names when pointed at.
    const crowded = graph.nodes.length > 40;
    const cy = cytoscape({
      container,
      elements: [
        ...graph.nodes.map((n) => ({ data: { id: n.id, name: n.name, label: n.label, colour: colour(n.label) },
          classes: n.hops === 0 ? "center" : n.hops > 1 && crowded ? "far" : "" })),
        ...graph.edges.map((e) => ({ data: { id: `e:${e.id}`, source: e.source, target: e.target,
          fact: e.fact_id || "", caption: crowded ? "" : e.type.toLowerCase().replaceAll("_", " ") },
          classes: e.fact_id ? "fact" : "" })),
      ],
      style: GRAPH_STYLE,
      layout: many ? { name: "concentric", minNodeSpacing: 8, animate: false }
        : { name: "cose", animate: false, nodeRepulsion: () => 9000 },
      wheelSensitivity: 0.3,
    });
    cy.on("tap", "node", (event) => {
      const data = event.target.data();
      location.assign(pageUrl(data.label, data.id));
    });
    cy.on("mouseover", "node", (event) => { event.target.addClass("hover"); });
    cy.on("mouseout", "node", (event) => { event.target.removeClass("hover"); });
    cy.on("tap", "edge", (event) => {
      const fact = event.target.data("fact");
      if (fact) void openEvidence(fact);
    });
    container.dataset.drawn = String(graph.nodes.length);
    if (status) {
      status.textContent = `${graph.nodes.length} nodes, ${graph.edges.length} relationships` +
        (graph.truncated ? " (the nearest only: narrow it with relationship types)" : "");
    }
  } catch (error) {
    if (status) status.textContent = error instanceof Error ? error.message : String(error);
    showError(error);
  }
}

/** @param {HTMLElement} container */
function drawIntroPaths(container) {
  const source = document.getElementById(container.dataset.graphJson || "");
  if (!source) return;
  /** @type {{nodes: {id: string, name: string, label: string, role: string}[], edges: {id: string, source: string, target: string, link: string, strength: number}[]}} */
  const graph = JSON.parse(source.textContent || "{}");
  const cy = cytoscape({
    container,
    elements: [
      ...graph.nodes.map((n) => ({ data: { id: n.id, name: n.name, label: n.label, colour: colour(n.label) },
        classes: n.role === "target" ? "center" : "" })),
      ...graph.edges.map((e) => ({ data: { id: `e:${e.id}`, source: e.source, target: e.target,
        caption: `${e.link.toLowerCase()} ${e.strength.toFixed(2)}` } })),
    ],
    style: GRAPH_STYLE,
    layout: { name: "breadthfirst", directed: true, spacingFactor: 1.1, animate: false,
      roots: graph.nodes.filter((n) => n.role === "start").map((n) => n.id) },
    userZoomingEnabled: false,
  });
  cy.on("tap", "node", (event) => {
    const data = event.target.data();
    location.assign(pageUrl(data.label, data.id));
  });
  container.dataset.drawn = String(graph.nodes.length);
}

// ---- frequent questions: grouped on the server, which can take a while -------------------

/** @param {HTMLElement} container */
async function showFaq(container) {
  const status = document.getElementById("faq-status");
  const started = performance.now();
  try {
    /** @type {SmartFaq} */
    const faq = await api("GET", "/kb/faq");
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const summary = element("p",
      `${faq.questions} customer questions in ${faq.groups.length} groups; ` +
      `${faq.unanswered_groups} without an article, shown first (grouped in ${seconds} s).`, "muted");
    const groups = faq.groups.map((group) => {
      const card = element("section", undefined, "card faq-group");
      const title = element("h2", `${group.topic} `);
      title.append(
        element("span", group.answered ? "answered" : "no article",
          `badge ${group.answered ? "approved" : "rejected"}`),
        " ", element("span", `${group.size} questions`, "muted small"));
      card.append(title, element("p", `${group.terms.join(", ")} · ${group.answered_because}`, "small muted"));
      if (group.answered_by.length) card.appendChild(element("p", `Best article: ${group.answered_by.join(", ")}`, "small"));
      const list = element("ul", undefined, "small");
      for (const question of group.questions) {
        const link = /** @type {HTMLAnchorElement} */ (element("a", question.text.slice(0, 200)));
        link.href = pageUrl("Interaction", question.id);
        const item = element("li");
        item.appendChild(link);
        list.appendChild(item);
      }
      card.appendChild(list);
      return card;
    });
    container.replaceChildren(summary, ...groups);
    if (faq.groups.length === 0) container.appendChild(element("p", "No customer questions yet.", "card muted"));
    container.dataset.drawn = String(faq.groups.length);
  } catch (error) {
    if (status) {
      status.textContent = error instanceof Error ? error.message : String(error);
      status.className = "notice error";
    }
  }
}

// ---- wiring ----------------------------------------------------------------------------------

function start() {
  const pending = sessionStorage.getItem(TOAST_KEY);
  if (pending) {
    sessionStorage.removeItem(TOAST_KEY);
    toast(pending);
  }
  document.querySelectorAll("[data-search]").forEach((box) => setUpSearch(/** @type {HTMLElement} */ (box)));
  document.addEventListener("click", (event) => {
    const target = /** @type {HTMLElement} */ (event.target);
    const evidence = /** @type {HTMLElement | null} */ (target.closest("[data-evidence]"));
    if (evidence) {
      event.preventDefault();
      void openEvidence(evidence.dataset.evidence || "");
      return;
    }
    const review = /** @type {HTMLButtonElement | null} */ (target.closest("button[data-review]"));
    if (review) { void onReview(review); return; }
    const bulk = /** @type {HTMLButtonElement | null} */ (target.closest("button[data-bulk]"));
    if (bulk) { void onBulk(bulk.dataset.bulk || ""); return; }
    const conceptStatus = /** @type {HTMLButtonElement | null} */ (target.closest("button[data-concept-status]"));
    if (conceptStatus) {
      const conceptId = conceptStatus.dataset.conceptId || currentConcept();
      const status = conceptStatus.dataset.conceptStatus || "";
      void editConcept(conceptId, { status }, status === "approved" ? "Approved" : "Rejected");
      return;
    }
    const undoButton = /** @type {HTMLButtonElement | null} */ (target.closest("button[data-undo]"));
    if (undoButton) { undoButton.disabled = true; void undo(undoButton.dataset.undo || ""); }
  });
  document.addEventListener("submit", (event) => {
    const form = /** @type {HTMLFormElement} */ (event.target);
    if (form.dataset.conceptEdit !== undefined || form.dataset.conceptMerge !== undefined) {
      event.preventDefault();
      void onConceptForm(form);
    }
  });
  const selectAll = /** @type {HTMLInputElement | null} */ (document.getElementById("select-all"));
  selectAll?.addEventListener("change", () => {
    document.querySelectorAll("input.select-fact").forEach((box) => {
      /** @type {HTMLInputElement} */ (box).checked = selectAll.checked;
    });
  });
  document.querySelectorAll("[data-neighbourhood]").forEach((c) => void drawNeighbourhood(/** @type {HTMLElement} */ (c)));
  document.querySelectorAll("[data-graph-json]").forEach((c) => drawIntroPaths(/** @type {HTMLElement} */ (c)));
  document.querySelectorAll("[data-faq]").forEach((c) => void showFaq(/** @type {HTMLElement} */ (c)));
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
