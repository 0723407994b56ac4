CREATE TABLE `kb_articles` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`title` text NOT NULL,
	`locale` text NOT NULL,
	`tags` text NOT NULL,
	`valid_from` integer,
	`valid_until` integer
);
--> statement-breakpoint
CREATE TABLE `kb_passages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`article_id` text NOT NULL,
	`ordinal` integer NOT NULL,
	`title` text NOT NULL,
	`heading` text NOT NULL,
	`text` text NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `kb_articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `kb_passages_article_idx` ON `kb_passages` (`article_id`,`ordinal`);--> statement-breakpoint
CREATE TABLE `kb_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
