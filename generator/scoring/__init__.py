"""Scoring: what a filled card scores, defined once.

- :mod:`.plan` — a card's rules as plain data (the *plan*, :func:`.plan.plan_of`), emitted as JSON for
  the HTML form and the PDF's calculation scripts, with its calculation graph;
- :mod:`.graph` — the calculation graph's types: named quantities per score column (inputs with their
  validity rule, and about fifteen operations);
- :mod:`.build` (+ :mod:`.inputs`) — the graph builder, the only code that knows the rule types
  (a new one is registered with :func:`.build.rule`);
- :mod:`.evaluate` — the Python evaluator of a graph; :mod:`.engine` — ``evaluate(plan, values)``,
  what ``pingan score``, ``collect`` and the XLSX's cached values use.
"""
