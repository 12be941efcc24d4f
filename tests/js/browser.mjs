// A browser as far as search-index.js needs one, for Node: index files are scripts added to
// <head> that call tipSearch.put(); here each is read from `folder` and run in the same context,
// then `onload` fires. Used by the Node tests beside this file and by scripts/bench_relevance.mjs.

import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";

export function browser(folder, script) {
  const context = { URL, TextEncoder, Uint8Array, Uint32Array, Uint16Array, Int8Array, Float64Array, Promise, atob };
  context.window = context;
  context.document = {
    createElement: () => ({ remove() {} }),
    head: {
      append(element) {
        const file = path.join(folder, decodeURIComponent(new URL(element.src).pathname));
        setImmediate(() => {
          if (!fs.existsSync(file)) return element.onerror();
          vm.runInContext(fs.readFileSync(file, "utf8"), context);
          return element.onload();
        });
      },
    },
  };
  vm.createContext(context);
  vm.runInContext(script, context);
  return context;
}
