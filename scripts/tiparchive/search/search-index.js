// The search engine of the Recommendations page: reads the index written by index.py beside
// this file, a file at a time, and answers queries and facet counts.
//
// Folding, splitting and hashing must match terms.py beside this file; stemming is not
// repeated here, because the index maps each word it holds to its stem. Index files are scripts
// that call tipSearch.put(), so the search also works from a copy of the site opened from disk.

(function () {
  "use strict";

  // The index files' format this script reads: index.py's FORMAT. A site whose index was written
  // in another format (a script cached from an older build, say) fails loudly instead of wrongly.
  const FORMAT = 3;
  const ENDINGS = ["ations", "ation", "ments", "ment", "ings", "ing", "ed", "es", "s", "ly"];
  const waiting = new Map(); // file name -> the resolve of the promise waiting for it
  const files = new Map(); // file name -> promise of its data

  window.tipSearch = {
    put(name, data) {
      const resolve = waiting.get(name);
      waiting.delete(name);
      if (resolve) resolve(data);
    },
  };

  function load(base, name) {
    if (!files.has(name)) {
      files.set(name, new Promise((resolve, reject) => {
        waiting.set(name, resolve);
        const script = document.createElement("script");
        script.src = new URL(`${name}.js`, base).href;
        script.onload = () => {
          script.remove();
          if (waiting.delete(name)) reject(new Error(`${name}.js did not hold its part of the index`));
        };
        script.onerror = () => {
          script.remove();
          waiting.delete(name);
          files.delete(name); // a failed load may be retried by the next search
          reject(new Error(`${name}.js could not be loaded`));
        };
        document.head.append(script);
      }));
    }
    return files.get(name);
  }

  // -- the shared rules (terms.py) ---------------------------------------------------------------

  function fold(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "");
  }

  function words(text) {
    return fold(text).toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
  }

  const encoder = new TextEncoder();

  function bucket(term, buckets) {
    let value = 0x811c9dc5;
    for (const byte of encoder.encode(term)) value = Math.imul(value ^ byte, 0x01000193) >>> 0;
    return value % buckets;
  }

  // A query: phrases in quotes, and loose words outside them (less the stop words).
  function parse(query, stop) {
    const phrases = [];
    const rest = query.replace(/["“”„]([^"“”„]*)["“”„]?/g, (_, phrase) => {
      const found = words(phrase);
      if (found.length) phrases.push(found);
      return " ";
    });
    const loose = words(rest);
    const kept = loose.filter((word) => !stop.has(word));
    return { loose: kept.length ? kept : loose, phrases, written: loose };
  }

  // Edit distance with adjacent swaps counted as one edit (optimal string alignment), or max + 1
  // as soon as it must exceed max: most words of the vocabulary are given up after a letter or two.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    let before = null;
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const current = [i];
      let least = i;
      for (let j = 1; j <= b.length; j++) {
        let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
        current.push(d);
        least = Math.min(least, d);
      }
      if (least > max) return max + 1;
      before = previous;
      previous = current;
    }
    return previous[b.length];
  }

  // How far a word may be from a suggestion: one edit for a short word, two for a longer one.
  function reach(word) {
    return word.length < 5 ? 1 : 2;
  }

  // -- decoding ----------------------------------------------------------------------------------

  function bytes(base64) {
    const text = atob(base64);
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
    return out;
  }

  // Ascending ids as varint gaps, then one weight byte per id.
  function postings(base64, count) {
    const data = bytes(base64);
    const ids = new Uint32Array(count);
    let at = 0;
    let id = 0;
    for (let i = 0; i < count; i++) {
      let gap = 0;
      let shift = 0;
      let byte;
      do {
        byte = data[at++];
        gap += (byte & 0x7f) * 2 ** shift;
        shift += 7;
      } while (byte & 0x80);
      id += gap;
      ids[i] = id;
    }
    return { ids, weights: data.subarray(at, at + count) };
  }

  // Two results as one, ids ascending: an id in both keeps the higher score.
  function union(one, two) {
    const ids = [];
    const scores = [];
    let i = 0;
    let j = 0;
    while (i < one.ids.length || j < two.ids.length) {
      const a = i < one.ids.length ? one.ids[i] : Infinity;
      const b = j < two.ids.length ? two.ids[j] : Infinity;
      ids.push(Math.min(a, b));
      scores.push(Math.max(a <= b ? one.scores[i++] : 0, b <= a ? two.scores[j++] : 0));
    }
    return { ids: Uint32Array.from(ids), scores: Float64Array.from(scores) };
  }

  // -- one index (items, or pages) -----------------------------------------------------------------

  class Index {
    constructor(base, name, manifest) {
      this.base = base;
      this.name = name;
      this.manifest = manifest;
      this.size = manifest.documents;
      this.stop = new Set(manifest.stop);
      this.terms = new Map();
    }

    static async open(base, name) {
      const manifest = await load(base, `${name}/manifest`);
      if (manifest.format !== FORMAT) {
        throw new Error(`the ${name} index is in format ${manifest.format}; this script reads format ${FORMAT}`);
      }
      return new Index(base, name, manifest);
    }

    file(name) {
      return load(this.base, `${this.name}/${name}`);
    }

    async stem(word) {
      const shard = await this.file(`t/${bucket(word, this.manifest.buckets)}`);
      if (shard.w[word]) return shard.w[word];
      if (shard.t[word] || this.stop.has(word)) return word;
      // A form no document writes ("trafficked" where items say "trafficking"): the index only knows
      // the forms it was built from, so try the word without a common ending, as a word or a stem.
      for (const ending of ENDINGS) {
        if (!word.endsWith(ending) || word.length - ending.length < 3) continue;
        const base = word.slice(0, -ending.length);
        const other = await this.file(`t/${bucket(base, this.manifest.buckets)}`);
        if (other.w[base]) return other.w[base];
        if (other.t[base]) return base;
      }
      return word;
    }

    // A term's postings: {count, ids, weights} and, for a common term, {bits, floor} with its best
    // items only in ids. null when no document holds it.
    async term(term) {
      if (!this.terms.has(term)) {
        this.terms.set(term, (async () => {
          const shard = await this.file(`t/${bucket(term, this.manifest.buckets)}`);
          const entry = shard.t[term];
          if (!entry) return null;
          const [count, where, forms] = entry;
          if (typeof where === "string") return { count, forms: forms || [], ...postings(where, count) };
          const big = await this.file(`b/${where}`);
          if (big.list) return { count, forms: forms || [], ...postings(big.list, count) };
          return { count, forms: forms || [], bits: bytes(big.bits), floor: big.floor, ...postings(big.top, big.n) };
        })());
      }
      return this.terms.get(term);
    }

    // Whether any document holds the word, in any of its forms.
    async holds(word) {
      return (await this.term(await this.stem(word))) !== null;
    }

    // The written words the index holds and how many documents hold each: fetched only when a
    // search finds nothing.
    vocabulary() {
      if (!this.vocab) {
        this.vocab = this.file("words").then((data) => ({ words: data.words ? data.words.split(" ") : [], counts: data.counts }));
      }
      return this.vocab;
    }

    // The indexed words nearest to `word`: [{word, count, distance}], nearest first, then the
    // words more documents hold. A few thousand short comparisons: no task long enough to be felt.
    async nearest(word, limit = 5) {
      const { words: held, counts } = await this.vocabulary();
      const max = reach(word);
      const found = [];
      for (let i = 0; i < held.length; i++) {
        const d = distance(word, held[i], max);
        if (d <= max && held[i] !== word) found.push({ word: held[i], count: counts[i], distance: d });
      }
      found.sort((a, b) => (a.distance - b.distance) || (b.count - a.count) || (a.word < b.word ? -1 : 1));
      return found.slice(0, limit);
    }

    // For a query some of whose words no document holds: each such word with its nearest indexed
    // words, and the query with every such word corrected when each has exactly one nearest word
    // (null otherwise). {unknown: [{word, nearest}], correction}.
    async suggest(query) {
      const { loose, phrases } = parse(query, this.stop);
      const typed = [...new Set([...loose, ...phrases.flat()])].filter((word) => !this.stop.has(word));
      const held = await Promise.all(typed.map((word) => this.holds(word)));
      const unknown = await Promise.all(typed.filter((_, i) => !held[i])
        .map(async (word) => ({ word, nearest: await this.nearest(word) })));
      const fixes = new Map();
      for (const { word, nearest } of unknown) {
        const closest = nearest.filter((n) => n.distance === (nearest[0] || {}).distance);
        if (closest.length === 1) fixes.set(word, closest[0].word);
      }
      const correction = unknown.length && fixes.size === unknown.length
        ? query.replace(/[\p{L}\p{N}\p{M}]+/gu, (token) => fixes.get(words(token).join(" ")) || token)
        : null;
      return { unknown, correction };
    }

    // Documents holding every word and phrase of the query, best first by BM25:
    // {ids (ascending), scores, forms (the written words to highlight)}. null for an empty query.
    async search(query) {
      const { loose, phrases, written } = parse(query, this.stop);
      if (!loose.length && !phrases.length) return null;
      const stems = new Map();
      await Promise.all([...written, ...phrases.flat()].map(async (word) => stems.set(word, await this.stem(word))));
      const pairs = (phrase) => phrase.slice(1).map((word, i) => `${stems.get(phrase[i])} ${stems.get(word)}`);
      const wanted = new Set(loose.map((word) => stems.get(word)));
      const together = new Set(pairs(written)); // the loose words as one phrase too
      for (const phrase of phrases) {
        for (const term of phrase.length === 1 ? [stems.get(phrase[0])] : pairs(phrase)) {
          wanted.add(term);
          together.add(term);
        }
      }
      // Phrase words are fetched on their own too, only to learn which written forms to highlight.
      const highlight = new Set([...loose, ...phrases.flat()].map((word) => stems.get(word)));
      const found = await Promise.all([...wanted].map((term) => this.term(term)));
      const forms = new Set([...loose, ...phrases.flat()]);
      for (const term of await Promise.all([...highlight].map((stem) => this.term(stem)))) {
        for (const form of term ? term.forms : []) forms.add(form);
      }
      const none = { ids: new Uint32Array(0), scores: new Float64Array(0) };
      const apart = found.some((term) => term === null) ? none : this.match(found);
      // A name of several words ("Bali Process") is also found as a whole: an item whose meeting had
      // it holds the name's pairs, though not its common words ("process") one by one.
      if (written.length < 2) return { ...apart, forms };
      const whole = await Promise.all([...together].map((term) => this.term(term)));
      if (whole.some((term) => term === null)) return { ...apart, forms };
      return { ...union(apart, this.match(whole)), forms };
    }

    match(terms) {
      const n = this.size;
      const k1 = this.manifest.k1;
      const listed = terms.filter((t) => !t.bits).sort((a, b) => a.count - b.count);
      const mapped = terms.filter((t) => t.bits).sort((a, b) => a.count - b.count);
      let ids;
      if (listed.length) {
        ids = listed[0].ids;
      } else {
        const bits = mapped[0].bits;
        const all = [];
        for (let id = 0; id < n; id++) if (bits[id >> 3] & (1 << (id & 7))) all.push(id);
        ids = Uint32Array.from(all);
      }
      const scores = new Float64Array(ids.length);
      const keep = new Uint8Array(ids.length).fill(1);
      for (const term of terms) {
        const idf = Math.log(1 + (n - term.count + 0.5) / (term.count + 0.5));
        let j = 0; // both lists ascend: one walk along each
        for (let i = 0; i < ids.length; i++) {
          if (!keep[i]) continue;
          const id = ids[i];
          while (j < term.ids.length && term.ids[j] < id) j++;
          let w;
          if (j < term.ids.length && term.ids[j] === id) w = term.weights[j];
          else if (term.bits && term.bits[id >> 3] & (1 << (id & 7))) w = term.floor || 1;
          if (w === undefined) keep[i] = 0;
          else scores[i] += idf * (k1 + 1) * (w / 255);
        }
      }
      const kept = [];
      const keptScores = [];
      for (let i = 0; i < ids.length; i++) {
        if (keep[i]) {
          kept.push(ids[i]);
          keptScores.push(scores[i]);
        }
      }
      return { ids: Uint32Array.from(kept), scores: Float64Array.from(keptScores) };
    }

    // What each of `ids` shows, fetched a block of neighbouring documents at a time.
    async documents(ids) {
      const block = this.manifest.block;
      const blocks = await Promise.all([...new Set(ids.map((id) => Math.floor(id / block)))]
        .map(async (number) => [number, await this.file(`s/${number}`)]));
      const byNumber = new Map(blocks);
      return ids.map((id) => {
        const data = byNumber.get(Math.floor(id / block));
        return { id, row: data.i[id % block], meetings: data.m || {} };
      });
    }
  }

  // -- facets ------------------------------------------------------------------------------------

  // Entries of fixed-width codes joined by commas -> {start, codes}: entry i is codes[start[i]..start[i+1]).
  function column(text, width, count, alphabet) {
    const digit = new Int8Array(128).fill(-1);
    for (let i = 0; i < alphabet.length; i++) digit[alphabet.charCodeAt(i)] = i;
    const start = new Uint32Array(count + 1);
    const codes = [];
    let entry = 0;
    let value = 0;
    let digits = 0;
    for (let at = 0; at < text.length; at++) {
      const char = text.charCodeAt(at);
      if (char === 44) { // ","
        start[++entry] = codes.length;
        continue;
      }
      value = value * 64 + digit[char];
      if (++digits === width) {
        codes.push(value);
        value = 0;
        digits = 0;
      }
    }
    start[count] = codes.length;
    return { start, codes: Uint16Array.from(codes) };
  }

  // The facet manifest (each facet's values, the meetings' sizes), with each facet's columns added
  // as they are fetched: a facet is fetched when its counts are shown or it filters.
  class Facets {
    constructor(manifest, size) {
      this.manifest = manifest;
      this.size = size;
      this.meetingOf = new Uint32Array(size);
      this.meetings = manifest.meetings.length;
      let id = 0;
      manifest.meetings.forEach((count, meeting) => {
        for (let i = 0; i < count; i++) this.meetingOf[id++] = meeting;
      });
      this.facets = {};
    }

    add(name, data) {
      const { values, width } = this.manifest.facets[name];
      const alphabet = this.manifest.alphabet;
      this.facets[name] = {
        values,
        index: new Map(values.map((value, i) => [value, i])),
        meeting: column(data.meeting, width, this.meetings, alphabet),
        item: column(data.item, width, this.size, alphabet),
      };
    }

    // Items among `ids` (null: every item) that pass every chosen filter, and the counts of each
    // facet of `names` (default: every facet fetched) with every filter but its own, so that a
    // facet's other values stay countable and choosable. chosen: facet -> array of values; every
    // facet chosen from must have been fetched.
    evaluate(ids, chosen, names = Object.keys(this.facets)) {
      const active = Object.keys(chosen).filter((name) => chosen[name] && chosen[name].length);
      const missing = [...active, ...names].filter((name) => !this.facets[name]);
      if (missing.length) throw new Error(`facets not fetched: ${missing.join(", ")}`);
      const counted = new Set(names);
      const allowed = {};
      for (const name of active) {
        const facet = this.facets[name];
        allowed[name] = new Uint8Array(facet.values.length);
        for (const value of chosen[name]) if (facet.index.has(value)) allowed[name][facet.index.get(value)] = 1;
      }
      const perMeeting = Object.fromEntries(names.map((name) => [name, new Uint32Array(this.meetings)]));
      const counts = Object.fromEntries(names.map((name) => [name, new Uint32Array(this.facets[name].values.length)]));
      const passed = [];
      const total = ids ? ids.length : this.size;
      for (let i = 0; i < total; i++) {
        const id = ids ? ids[i] : i;
        const meeting = this.meetingOf[id];
        let fails = 0;
        let failed = null;
        for (const name of active) {
          if (!this.has(name, meeting, id, allowed[name])) {
            failed = name;
            if (++fails > 1) break;
          }
        }
        if (fails > 1) continue;
        if (fails === 0) passed.push(id);
        for (const name of fails ? [failed] : names) {
          if (!counted.has(name)) continue;
          perMeeting[name][meeting]++;
          const { start, codes } = this.facets[name].item;
          for (let c = start[id]; c < start[id + 1]; c++) counts[name][codes[c]]++;
        }
      }
      const result = {};
      for (const name of names) {
        const { start, codes } = this.facets[name].meeting;
        const hits = perMeeting[name];
        for (let m = 0; m < this.meetings; m++) {
          if (hits[m]) for (let c = start[m]; c < start[m + 1]; c++) counts[name][codes[c]] += hits[m];
        }
        result[name] = Object.fromEntries(this.facets[name].values.map((value, i) => [value, counts[name][i]]));
      }
      return { ids: Uint32Array.from(passed), counts: result };
    }

    has(name, meeting, id, allowed) {
      const { meeting: shared, item: own } = this.facets[name];
      for (let c = shared.start[meeting]; c < shared.start[meeting + 1]; c++) if (allowed[shared.codes[c]]) return true;
      for (let c = own.start[id]; c < own.start[id + 1]; c++) if (allowed[own.codes[c]]) return true;
      return false;
    }

    // Oldest meeting first, each meeting's items in report order (ids run newest meeting first).
    oldestFirst(ids) {
      return Uint32Array.from(ids).sort((a, b) => (this.meetingOf[b] - this.meetingOf[a]) || (a - b));
    }
  }

  // -- the engine the page uses ------------------------------------------------------------------

  class Engine {
    static async open(base) {
      const engine = new Engine();
      engine.base = base;
      [engine.items, engine.pages] = await Promise.all([Index.open(base, "items"), Index.open(base, "pages")]);
      return engine;
    }

    // The facets with the columns of `names` fetched (default: every facet).
    async facets(names = null) {
      if (!this.facetData) {
        this.facetData = load(this.base, "items/facets").then((manifest) => {
          if (manifest.format !== FORMAT) {
            throw new Error(`the facets are in format ${manifest.format}; this script reads format ${FORMAT}`);
          }
          return new Facets(manifest, this.items.size);
        });
      }
      const facets = await this.facetData;
      const wanted = names || Object.keys(facets.manifest.facets);
      await Promise.all(wanted.filter((name) => !facets.facets[name]).map(async (name) => {
        const data = await load(this.base, `items/facet/${name}`);
        if (!facets.facets[name]) facets.add(name, data);
      }));
      return facets;
    }
  }

  window.TipSearch = { Engine, FORMAT, fold, words, bucket, parse, distance };
})();
