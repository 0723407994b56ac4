-- Full-text index over knowledge passages. The trigram tokenizer matches any three characters,
-- which suits Chinese (no word boundaries) and English word parts alike. External content:
-- the text lives once, in kb_passages; installing a snapshot rebuilds the index.
CREATE VIRTUAL TABLE `kb_fts` USING fts5(`title`, `heading`, `text`, content='kb_passages', content_rowid='id', tokenize='trigram');
