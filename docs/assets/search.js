// The Recommendations page: keyword search and facets over the Pagefind index.
//
// Everything a search depends on lives in the page address (?q=…&theme=…&from=…), so a search
// can be shared, bookmarked and cited, and back/forward work. Record text is only ever put into
// the page with textContent: nothing from the index is parsed as HTML into the live document.

const FACETS = ["theme", "kind", "organiser", "country"];
const PAGE_SIZE = 20;
const TYPING_DELAY = 200;

const form = document.getElementById("tip-search");
const root = new URL("../", window.location.href);
const facetData = JSON.parse(document.getElementById("tip-facet-labels").textContent);
const labels = facetData.labels;
const allYears = Object.keys(labels.year).sort();
const status = document.getElementById("tip-status");
const list = document.getElementById("tip-results");
const more = document.getElementById("tip-more");
const pages = document.getElementById("tip-pages");

let pagefind = null;
let pagefindPages = null; // a second, small index of page names: meetings, countries, themes, ...
let filtersLoaded = false; // facet indexes are fetched after the first results, not before them
let latest = 0; // only the newest search may write to the page
let shown = [];
let shownCount = 0;
let typingTimer = null;

function fold(text) {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

// -- state <-> address <-> form -------------------------------------------------------------------

function stateFromAddress() {
  const params = new URLSearchParams(window.location.search);
  const state = { q: params.get("q") || "", sort: params.get("sort") || "" };
  for (const facet of FACETS) state[facet] = params.getAll(facet);
  state.from = allYears.includes(params.get("from")) ? params.get("from") : allYears[0];
  state.to = allYears.includes(params.get("to")) ? params.get("to") : allYears[allYears.length - 1];
  if (state.from > state.to) [state.from, state.to] = [state.to, state.from];
  return state;
}

function stateFromForm() {
  const data = new FormData(form);
  const state = { q: (data.get("q") || "").trim(), sort: data.get("sort") || "" };
  for (const facet of FACETS) state[facet] = data.getAll(facet);
  state.from = data.get("from") || allYears[0];
  state.to = data.get("to") || allYears[allYears.length - 1];
  return state;
}

function showState(state) {
  form.elements.q.value = state.q;
  form.elements.sort.value = state.sort;
  form.elements.from.value = state.from;
  form.elements.to.value = state.to;
  for (const facet of FACETS) {
    for (const box of form.querySelectorAll(`input[name="${facet}"]`)) box.checked = state[facet].includes(box.value);
  }
}

function address(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const facet of FACETS) for (const value of state[facet]) params.append(facet, value);
  if (state.from !== allYears[0]) params.set("from", state.from);
  if (state.to !== allYears[allYears.length - 1]) params.set("to", state.to);
  if (state.sort) params.set("sort", state.sort);
  const query = params.toString();
  return window.location.pathname + (query ? `?${query}` : "");
}

// -- searching ------------------------------------------------------------------------------------

function filtersFor(state, without) {
  const filters = {};
  for (const facet of FACETS) {
    if (facet !== without && state[facet].length) filters[facet] = { any: state[facet] };
  }
  if (without !== "year" && (state.from !== allYears[0] || state.to !== allYears[allYears.length - 1])) {
    filters.year = { any: allYears.filter((y) => y >= state.from && y <= state.to) };
  }
  return filters;
}

function facetWord(facet, value) {
  return `tip${facet}_${value.toLowerCase().replace(/[^a-z0-9]/g, "_")}`;
}

// With no keyword, search for the word standing for one chosen facet value (see searchrecords.py):
// the engine's own filter-only search would download every part of the index.
function termFor(state) {
  if (state.q) return state.q;
  for (const facet of FACETS) if (state[facet].length === 1) return facetWord(facet, state[facet][0]);
  if (state.from === state.to) return facetWord("year", state.from);
  return null;
}

function narrowed(state) {
  return FACETS.some((f) => state[f].length) || state.from !== allYears[0] || state.to !== allYears[allYears.length - 1];
}

function sortFor(state) {
  if (state.sort === "new" || (!state.sort && !state.q)) return { newest: "asc" };
  if (state.sort === "old") return { oldest: "asc" };
  return undefined; // best match first
}

