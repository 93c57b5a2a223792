"""Renderers: standards model → Markdown pages, forms, PDF, XLSX. No mkdocs imports here."""
