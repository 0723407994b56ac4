-- Knowledge search runs on FTS5 with BM25 over terms the edge's analyzer writes: Chinese
-- two-character pieces (most Chinese words are two characters, which the trigram tokenizer of
-- 0003 cannot match), English word stems, synonym groups as `~n`, and single Chinese characters
-- in `chars` so one-character questions ("卡") still find something, and the article's
-- locale as one token (`~zhcn`, `~en`) so the locale filter runs inside the index. Contentless: the text
-- lives once, in kb_passages; installing a snapshot rewrites the index in the same transaction.
DROP TABLE IF EXISTS `kb_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `kb_terms` USING fts5(`title`, `heading`, `text`, `chars`, `locale`, content='', tokenize="unicode61 remove_diacritics 0 tokenchars '~'");
--> statement-breakpoint
-- Document counts per term: which English terms exist (typo correction) and how common a term is.
CREATE VIRTUAL TABLE `kb_terms_vocab` USING fts5vocab(`kb_terms`, 'row');
