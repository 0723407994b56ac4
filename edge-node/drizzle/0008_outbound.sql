CREATE TABLE `do_not_contact` (
	`customer_ref` text PRIMARY KEY NOT NULL,
	`reason` text NOT NULL,
	`added_by` text NOT NULL,
	`added_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbound_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contact_id` integer NOT NULL,
	`attempt` integer NOT NULL,
	`at` integer NOT NULL,
	`result` text NOT NULL,
	`detail` text,
	FOREIGN KEY (`contact_id`) REFERENCES `outbound_contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `outbound_attempts_contact_idx` ON `outbound_attempts` (`contact_id`);--> statement-breakpoint
CREATE TABLE `outbound_contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` text NOT NULL,
	`customer_ref` text NOT NULL,
	`due_key` text NOT NULL,
	`due_date` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_result` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbound_contacts_due_idx` ON `outbound_contacts` (`campaign_id`,`customer_ref`,`due_key`);--> statement-breakpoint
CREATE INDEX `outbound_contacts_next_idx` ON `outbound_contacts` (`status`,`next_attempt_at`);