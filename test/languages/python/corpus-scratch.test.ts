import fs from "node:fs";
import { it } from "vitest";
import { python, file } from "./helpers.js";
it("corpus", () => {
  const corpus = (JSON.parse(fs.readFileSync("/tmp/corpus.json", "utf8")) as { path: string }[]).filter((entry) => entry.path.startsWith(process.env.CORPUS_PREFIX ?? "/usr/lib"));
  const counts = new Map<string, number>();
  const samples = new Map<string, string[]>();
  for (const variant of ["lf", "crlf"]) {
    for (const { path } of corpus) {
      let text = fs.readFileSync(path, "utf8").replace(/^\uFEFF/u, "");
      if (text.includes("\r")) continue;
      if (variant !== "lf") text = text.replace(/\n/gu, "\r\n");
      const r = python.parse(file(text));
      if (!r.ok) { const key = `${variant} ${r.errors[0]?.message.replace(/'.*'/u, "'…'")}`; counts.set(key, (counts.get(key) ?? 0) + 1); const l = samples.get(key) ?? []; if (l.length < 3) l.push(`${path}:${r.errors[0]?.line}:${r.errors[0]?.column}`); samples.set(key, l); }
    }
  }
  for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1])) console.log(v, k, samples.get(k));
}, 1_200_000);