async function run(state) {
  const ticket = ++latest;
  if (!state.q && !narrowed(state)) return showEverything(ticket);
  status.textContent = "Searching…";
  const term = termFor(state);
  const search = await pagefind.search(term, { filters: filtersFor(state), sort: sortFor(state) });
  if (ticket !== latest) return;
  shown = search.results;
  shownCount = 0;
  list.replaceChildren();
  status.textContent = describe(search.results.length, state);
  await showMore(ticket, state);
  await showPages(state.q ? await pagefindPages.search(state.q) : null, ticket);
  // The results are on the page; the counts beside the filters follow (their indexes are larger).
  document.dispatchEvent(new CustomEvent("tip:shown", { detail: { count: search.results.length } }));
  if (!filtersLoaded) {
    await pagefind.filters();
    filtersLoaded = true;
  }
  // Counts come from a search run once the facet indexes are loaded (the first search had none).
  const counted = await pagefind.search(term, { filters: filtersFor(state) });
  // A facet's own choices must not hide its other values: count each chosen facet without itself.
  const counts = {};
  for (const facet of [...FACETS, "year"]) {
    const chosen = facet === "year" ? filtersFor(state).year : state[facet].length;
    if (!chosen) {
      counts[facet] = counted.filters[facet] || {};
      continue;
    }
    const others = facet === "year"
      ? { ...state, from: allYears[0], to: allYears[allYears.length - 1] } : { ...state, [facet]: [] };
    if (!others.q && !narrowed(others)) {
      counts[facet] = facetData.counts[facet];
      continue;
    }
    const own = await pagefind.search(termFor(others), { filters: filtersFor(state, facet) });
    counts[facet] = own.filters[facet] || {};
  }
  if (ticket !== latest) return;
  showCounts(counts);
  // For the benchmark and the browser tests: results and counts of this search are on the page.
  document.dispatchEvent(new CustomEvent("tip:results", { detail: { count: search.results.length } }));
}

function showEverything(ticket) {
  // No keyword and no filter: the counts written into the page at build time say it all.
  shown = [];
  shownCount = 0;
  list.replaceChildren();
  pages.replaceChildren();
  more.hidden = true;
  const total = Object.values(facetData.counts.kind).reduce((a, b) => a + b, 0);
  status.textContent = `${total.toLocaleString("en")} items in the archive. Type a keyword or choose a filter.`;
  showCounts(facetData.counts);
  if (ticket !== latest) return;
  document.dispatchEvent(new CustomEvent("tip:shown", { detail: { count: total } }));
  document.dispatchEvent(new CustomEvent("tip:results", { detail: { count: total } }));
}

function describe(count, state) {
  const noun = count === 1 ? "item" : "items";
  const what = state.q ? ` ${count === 1 ? "matches" : "match"} “${state.q}”` : "";
  return `${count.toLocaleString("en")} ${noun}${what}${narrowed(state) ? " with the chosen filters" : ""}.`;
}

function showCounts(counts) {
  for (const facet of FACETS) {
    for (const box of form.querySelectorAll(`input[name="${facet}"]`)) {
      const count = counts[facet][box.value] || 0;
      const label = box.closest("label");
      label.querySelector(".tip-facet__count").textContent = count.toLocaleString("en");
      label.hidden = count === 0 && !box.checked;
      box.setAttribute("aria-label", `${labels[facet][box.value]} (${count})`);
    }
  }
  for (const option of form.querySelectorAll("#tip-from option, #tip-to option")) {
    const count = counts.year[option.value] || 0;
    option.textContent = `${option.value} (${count.toLocaleString("en")})`;
  }
}

async function showMore(ticket, state) {
  const next = shown.slice(shownCount, shownCount + PAGE_SIZE);
  const data = await Promise.all(next.map((result) => result.data()));
  if (ticket !== latest) return;
  const terms = queryTerms(state.q);
  for (const item of data) list.append(resultElement(item, terms));
  shownCount += next.length;
  more.hidden = shownCount >= shown.length;
  if (!more.hidden) more.textContent = `Show ${Math.min(PAGE_SIZE, shown.length - shownCount)} more`;
}

