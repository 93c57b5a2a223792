// Reads [{plan, values}, …] as JSON on stdin; prints scoring.js's results (tests hold them to Python's).
const fs = require("fs");
const path = require("path");
const S = require(path.join(__dirname, "..", "..", "site_templates", "assets", "scoring.js"));
const jobs = JSON.parse(fs.readFileSync(0, "utf-8"));
const out = jobs.map(({plan, values}) => {
  const r = S.evaluate(plan, values);
  r.problems = r.problems.map((p) => ({field: p.field, code: p.code}));
  return r;
});
process.stdout.write(JSON.stringify(out));
