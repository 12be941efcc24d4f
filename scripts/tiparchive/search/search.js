// The Recommendations page: keyword search and facets, over the engine in search-index.js.
//
// Everything a search depends on lives in the page address (?q=…&theme=…&from=…), so a search
// can be shared, bookmarked and cited, and back/forward work. Record text is only ever put into
// the page with textContent: nothing from the index is parsed as HTML into the live document.

(() => {
  "use strict";

  const FACETS = ["theme", "kind", "organiser", "country", "instrument"];
  const PAGE_SIZE = 20;
  const PAGE_LINKS = 6; // pages (meetings, countries, themes ...) whose names match, listed above the results
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
  const help = document.getElementById("tip-help");
  const about = facetData.about || {};
  const exportBox = document.getElementById("tip-export");
  const citeText = document.getElementById("tip-cite-search");
  const EXPORT_BATCH = 400; // results fetched at a time for a download, so the status can count them

  let engine = null; // docs/assets/search-index.js, over the index the build writes to search-index/
  let latest = 0; // only the newest search may write to the page
  let results = new Uint32Array(0); // item ids in the order shown
  let forms = new Set(); // written words to highlight: every form of each searched word
  let shownCount = 0;
  let typingTimer = null;
  let shownState = null; // the search whose results are on the page: what a download or citation takes
  let counting = null; // {state, keyword} of the search whose counts are shown; null: the build's own counts
  const filters = document.getElementById("tip-filters");
  const filtersToggle = document.getElementById("tip-filters-toggle");

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
      if (state[facet].length) facetBox(facet).open = true;
    }
    showChosen(state);
  }

  function facetBox(facet) {
    return form.querySelector(`details[data-facet="${facet}"]`);
  }

  // How many filters are chosen, on the phone's Filters button and beside each facet's name.
  function showChosen(state) {
    let total = state.from !== allYears[0] || state.to !== allYears[allYears.length - 1] ? 1 : 0;
    for (const facet of FACETS) {
      total += state[facet].length;
      facetBox(facet).querySelector(".tip-facet__chosen").textContent = state[facet].length ? `(${state[facet].length})` : "";
    }
    filtersToggle.textContent = `Filters (${total})`;
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

  function narrowed(state) {
    return FACETS.some((f) => state[f].length) || state.from !== allYears[0] || state.to !== allYears[allYears.length - 1];
  }

  // Facet -> chosen values, the year range spelled out as its years.
  function chosenFor(state) {
    const chosen = Object.fromEntries(FACETS.map((facet) => [facet, state[facet]]));
    if (state.from !== allYears[0] || state.to !== allYears[allYears.length - 1]) {
      chosen.year = allYears.filter((y) => y >= state.from && y <= state.to);
    }
    return chosen;
  }

  // The facets whose counts are shown: those opened, and the year, whose range is always in view.
  function countedFacets() {
    return [...FACETS.filter((facet) => facetBox(facet).open), "year"];
  }

  // Columns to fetch: the counted facets' and the chosen filters'. The facets counted are fixed
  // before the fetch: a box opened meanwhile is counted by its own toggle.
  function wantedFacets(state, counted) {
    const chosen = chosenFor(state);
    return [...new Set([...counted, ...Object.keys(chosen).filter((facet) => chosen[facet].length)])];
  }

  function ordered(ids, found, state, facets) {
    if (state.sort === "old") return facets.oldestFirst(ids);
    if (state.sort === "new" || !found) return ids; // the index numbers items newest meeting first
    const score = new Float64Array(engine.items.size); // by id: a typed array sorts 100,000 results quickly
    found.ids.forEach((id, i) => { score[id] = found.scores[i]; });
    return Uint32Array.from(ids).sort((a, b) => (score[b] - score[a]) || (a - b));
  }

  async function run(state) {
    const ticket = ++latest;
    if (!state.q && !narrowed(state)) return showEverything(ticket, state);
    status.textContent = "Searching…";
    const found = state.q ? await engine.items.search(state.q) : null;
    if (ticket !== latest) return;
    const keyword = state.q ? (found || { ids: new Uint32Array(0), scores: [], forms: new Set() }) : null;
    // The facet columns are fetched only when filters or the date order need them before the
    // results; otherwise the results come first and the counts beside the filters follow.
    const needFacets = narrowed(state) || state.sort === "old";
    let counted = countedFacets();
    let facets = needFacets ? await engine.facets(wantedFacets(state, counted)) : null;
    let evaluated = facets ? facets.evaluate(keyword ? keyword.ids : null, chosenFor(state), counted) : null;
    if (ticket !== latest) return;
    results = ordered(evaluated ? evaluated.ids : keyword.ids, keyword, state, facets);
    forms = keyword ? keyword.forms : new Set();
    shownCount = 0;
    list.replaceChildren();
    status.textContent = describe(results.length, state);
    showExport(results.length ? state : null);
    await showHelp(results.length ? null : state, keyword, ticket);
    if (ticket !== latest) return;
    await showMore(ticket);
    await showPages(state.q ? await engine.pages.search(state.q) : null, ticket);
    if (ticket !== latest) return;
    document.dispatchEvent(new CustomEvent("tip:shown", { detail: { count: results.length } }));
    if (!evaluated) {
      counted = countedFacets();
      facets = await engine.facets(wantedFacets(state, counted));
      if (ticket !== latest) return;
      evaluated = facets.evaluate(keyword.ids, chosenFor(state), counted);
    }
    if (ticket !== latest) return;
    counting = { state, keyword };
    showCounts(evaluated.counts, state);
    // A box opened while this search ran is counted now, for this search.
    if (countedFacets().some((facet) => facet !== "year" && facetBox(facet).dataset.counted !== "true")) countOpened();
    // For the benchmark and the browser tests: results and counts of this search are on the page.
    document.dispatchEvent(new CustomEvent("tip:results", { detail: { count: results.length } }));
  }

  function showEverything(ticket, state) {
    // No keyword and no filter: the counts written into the page at build time say it all.
    results = new Uint32Array(0);
    shownCount = 0;
    list.replaceChildren();
    pages.replaceChildren();
    help.replaceChildren();
    help.hidden = true;
    showExport(null);
    more.hidden = true;
    // Each item has one year, but may have two kinds (a conclusion that also agrees a next step).
    const total = Object.values(facetData.counts.year).reduce((a, b) => a + b, 0);
    status.textContent = `${total.toLocaleString("en")} items in the archive. Type a keyword or choose a filter.`;
    counting = null;
    showCounts(facetData.counts, state);
    if (ticket !== latest) return;
    document.dispatchEvent(new CustomEvent("tip:shown", { detail: { count: total } }));
    document.dispatchEvent(new CustomEvent("tip:results", { detail: { count: total } }));
  }

  function describe(count, state) {
    const noun = count === 1 ? "item" : "items";
    const what = state.q ? ` ${count === 1 ? "matches" : "match"} “${state.q}”` : "";
    return `${count.toLocaleString("en")} ${noun}${what}${narrowed(state) ? " with the chosen filters" : ""}.`;
  }

  // Items in the years from `first` to `last` (either order), by the year counts of the other filters.
  function between(years, first, last) {
    const [low, high] = first <= last ? [first, last] : [last, first];
    return allYears.filter((y) => y >= low && y <= high).reduce((sum, y) => sum + (years[y] || 0), 0);
  }

  // Each counted facet's counts; a facet not counted (its box is closed) shows none until opened.
  function showCounts(counts, state) {
    for (const facet of FACETS) {
      facetBox(facet).dataset.counted = String(Boolean(counts[facet]));
      if (!counts[facet]) {
        for (const label of facetBox(facet).querySelectorAll("label")) {
          label.querySelector(".tip-facet__count").textContent = "";
          label.hidden = false;
        }
        continue;
      }
      for (const box of form.querySelectorAll(`input[name="${facet}"]`)) {
        const count = counts[facet][box.value] || 0;
        const label = box.closest("label");
        label.querySelector(".tip-facet__count").textContent = count.toLocaleString("en");
        label.hidden = count === 0 && !box.checked;
        box.setAttribute("aria-label", `${labels[facet][box.value]} (${count})`);
      }
    }
    // A year in the range selectors counts what choosing it would give, as every other count does:
    // "From 2004" the items from 2004 to the chosen end, "To 2015" those from the chosen start to 2015.
    for (const option of form.querySelectorAll("#tip-from option")) {
      option.textContent = `${option.value} (${between(counts.year, option.value, state.to).toLocaleString("en")})`;
    }
    for (const option of form.querySelectorAll("#tip-to option")) {
      option.textContent = `${option.value} (${between(counts.year, state.from, option.value).toLocaleString("en")})`;
    }
  }

  // -- taking the results away: downloads and the citation of the search -----------------------------

  // A site-relative address ("meetings/x/#item") as the one to cite: under the configured site
  // address when there is one, else as this copy of the site serves it.
  function absolute(relative) {
    if (about.root) return about.root + relative;
    return window.location.protocol.startsWith("http") ? new URL(relative, root).href : relative;
  }

  function searchInfo(state) {
    const filters = FACETS.filter((facet) => state[facet].length)
      .map((facet) => ({ title: about.titles[facet], values: state[facet].map((value) => labels[facet][value] || value) }));
    if (state.from !== allYears[0] || state.to !== allYears[allYears.length - 1]) {
      filters.push({ title: "Years", values: [state.from === state.to ? state.from : `${state.from}–${state.to}`] });
    }
    return { site: about.site, query: state.q, filters, date: new Date().toISOString().slice(0, 10),
      count: results.length, address: absolute(address(state).slice(root.pathname.length)) };
  }

  function showExport(state) {
    shownState = state;
    exportBox.hidden = !state;
    if (!state) return;
    citeText.textContent = window.TipExport.citation(searchInfo(state));
    document.getElementById("tip-cite-copy").textContent = "Copy";
  }

  // Every result of the search, not only those shown, as plain objects with absolute addresses.
  async function gather(ids, ticket) {
    const items = [];
    for (let at = 0; at < ids.length; at += EXPORT_BATCH) {
      const documents = await engine.items.documents([...ids.subarray(at, at + EXPORT_BATCH)]);
      if (ticket !== latest) return null;
      for (const { row: [url, label, text, themes, meetingUrl], meetings } of documents) {
        const [meeting, date, place] = meetings[meetingUrl];
        items.push({ kind: label, text, meeting, date, place, themes, url: absolute(url), meeting_url: absolute(meetingUrl) });
      }
      if (ids.length > EXPORT_BATCH) status.textContent = `Preparing the download: ${items.length.toLocaleString("en")} of ${ids.length.toLocaleString("en")} items…`;
    }
    return items;
  }

  async function download(name) {
    const format = window.TipExport.FORMATS[name];
    const state = shownState;
    const ticket = latest;
    const ids = results;
    const info = searchInfo(state);
    const items = await gather(ids, ticket);
    if (!items) return; // another search started meanwhile
    status.textContent = describe(ids.length, state);
    const blob = new Blob([format.write(info, items)], { type: `${format.type};charset=utf-8` });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `search-${info.date}.${format.extension}`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  }

  // -- when nothing is found: ways on ---------------------------------------------------------------

  // A link to another search on this page; clicking it runs that search here (see start()).
  function searchLink(state, text) {
    const link = document.createElement("a");
    link.href = address(state);
    link.textContent = text;
    return link;
  }

  function counted(count) {
    return ` (${count.toLocaleString("en")} ${count === 1 ? "item" : "items"})`;
  }

  function line(...parts) {
    const paragraph = document.createElement("p");
    paragraph.append(...parts);
    return paragraph;
  }

  // Links joined by " · ", each followed by its count.
  function joined(entries) {
    return entries.flatMap(([link, count], index) => [...(index ? [" · "] : []), link, counted(count)]);
  }

  async function itemsFor(query) {
    const found = await engine.items.search(query);
    return found ? found.ids.length : 0;
  }

  // Themes whose names share a word (or its start) with the query: "online recruitment" offers
  // "Online and technology".
  function matchingThemes(query) {
    const typed = window.TipSearch.words(query).filter((word) => word.length >= 3);
    const alike = (a, b) => a === b || (Math.min(a.length, b.length) >= 5 && (a.startsWith(b.slice(0, 5)) && b.startsWith(a.slice(0, 5))));
    return Object.entries(labels.theme).filter(([, label]) => window.TipSearch.words(label)
      .some((word) => word.length >= 3 && typed.some((t) => alike(t, word))));
  }

  // Nothing found (state is null when something was): the nearest words the index holds, a
  // correction when a typo has one close word, the search without its filters, the themes whose
  // names match, and what the archive covers. Never a dead end.
  async function showHelp(state, keyword, ticket) {
    help.replaceChildren();
    help.hidden = true;
    if (!state) return;
    const parts = [];
    const all = { ...state, ...Object.fromEntries(FACETS.map((f) => [f, []])), from: allYears[0], to: allYears[allYears.length - 1] };
    if (state.q) {
      const { unknown, correction } = await engine.items.suggest(state.q);
      if (ticket !== latest) return;
      if (correction) {
        const count = await itemsFor(correction);
        parts.push(line("Search instead for ", searchLink({ ...state, q: correction }, correction), counted(count), "?"));
      }
      for (const { word, nearest } of unknown) {
        if (!nearest.length) {
          parts.push(line(`No item holds the word “${word}”, nor one close to it.`));
        } else if (!correction || nearest.length > 1) {
          parts.push(line(`No item holds the word “${word}”. Nearest words in the archive: `,
            ...joined(nearest.map((n) => [searchLink({ ...state, q: n.word }, n.word), n.count]))));
        }
      }
      const typed = window.TipSearch.parse(state.q, engine.items.stop);
      const pieces = [...typed.loose, ...typed.phrases.map((phrase) => `"${phrase.join(" ")}"`)];
      const missing = new Set(unknown.map((u) => u.word));
      const known = pieces.filter((piece) => !window.TipSearch.words(piece).some((word) => missing.has(word)));
      if (unknown.length && known.length && !correction) {
        const rest = known.join(" ");
        parts.push(line("Without the words no item holds: ", searchLink({ ...state, q: rest }, rest), counted(await itemsFor(rest))));
      }
      if (!unknown.length && pieces.length > 1) {
        const each = await Promise.all(pieces.map(async (piece) => [piece, await itemsFor(piece)]));
        parts.push(line("No item has all of these words together. Each on its own: ",
          ...joined(each.map(([piece, count]) => [searchLink({ ...state, q: piece }, piece), count]))));
      }
      if (narrowed(state) && keyword && keyword.ids.length) {
        parts.push(line(`${keyword.ids.length.toLocaleString("en")} ${keyword.ids.length === 1 ? "item matches" : "items match"} “${state.q}” without the filters: `,
          searchLink(all, "search all items")));
      }
      const themes = matchingThemes(state.q);
      if (themes.length) {
        parts.push(line("Themes with these words in their names: ",
          ...joined(themes.map(([id, label]) => [searchLink({ ...all, q: "", theme: [id] }, label), facetData.counts.theme[id] || 0]))));
      }
    } else {
      parts.push(line("No item has every chosen filter. ", searchLink(all, "Clear the filters")));
    }
    if (ticket !== latest) return;
    if (about.coverage) parts.push(line(about.coverage));
    help.append(...parts);
    help.hidden = false;
  }

  // A facet's box opened: fetch its column and count it for the search on the page.
  async function countOpened() {
    const ticket = latest;
    const shown = counting;
    if (!shown) return; // the build's counts of every facet are already on the page
    const counted = countedFacets();
    const facets = await engine.facets(wantedFacets(shown.state, counted));
    if (ticket !== latest || shown !== counting) return;
    showCounts(facets.evaluate(shown.keyword ? shown.keyword.ids : null, chosenFor(shown.state), counted).counts,
      shown.state);
  }

  async function showMore(ticket) {
    const next = [...results.subarray(shownCount, shownCount + PAGE_SIZE)];
    const documents = await engine.items.documents(next);
    if (ticket !== latest) return;
    for (const document_ of documents) list.append(resultElement(document_));
    shownCount += next.length;
    more.hidden = shownCount >= results.length;
    if (!more.hidden) more.textContent = `Show ${Math.min(PAGE_SIZE, results.length - shownCount)} more`;
  }

  async function showPages(found, ticket) {
    pages.replaceChildren();
    if (!found || !found.ids.length) return;
    const best = [...found.ids.keys()].sort((a, b) => (found.scores[b] - found.scores[a]) || (a - b))
      .slice(0, PAGE_LINKS).map((i) => found.ids[i]);
    const documents = await engine.pages.documents(best);
    if (ticket !== latest) return;
    const heading = document.createElement("p");
    heading.textContent = "Pages: ";
    documents.forEach(({ row: [url, title, what] }, index) => {
      const link = document.createElement("a");
      link.href = href(url);
      link.textContent = title;
      const kind = document.createElement("span");
      kind.className = "tip-muted";
      kind.textContent = ` (${what})`;
      heading.append(...(index ? [" · "] : []), link, kind);
    });
    pages.append(heading);
  }

  // A site-relative page address as a link. A copy opened from the disk has no server to turn
  // "meetings/x/" into "meetings/x/index.html", so the link names the file.
  function href(url) {
    const path = root.pathname + url;
    return window.location.protocol === "file:" ? path.replace(/\/(#|$)/, "/index.html$1") : path;
  }

  // -- showing one result ---------------------------------------------------------------------------

  // The item's text with every written form of a searched word marked; text nodes only.
  function highlighted(text) {
    const paragraph = document.createElement("p");
    paragraph.className = "tip-result__text";
    let at = 0;
    for (const match of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
      if (!forms.has(window.TipSearch.words(match[0]).join(" "))) continue;
      paragraph.append(text.slice(at, match.index));
      const mark = document.createElement("mark");
      mark.textContent = match[0];
      paragraph.append(mark);
      at = match.index + match[0].length;
    }
    paragraph.append(text.slice(at));
    return paragraph;
  }

  function resultElement({ row: [url, label, text, themes, meetingUrl], meetings }) {
    const [meeting, date, place] = meetings[meetingUrl];
    const li = document.createElement("li");
    li.className = "tip-result";
    const heading = document.createElement("h2");
    heading.className = "tip-result__title";
    const link = document.createElement("a");
    link.href = href(url);
    link.textContent = `${label} · ${meeting}`;
    heading.append(link);
    const meta = document.createElement("p");
    meta.className = "tip-result__meta";
    meta.textContent = `${date} · ${place} · ${themes}`;
    li.append(heading, meta, highlighted(text));
    return li;
  }

  // -- wiring ---------------------------------------------------------------------------------------

  function update(push) {
    const state = stateFromForm();
    showChosen(state);
    const target = address(state);
    if (target !== window.location.pathname + window.location.search) {
      window.history[push ? "pushState" : "replaceState"](null, "", target);
    }
    return run(state);
  }

  async function start() {
    try {
      engine = await window.TipSearch.Engine.open(new URL("search-index/", root));
    } catch (error) {
      console.error(error); // the reason (a missing file, an index in another format) for whoever debugs it
      status.textContent = "The search index could not be loaded. Use the theme, country and year pages "
        + "below, or reload the page.";
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
    for (const facet of FACETS) {
      facetBox(facet).addEventListener("toggle", () => {
        if (facetBox(facet).open && facetBox(facet).dataset.counted !== "true") countOpened();
      });
    }
    filtersToggle.hidden = false;
    form.classList.add("tip-search--filters-folded");
    filtersToggle.addEventListener("click", () => {
      const open = filters.classList.toggle("tip-search__facets--open");
      filtersToggle.setAttribute("aria-expanded", String(open));
    });
    document.getElementById("tip-clear").addEventListener("click", (event) => {
      event.preventDefault();
      showState({ ...stateFromAddress(), q: "", sort: "", from: allYears[0], to: allYears[allYears.length - 1],
        ...Object.fromEntries(FACETS.map((f) => [f, []])) });
      update(true);
      form.elements.q.focus();
    });
    more.addEventListener("click", () => showMore(latest));
    for (const button of exportBox.querySelectorAll("button[data-format]")) {
      button.addEventListener("click", () => download(button.dataset.format));
    }
    document.getElementById("tip-cite-copy").addEventListener("click", async (event) => {
      try {
        await navigator.clipboard.writeText(citeText.textContent);
        event.target.textContent = "Copied";
      } catch {
        window.getSelection().selectAllChildren(citeText); // no clipboard (a file:// copy): selected to copy by hand
      }
    });
    help.addEventListener("click", (event) => {
      const link = event.target.closest("a");
      if (!link || link.pathname !== window.location.pathname || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      window.history.pushState(null, "", link.href);
      const state = stateFromAddress();
      showState(state);
      run(state);
    });
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
})();
