CREATE TABLE `edge_config` (
	`key` text PRIMARY KEY NOT NULL,
	`version` text NOT NULL,
	`bundle` text NOT NULL,
	`applied_at` integer NOT NULL
);
