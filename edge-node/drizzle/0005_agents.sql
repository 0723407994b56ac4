CREATE TABLE `agent_audit` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`agent_id` text,
	`action` text NOT NULL,
	`conversation_id` text,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `agent_audit_agent_idx` ON `agent_audit` (`agent_id`,`at`);--> statement-breakpoint
CREATE TABLE `agent_sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`agent_id` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `agent_sessions_expiry_idx` ON `agent_sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `agents` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`password_hash` text NOT NULL,
	`languages` text NOT NULL,
	`skills` text NOT NULL,
	`max_concurrent` integer NOT NULL,
	`role` text NOT NULL,
	`disabled` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agents_username_unique` ON `agents` (`username`);--> statement-breakpoint
CREATE TABLE `handoffs` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`reason` text NOT NULL,
	`severity` text NOT NULL,
	`value_tier` text NOT NULL,
	`language` text NOT NULL,
	`skills` text NOT NULL,
	`status` text NOT NULL,
	`agent_id` text,
	`enqueued_at` integer NOT NULL,
	`assigned_at` integer,
	`wrapped_at` integer,
	`disposition` text,
	`corrected_intent` text,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `handoffs_open_idx` ON `handoffs` (`status`);--> statement-breakpoint
CREATE INDEX `handoffs_conversation_idx` ON `handoffs` (`conversation_id`);