async function showPages(found, ticket) {
  pages.replaceChildren();
  if (!found || !found.results.length) return;
  const data = await Promise.all(found.results.slice(0, 6).map((result) => result.data()));
  if (ticket !== latest) return;
  const heading = document.createElement("p");
  heading.textContent = "Pages: ";
  data.forEach((page, index) => {
    const link = document.createElement("a");
    link.href = page.url;
    link.textContent = page.meta.title;
    const what = document.createElement("span");
    what.className = "tip-muted";
    what.textContent = ` (${page.meta.what})`;
    heading.append(...(index ? [" · "] : []), link, what);
  });
  pages.append(heading);
}

// -- showing one result ---------------------------------------------------------------------------

function queryTerms(query) {
  return fold(query).replace(/["“”]/g, " ").split(/\s+/).filter((word) => word.length > 1);
}

function marked(excerpt) {
  // Pagefind's excerpt marks the forms it matched; read them from an inert document.
  const doc = new DOMParser().parseFromString(excerpt, "text/html");
  return new Set([...doc.querySelectorAll("mark")].map((mark) => bare(mark.textContent)));
}

function bare(word) {
  return fold(word).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
}

function highlighted(text, matched, terms) {
  const paragraph = document.createElement("p");
  paragraph.className = "tip-result__text";
  for (const part of text.split(/(\s+)/)) {
    const word = bare(part);
    if (word && (matched.has(word) || terms.some((term) => word.startsWith(term)))) {
      const mark = document.createElement("mark");
      mark.textContent = part;
      paragraph.append(mark);
    } else {
      paragraph.append(part);
    }
  }
  return paragraph;
}

function resultElement(item, terms) {
  const li = document.createElement("li");
  li.className = "tip-result";
  const heading = document.createElement("h2");
  heading.className = "tip-result__title";
  const link = document.createElement("a");
  link.href = item.url;
  link.textContent = `${item.meta.label} · ${item.meta.meeting}`;
  heading.append(link);
  const meta = document.createElement("p");
  meta.className = "tip-result__meta";
  meta.textContent = `${item.meta.date} · ${item.meta.place} · ${item.meta.themes}`;
  li.append(heading, meta, highlighted(item.meta.text, marked(item.excerpt), terms));
  return li;
}

// -- wiring ---------------------------------------------------------------------------------------

function update(push) {
  const state = stateFromForm();
  const target = address(state);
  if (target !== window.location.pathname + window.location.search) {
    window.history[push ? "pushState" : "replaceState"](null, "", target);
  }
  return run(state);
}

async function start() {
  try {
    pagefind = await import(new URL("pagefind/pagefind.js", root).href);
    await pagefind.options({ baseUrl: root.pathname, excerptLength: 30 });
    pagefindPages = await import(new URL("pagefind-pages/pagefind.js", root).href);
    await pagefindPages.options({ baseUrl: root.pathname, excerptLength: 10 });
  } catch (error) {
    status.textContent = "The search index could not be loaded. Opened from a downloaded copy? Serve the "
      + "folder first (python3 -m http.server), or use the theme, country and year pages below.";
    return;
  }
  document.getElementById("tip-search-fallback").hidden = true;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typingTimer);
    update(true);
  });
  form.elements.q.addEventListener("input", () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => update(false), TYPING_DELAY);
  });
  form.addEventListener("change", (event) => {
    if (event.target !== form.elements.q) update(true);
  });
  document.getElementById("tip-clear").addEventListener("click", (event) => {
    event.preventDefault();
    showState({ ...stateFromAddress(), q: "", sort: "", from: allYears[0], to: allYears[allYears.length - 1],
      ...Object.fromEntries(FACETS.map((f) => [f, []])) });
    update(true);
    form.elements.q.focus();
  });
  more.addEventListener("click", () => showMore(latest, stateFromForm()));
  window.addEventListener("popstate", () => {
    const state = stateFromAddress();
    showState(state);
    run(state);
  });
  const state = stateFromAddress();
  showState(state);
  await run(state);
  document.documentElement.dataset.searchReady = "true";
}

start();
