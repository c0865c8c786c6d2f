"""The quarterly review and the yearly report of a Contrat Local de Santé (DOCX, HTML,
Markdown, PDF), from its clskit record."""
