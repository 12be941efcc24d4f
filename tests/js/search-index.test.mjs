// Unit tests of the browser's index reader (scripts/tiparchive/search/search-index.js) under
// Node's own test runner, against index files the Python side wrote. Run by
// tests/unit/test_search_js.py, which writes the index and what it must answer into
// TIP_INDEX and TIP_EXPECTED; `node --test tests/js/` alone runs them on those files.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { browser as fakeBrowser } from "./browser.mjs";

const INDEX = process.env.TIP_INDEX;
const EXPECTED = JSON.parse(fs.readFileSync(process.env.TIP_EXPECTED, "utf8"));
const SCRIPT = fs.readFileSync(EXPECTED.script, "utf8");

function browser(folder) {
  return fakeBrowser(folder, SCRIPT);
}

const BASE = "file:///";

test("folding, splitting and hashing agree with terms.py", () => {
  const { TipSearch } = browser(INDEX);
  for (const [text, words, buckets] of EXPECTED.words) {
    assert.deepEqual([...TipSearch.words(text)], words, text);
    assert.deepEqual(words.map((word) => TipSearch.bucket(word, 997)), buckets, text);
  }
});

test("the reader's format is the writer's", () => {
  const { TipSearch } = browser(INDEX);
  assert.equal(TipSearch.FORMAT, EXPECTED.format);
});

test("an index in another format is refused, not misread", async () => {
  const copy = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR || "/tmp"), "tip-format-"));
  fs.cpSync(INDEX, copy, { recursive: true });
  const manifest = path.join(copy, "items", "manifest.js");
  fs.writeFileSync(manifest, fs.readFileSync(manifest, "utf8").replace(/"format":\d+/, `"format":${EXPECTED.format + 1}`));
  const { TipSearch } = browser(copy);
  await assert.rejects(TipSearch.Engine.open(BASE), /format/);
  fs.rmSync(copy, { recursive: true });
});

test("every word finds exactly the items whose terms hold its stem", async () => {
  const { TipSearch } = browser(INDEX);
  const engine = await TipSearch.Engine.open(BASE);
  for (const [word, ids] of Object.entries(EXPECTED.queries)) {
    const found = await engine.items.search(word);
    assert.deepEqual([...found.ids], ids, word);
    assert.equal(found.scores.length, ids.length);
  }
});

test("a quoted phrase finds a subset of what its words find apart", async () => {
  const { TipSearch } = browser(INDEX);
  const engine = await TipSearch.Engine.open(BASE);
  for (const phrase of EXPECTED.phrases) {
    const quoted = await engine.items.search(`"${phrase}"`);
    const loose = new Set((await engine.items.search(phrase)).ids);
    assert.ok(quoted.ids.length > 0, phrase);
    for (const id of quoted.ids) assert.ok(loose.has(id), `${phrase}: ${id}`);
  }
});

test("a word no item holds finds nothing, and an empty query is no search", async () => {
  const { TipSearch } = browser(INDEX);
  const engine = await TipSearch.Engine.open(BASE);
  assert.equal((await engine.items.search("zzqxjv")).ids.length, 0);
  assert.equal(await engine.items.search("   "), null);
});

test("facet counts with nothing chosen are the items' own values, counted", async () => {
  const { TipSearch } = browser(INDEX);
  const engine = await TipSearch.Engine.open(BASE);
  const facets = await engine.facets();
  const { ids, counts } = facets.evaluate(null, {});
  assert.equal(ids.length, EXPECTED.documents);
  assert.deepEqual(JSON.parse(JSON.stringify(counts)), EXPECTED.counts);
});

test("a chosen value keeps exactly the items that have it", async () => {
  const { TipSearch } = browser(INDEX);
  const engine = await TipSearch.Engine.open(BASE);
  const facets = await engine.facets();
  for (const [facet, value, ids] of EXPECTED.filtered) {
    assert.deepEqual([...facets.evaluate(null, { [facet]: [value] }).ids], ids, `${facet}=${value}`);
  }
});

test("documents are read from their blocks in the order asked", async () => {
  const { TipSearch } = browser(INDEX);
  const engine = await TipSearch.Engine.open(BASE);
  const ids = [...EXPECTED.rows.keys()].reverse();
  const shown = await engine.items.documents(ids);
  assert.deepEqual(shown.map((document) => document.id), ids);
  assert.deepEqual(JSON.parse(JSON.stringify(shown.map((document) => document.row))), ids.map((id) => EXPECTED.rows[id]));
});

test("the edit distance counts a swap of neighbours as one edit and gives up past its limit", () => {
  const { TipSearch } = browser(INDEX);
  assert.equal(TipSearch.distance("traffiking", "trafficking", 2), 1);
  assert.equal(TipSearch.distance("reintegation", "reintegration", 2), 1);
  assert.equal(TipSearch.distance("victmis", "victims", 2), 1);
  assert.equal(TipSearch.distance("kitten", "sitting", 3), 3);
  assert.equal(TipSearch.distance("abc", "xyzabc", 2), 3);
  assert.equal(TipSearch.distance("", "", 1), 0);
});

test("a typo is offered the nearest words the index holds, and corrected when one is nearest", async () => {
  const { TipSearch } = browser(INDEX);
  const engine = await TipSearch.Engine.open(BASE);
  assert.ok(EXPECTED.typos.length > 0, "the fixture gives no typo to try");
  for (const [typo, near] of EXPECTED.typos) {
    const nearest = await engine.items.nearest(typo);
    assert.deepEqual(JSON.parse(JSON.stringify(nearest.map((n) => [n.word, n.count, n.distance]))), near, typo);
    const other = near[near.length - 1][0]; // a word the index holds: kept as typed
    const { unknown, correction } = await engine.items.suggest(`${typo.toUpperCase()} "${other}"`);
    const closest = near.filter((n) => n[2] === near[0][2]);
    assert.equal(correction, closest.length === 1 ? `${closest[0][0]} "${other}"` : null, typo);
    assert.deepEqual(unknown.map((u) => u.word), [typo], typo);
  }
  const known = (await engine.items.suggest(EXPECTED.typos[0][1][0][0]));
  assert.deepEqual([known.unknown.length, known.correction], [0, null]);
});

test("a facet's columns are fetched only when asked for, and count as they do with all fetched", async () => {
  const { TipSearch } = browser(INDEX);
  const engine = await TipSearch.Engine.open(BASE);
  const [name, other] = Object.keys(EXPECTED.counts);
  const facets = await engine.facets([name]);
  assert.deepEqual(Object.keys(facets.facets), [name]);
  const { ids, counts } = facets.evaluate(null, {}, [name]);
  assert.equal(ids.length, EXPECTED.documents);
  assert.deepEqual(JSON.parse(JSON.stringify(counts)), { [name]: EXPECTED.counts[name] });
  assert.throws(() => facets.evaluate(null, { [other]: ["x"] }, [name]), /not fetched/);
  await engine.facets([other]);
  assert.deepEqual(Object.keys(facets.facets).sort(), [name, other].sort());
});
