// Unit tests of the downloads and the citation of a search (scripts/tiparchive/search/search-export.js)
// under Node's own test runner: each format parsed back, with hostile text in every field.
// Run by tests/unit/test_search_js.py, which names the script in TIP_EXPECTED.

import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import vm from "node:vm";

const EXPECTED = JSON.parse(fs.readFileSync(process.env.TIP_EXPECTED, "utf8"));

function load() {
  const context = {};
  context.window = context;
  vm.createContext(context);
  vm.runInContext(fs.readFileSync(EXPECTED.export_script, "utf8"), context);
  return context.TipExport;
}

const HOSTILE = "=HYPERLINK(\"http://x\") } { \\end{document} % # & $ _ ~ ^ @misc{x,\r\nER  - \nTY  - JOUR, \"quoted\"";
const SEARCH = {
  site: "Archive @ test", query: `victims ${HOSTILE}`, date: "2026-12-05", count: 2,
  filters: [{ title: "Theme", values: ["Legislation", "A, B"] }, { title: "Years", values: ["2004–2010"] }],
  address: "https://example.org/archive/search/?q=victims&theme=legislation",
};
const ITEMS = [
  { kind: "Recommendation", text: HOSTILE, meeting: "Meeting {one}", date: "17–18 October 2005", place: "Vienna, Austria",
    themes: "Legislation; Prevention", url: "https://example.org/archive/meetings/a/#r-1", meeting_url: "https://example.org/archive/meetings/a/" },
  { kind: "-Finding", text: "+plain\ttext", meeting: "Meeting two", date: "2015", place: "@Belgrade",
    themes: "", url: "https://example.org/archive/meetings/b/#f-2", meeting_url: "https://example.org/archive/meetings/b/" },
];

// RFC 4180 fields, read back.
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (char === '"') quoted = false; else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") { row.push(field); field = ""; } else if (char === "\r" && text[i + 1] === "\n") {
      row.push(field); rows.push(row); row = []; field = ""; i++;
    } else field += char;
  }
  return rows;
}

test("CSV: a header line with the search, then one row per item, every field read back, no formula", () => {
  const { csv, COLUMNS } = load();
  const rows = parseCsv(csv(SEARCH, ITEMS));
  assert.equal(rows.length, 2 + ITEMS.length);
  assert.equal(rows[0].length, 1);
  for (const part of ["victims", "Theme: Legislation, A, B", "Years: 2004–2010", "2 items", "exported 2026-12-05", SEARCH.address]) {
    assert.ok(rows[0][0].includes(part), part);
  }
  assert.deepEqual(rows[1], [...COLUMNS]);
  assert.equal(rows[2][COLUMNS.indexOf("text")], `'${HOSTILE}`, "a formula is written as text");
  assert.equal(rows[3][COLUMNS.indexOf("kind")], "'-Finding");
  assert.equal(rows[3][COLUMNS.indexOf("text")], "'+plain\ttext");
  assert.equal(rows[3][COLUMNS.indexOf("place")], "'@Belgrade");
  assert.equal(rows[2][COLUMNS.indexOf("url")], ITEMS[0].url);
  for (const row of rows.slice(1)) for (const field of row) assert.ok(!/^[=+\-@\t\r]/.test(field), field);
});

test("JSON: the search and every item, parsed back unchanged", () => {
  const { json } = load();
  const data = JSON.parse(json(SEARCH, ITEMS));
  assert.deepEqual(data.items, ITEMS);
  assert.equal(data.search.count, 2);
  assert.equal(data.search.query, SEARCH.query);
  assert.deepEqual(data.search.filters, SEARCH.filters);
  assert.ok(data.search.description.includes("exported 2026-12-05"));
});

// BibTeX: every brace balanced inside each entry, no "@" outside entries but the entries' own.
test("BibTeX: a comment header, one entry per item, braces balanced and specials escaped", () => {
  const { bibtex } = load();
  const text = bibtex(SEARCH, ITEMS);
  const lines = text.split("\n");
  const header = lines.slice(0, lines.indexOf(""));
  assert.ok(header.length >= 4 && header.every((line) => line.startsWith("% ") && !line.includes("@")), header.join("\n"));
  assert.ok(header.join(" ").includes("2 items"));
  const entries = text.split("\n@").slice(1);
  assert.equal(entries.length, ITEMS.length);
  for (const entry of entries) {
    assert.match(entry, /^misc\{tip-[A-Za-z0-9-]+,\n/);
    let depth = 0;
    for (const char of entry.replace(/\\[{}]/g, "")) {
      if (char === "{") depth++;
      if (char === "}") depth--;
      assert.ok(depth >= 0, entry);
    }
    assert.equal(depth, 0, entry);
    assert.ok(!entry.includes("\r") && !/\n(?!( {2}[a-z]+ = |\}))/.test(entry.trimEnd()), entry);
  }
  assert.ok(entries[0].includes("\\textbraceright{} \\textbraceleft{} \\textbackslash{}end\\textbraceleft{}document\\textbraceright{} \\% \\# \\& \\$ \\_"));
  assert.ok(entries[0].includes("year = {2005}"));
});

test("RIS: a header before the first record, every value on its one tagged line", () => {
  const { ris } = load();
  const text = ris(SEARCH, ITEMS);
  assert.ok(text.endsWith("\r\n") && !/[^\r]\n/.test(text), "lines end in CRLF");
  const lines = text.split("\r\n").slice(0, -1);
  const first = lines.indexOf("TY  - GEN");
  assert.ok(first > 0 && lines.slice(0, first).join(" ").includes("2 items"));
  assert.ok(lines.slice(0, first).every((line) => !/^[A-Z][A-Z0-9] {2}- /.test(line)), "a header line reads as a tag");
  const records = lines.slice(first).join("\n").split("ER  - ").slice(0, -1);
  assert.equal(records.length, ITEMS.length);
  for (const line of lines.slice(first)) assert.match(line, /^([A-Z][A-Z0-9] {2}- .*|)$/, line);
  assert.equal(lines.filter((line) => line.startsWith("TY  - ")).length, ITEMS.length, "a line break in a value started a record");
  assert.ok(lines.includes(`AB  - ${HOSTILE.replace(/\s+/g, " ")}`));
  assert.ok(lines.includes("KW  - Prevention") && lines.includes(`UR  - ${ITEMS[1].url}`));
});

test("the citation of a search gives its words, filters, count, address and date", () => {
  const { citation } = load();
  const text = citation(SEARCH);
  for (const part of ["Archive @ test.", "“victims", "Theme: Legislation, A, B", "(2 items)", SEARCH.address, "accessed 2026-12-05"]) {
    assert.ok(text.includes(part), `${part}: ${text}`);
  }
  assert.equal(citation({ ...SEARCH, query: "", filters: [], count: 1 }).includes("all items (1 item)"), true);
});
