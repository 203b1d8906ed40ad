CREATE TABLE `regions` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`parent_code` text,
	`verified` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE `budget_profiles` ADD `region_code` text;--> statement-breakpoint
ALTER TABLE `units` ADD `region_code` text;