CREATE TABLE `offers_made` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rule_id` text NOT NULL,
	`subject` text NOT NULL,
	`conversation_id` text NOT NULL,
	`moment` text NOT NULL,
	`action` text NOT NULL,
	`article_id` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `offers_made_subject_idx` ON `offers_made` (`rule_id`,`subject`,`at`);