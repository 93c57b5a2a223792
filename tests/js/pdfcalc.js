// Runs a PDF's form scripts as a viewer does (Acrobat's calculate events in /CO order), with a minimal
// AcroForm shim: doc.getField(name) → {value, type}. Reads [{docjs, calcs: [[field, js]…],
// fills: [{field: {type, value}}…]}] as JSON on stdin; prints, per fill, every calculated field's value.
const fs = require("fs");
const vm = require("vm");
const jobs = JSON.parse(fs.readFileSync(0, "utf-8"));
const out = jobs.map(({docjs, calcs, fills}) => {
  const ctx = vm.createContext({});
  vm.runInContext(docjs, ctx);
  return fills.map((fields) => {
    const doc = {getField: (name) => fields[name] || null};
    const result = {};
    for (const [name, js] of calcs) {
      const event = {value: "", target: fields[name]};
      ctx.__doc = doc; ctx.event = event;
      vm.runInContext(`(function () { ${js} }).call(__doc);`, ctx);
      fields[name] = {type: "text", value: event.value};
      result[name] = event.value;
    }
    return result;
  });
});
process.stdout.write(JSON.stringify(out));
