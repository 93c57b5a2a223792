// Runs a PDF's form scripts as a viewer does (Acrobat's calculate events in /CO order), with a minimal
// AcroForm shim: doc.getField(name) → {value, type}. Reads [{docjs, calcs: [[field, js]…],
// fills: [{field: {type, value}}…]}] as JSON on stdin; prints, per job, every calculated field's value
// per fill ("results") and how many times the engine scored the card for that fill ("evaluations").
const fs = require("fs");
const vm = require("vm");
const jobs = JSON.parse(fs.readFileSync(0, "utf-8"));
const out = jobs.map(({docjs, calcs, fills}) => {
  const ctx = vm.createContext({});
  vm.runInContext(docjs, ctx);
  const engine = ctx.PinganScoring.evaluate;
  let count = 0;
  ctx.PinganScoring.evaluate = function () { count++; return engine.apply(this, arguments); };
  const evaluations = [];
  const results = fills.map((fields) => {
    const doc = {getField: (name) => fields[name] || null};
    const result = {};
    count = 0;
    for (const [name, js] of calcs) {
      const event = {value: "", target: fields[name]};
      ctx.__doc = doc; ctx.event = event;
      vm.runInContext(`(function () { ${js} }).call(__doc);`, ctx);
      fields[name] = {type: "text", value: event.value};
      result[name] = event.value;
    }
    evaluations.push(count);
    return result;
  });
  return {results, evaluations};
});
process.stdout.write(JSON.stringify(out));
