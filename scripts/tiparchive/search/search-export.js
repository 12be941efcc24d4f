// Takes a search's results away: CSV, JSON, BibTeX and RIS, each opening with what was searched
// (query, filters, date, count, address), and the text that cites the search itself.
//
// Pure functions of plain data, so Node tests them as they are (tests/js/search-export.test.mjs);
// search.js gathers the data and offers the files. Every value is escaped for its format here:
// a record's text is data in every one of them, never a formula, a command or a new field.

(function () {
  "use strict";

  const COLUMNS = ["kind", "text", "meeting", "date", "place", "themes", "url", "meeting_url"];

  function flat(text) {
    return String(text).replace(/\s+/g, " ").trim();
  }

  // The search in words: "“victims”; Theme: Legislation, Prevention; Years: 2004–2010".
  function describe(search) {
    const parts = [search.query ? `“${search.query}”` : "all items"];
    for (const { title, values } of search.filters) parts.push(`${title}: ${values.join(", ")}`);
    return parts.join("; ");
  }

  // One line whatever the query holds (an address may carry a line break): every format's header
  // is line-based.
  function summary(search) {
    const noun = search.count === 1 ? "item" : "items";
    return flat(`${search.site}: search for ${describe(search)}; ${search.count.toLocaleString("en")} ${noun}; `
      + `exported ${search.date}; ${search.address}`);
  }

  // -- CSV (RFC 4180) ----------------------------------------------------------------------------

  // A spreadsheet runs a cell that starts like a formula: such a cell gets a leading apostrophe.
  function cell(value) {
    let text = String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }

  function csv(search, items) {
    const rows = [[`# ${summary(search)}`], COLUMNS, ...items.map((item) => COLUMNS.map((name) => item[name]))];
    return rows.map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
  }

  // -- JSON --------------------------------------------------------------------------------------

  function json(search, items) {
    return JSON.stringify({ search: { ...search, description: summary(search) }, items }, null, 2) + "\n";
  }

  // -- BibTeX ------------------------------------------------------------------------------------

  // As citation.py: braces and the backslash become brace-balanced commands, in one pass.
  const BIBTEX = {
    "\\": "\\textbackslash{}", "{": "\\textbraceleft{}", "}": "\\textbraceright{}", "%": "\\%", "&": "\\&",
    $: "\\$", "#": "\\#", _: "\\_", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}",
  };

  function bibEscape(text) {
    return flat(text).replace(/[\\{}%&$#_~^]/g, (char) => BIBTEX[char]);
  }

  // A URL field is read verbatim: only what could unbalance it or end the field is encoded.
  function bibUrl(url) {
    return flat(url).replace(/[{}\\%\s"]/g, (char) => encodeURIComponent(char));
  }

  function bibKey(item, index) {
    const key = `${item.meeting_url}-${item.url.split("#")[1] || index}`.replace(/[^A-Za-z0-9]+/g, "-");
    return `tip-${key.replace(/^-+|-+$/g, "")}-${index + 1}`;
  }

  function year(date) {
    const found = String(date).match(/\d{4}/g);
    return found ? found[found.length - 1] : "";
  }

  function bibtex(search, items) {
    // Outside an entry BibTeX reads everything as comment until an "@": the header has none.
    const header = summary(search).replace(/@/g, "(at)").split("; ").map((line) => `% ${line}`);
    const entries = items.map((item, index) => [
      `@misc{${bibKey(item, index)},`,
      `  author = {{${bibEscape(search.site)}}},`,
      `  title = {{${bibEscape(`${item.kind} · ${item.meeting}`)}}},`,
      `  howpublished = {${bibEscape(`${item.meeting}, ${item.place}, ${item.date}`)}},`,
      `  year = {${year(item.date)}},`,
      `  note = {${bibEscape(item.text)}},`,
      `  url = {${bibUrl(item.url)}},`,
      "}",
    ].join("\n"));
    return [...header, "", ...entries].join("\n") + "\n";
  }

  // -- RIS ---------------------------------------------------------------------------------------

  // One tag per line: a line break in a value would start a line the reader takes as a new tag.
  function tag(name, value) {
    return `${name}  - ${flat(value)}`;
  }

  function ris(search, items) {
    // Readers skip what comes before the first TY: the header sits there, in lines no reader
    // takes for a tag.
    const header = summary(search).split("; ").map((line) => `Search: ${flat(line)}`);
    const records = items.map((item) => [
      tag("TY", "GEN"), tag("TI", `${item.kind} · ${item.meeting}`), tag("AU", search.site),
      tag("PY", year(item.date)), tag("DA", item.date), tag("CY", item.place), tag("T2", item.meeting),
      tag("AB", item.text), ...item.themes.split("; ").filter(Boolean).map((theme) => tag("KW", theme)),
      tag("UR", item.url), tag("DB", search.site), "ER  - ",
    ].join("\r\n"));
    return [...header, "", ...records].join("\r\n") + "\r\n";
  }

  // -- citing the search itself --------------------------------------------------------------------

  function citation(search) {
    const noun = search.count === 1 ? "item" : "items";
    return flat(`${search.site}. Recommendations: search for ${describe(search)} `
      + `(${search.count.toLocaleString("en")} ${noun}). ${search.address} (accessed ${search.date}).`);
  }

  const FORMATS = {
    csv: { write: csv, type: "text/csv", extension: "csv" },
    json: { write: json, type: "application/json", extension: "json" },
    bibtex: { write: bibtex, type: "application/x-bibtex", extension: "bib" },
    ris: { write: ris, type: "application/x-research-info-systems", extension: "ris" },
  };

  window.TipExport = { FORMATS, COLUMNS, citation, summary, csv, json, bibtex, ris, bibEscape, cell };
})();
