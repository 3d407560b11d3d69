// Loaded with `node --import` when GNU time is missing: writes this process's peak RSS (KiB) to
// $BENCH_RSS_FILE on exit, the only way to read a Node child's peak from outside without GNU time.

import fs from "node:fs";
import process from "node:process";

const file = process.env.BENCH_RSS_FILE;
if (file !== undefined) {
  process.on("exit", () => {
    fs.writeFileSync(file, `${process.resourceUsage().maxRSS}\n`);
  });
}
