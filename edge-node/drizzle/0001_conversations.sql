CREATE TABLE `conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`locale` text NOT NULL,
	`customer_ref` text,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`ended_at` integer
);
--> statement-breakpoint
CREATE INDEX `conversations_customer_idx` ON `conversations` (`customer_ref`);--> statement-breakpoint
CREATE TABLE `messages` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`conversation_id` text NOT NULL,
	`turn_id` text NOT NULL,
	`role` text NOT NULL,
	`text` text NOT NULL,
	`status` text NOT NULL,
	`handled_by` text,
	`meta` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `messages_conversation_idx` ON `messages` (`conversation_id`,`seq`);--> statement-breakpoint
CREATE INDEX `messages_status_idx` ON `messages` (`status`);--> statement-breakpoint
CREATE TABLE `vault` (
	`conversation_id` text NOT NULL,
	`token` text NOT NULL,
	`kind` text NOT NULL,
	`value_hash` text NOT NULL,
	`sealed` blob NOT NULL,
	`customer_ref` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`conversation_id`, `token`),
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `vault_value_idx` ON `vault` (`conversation_id`,`value_hash`);--> statement-breakpoint
CREATE INDEX `vault_expiry_idx` ON `vault` (`expires_at`);--> statement-breakpoint
CREATE INDEX `vault_customer_idx` ON `vault` (`customer_ref`);