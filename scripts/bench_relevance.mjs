// Runs queries through the real search engine (scripts/tiparchive/search/search-index.js) over a
// written index, as the Recommendations page runs them: keyword, then the chosen filters, best
// first. Called by bench_relevance.py: node bench_relevance.mjs ENGINE INDEX QUERIES.json
// prints, for each query, the item addresses in the order the page would show them.

import fs from "node:fs";

import { browser } from "../tests/js/browser.mjs";

const [engineFile, folder, queriesFile] = process.argv.slice(2);

const context = browser(folder, fs.readFileSync(engineFile, "utf8"));
const engine = await context.TipSearch.Engine.open("file:///");
const facets = await engine.facets();
const answers = [];
for (const { q, filters } of JSON.parse(fs.readFileSync(queriesFile, "utf8"))) {
  const found = q ? await engine.items.search(q) : null;
  const chosen = filters || {};
  const ids = Object.keys(chosen).length || !found ? facets.evaluate(found ? found.ids : null, chosen).ids : found.ids;
  const score = new Map(found ? [...found.ids].map((id, i) => [id, found.scores[i]]) : []);
  const ranked = [...ids].sort((a, b) => ((score.get(b) || 0) - (score.get(a) || 0)) || (a - b));
  const shown = await engine.items.documents(ranked);
  answers.push(shown.map(({ row }) => row[0]));
}
process.stdout.write(JSON.stringify(answers));
