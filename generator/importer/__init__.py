"""`pingan import`: a county's own standard (Word, WPS, Excel, a web page, text) read into a draft card.

``ruletext`` reads Chinese scoring-rule text into the typed rules; ``pieces`` cuts a cell into criteria;
``numbers`` reads the numbers those texts write; ``compare`` sets a criterion's rules side by side with
another's."""
