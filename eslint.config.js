// ESLint for the archive's JavaScript: the browser scripts the site ships and their Node tests.
// `python3 scripts/dev.py test` runs it after ruff; every rule is ESLint's recommended set.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    // Classic scripts, not modules: a browser refuses modules in a copy of the site opened from disk.
    files: ["scripts/tiparchive/search/*.js", "docs/assets/*.js"],
    languageOptions: { sourceType: "script", globals: { ...globals.browser } },
  },
  {
    files: ["tests/js/*.mjs", "scripts/*.mjs"],
    languageOptions: { sourceType: "module", globals: { ...globals.node } },
  },
];
