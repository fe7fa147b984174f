"""Pure render helpers: text in, Rich or Textual renderables out, no widgets and no app.

``glyphs`` (the drawing characters, and ASCII ones for ``--ascii``), ``labels`` (fitting
text to terminal cells), ``wrap`` (line breaking for mixed Chinese and Latin text),
``bars`` (value bars), ``highlight`` (matched characters emphasised), and the town and
entity profiles and timeline rows that the screens show. Each takes what it draws as
arguments (the dataset, a record, the language, the glyphs) and can be tested alone.
"""
