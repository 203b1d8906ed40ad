CREATE TABLE `assets` (
	`budget_id` integer NOT NULL,
	`item` text NOT NULL,
	`label` text NOT NULL,
	`amount` integer,
	`count` integer,
	PRIMARY KEY(`budget_id`, `item`),
	FOREIGN KEY (`budget_id`) REFERENCES `budgets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `basic_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`budget_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`type` text NOT NULL,
	`name` text NOT NULL,
	`fund` text NOT NULL,
	`amount` integer NOT NULL,
	FOREIGN KEY (`budget_id`) REFERENCES `budgets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `basic_items_budget` ON `basic_items` (`budget_id`,`seq`);--> statement-breakpoint
CREATE TABLE `budgets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_code` text NOT NULL,
	`year` integer NOT NULL,
	`stage` text NOT NULL,
	`revision` integer NOT NULL,
	`title` text NOT NULL,
	`published_on` text,
	`source` text NOT NULL,
	`content_hash` text NOT NULL,
	`imported_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')) NOT NULL,
	FOREIGN KEY (`unit_code`) REFERENCES `units`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `budgets_identity` ON `budgets` (`unit_code`,`year`,`stage`,`revision`);--> statement-breakpoint
CREATE INDEX `budgets_year` ON `budgets` (`year`);--> statement-breakpoint
CREATE TABLE `economic_expenditures` (
	`budget_id` integer NOT NULL,
	`department_code` text NOT NULL,
	`government_code` text NOT NULL,
	`category_group` text NOT NULL,
	`fund` text NOT NULL,
	`amount` integer NOT NULL,
	`seq` integer NOT NULL,
	PRIMARY KEY(`budget_id`, `department_code`, `government_code`, `category_group`, `fund`),
	FOREIGN KEY (`budget_id`) REFERENCES `budgets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `functional_expenditures` (
	`budget_id` integer NOT NULL,
	`subject_code` text NOT NULL,
	`category` text NOT NULL,
	`fund` text NOT NULL,
	`amount` integer NOT NULL,
	PRIMARY KEY(`budget_id`, `subject_code`, `category`, `fund`),
	FOREIGN KEY (`budget_id`) REFERENCES `budgets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `incomes` (
	`budget_id` integer NOT NULL,
	`source` text NOT NULL,
	`amount` integer NOT NULL,
	PRIMARY KEY(`budget_id`, `source`),
	FOREIGN KEY (`budget_id`) REFERENCES `budgets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `narrative_claims` (
	`budget_id` integer NOT NULL,
	`metric` text NOT NULL,
	`value` text NOT NULL,
	`quote` text NOT NULL,
	PRIMARY KEY(`budget_id`, `metric`),
	FOREIGN KEY (`budget_id`) REFERENCES `budgets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `operating_costs` (
	`budget_id` integer NOT NULL,
	`department_code` text NOT NULL,
	`amount` integer NOT NULL,
	PRIMARY KEY(`budget_id`, `department_code`),
	FOREIGN KEY (`budget_id`) REFERENCES `budgets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `performance_indicators` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`kind` text NOT NULL,
	`seq` integer NOT NULL,
	`name` text NOT NULL,
	`value` text NOT NULL,
	`comparator` text,
	`target` text,
	`measure_unit` text,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `indicators_project` ON `performance_indicators` (`project_id`,`kind`,`seq`);--> statement-breakpoint
CREATE TABLE `prior_year_figures` (
	`budget_id` integer NOT NULL,
	`metric` text NOT NULL,
	`entity` text NOT NULL,
	`basis` integer NOT NULL,
	`amount` integer NOT NULL,
	PRIMARY KEY(`budget_id`, `metric`, `entity`),
	FOREIGN KEY (`budget_id`) REFERENCES `budgets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `procurements` (
	`budget_id` integer NOT NULL,
	`kind` text NOT NULL,
	`amount` integer NOT NULL,
	PRIMARY KEY(`budget_id`, `kind`),
	FOREIGN KEY (`budget_id`) REFERENCES `budgets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `project_amounts` (
	`project_id` integer NOT NULL,
	`fund` text NOT NULL,
	`amount` integer NOT NULL,
	PRIMARY KEY(`project_id`, `fund`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `projects` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`budget_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`performance_name` text,
	`category` text NOT NULL,
	`functional_subject_code` text NOT NULL,
	FOREIGN KEY (`budget_id`) REFERENCES `budgets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `projects_budget` ON `projects` (`budget_id`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `projects_code` ON `projects` (`budget_id`,`code`);--> statement-breakpoint
CREATE TABLE `subject_labels` (
	`budget_id` integer NOT NULL,
	`scheme` text NOT NULL,
	`code` text NOT NULL,
	`label` text NOT NULL,
	PRIMARY KEY(`budget_id`, `scheme`, `code`),
	FOREIGN KEY (`budget_id`) REFERENCES `budgets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `subjects` (
	`scheme` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`level` integer NOT NULL,
	`parent_code` text,
	PRIMARY KEY(`scheme`, `code`)
);
--> statement-breakpoint
CREATE INDEX `subjects_parent` ON `subjects` (`scheme`,`parent_code`);--> statement-breakpoint
CREATE TABLE `three_public_costs` (
	`budget_id` integer NOT NULL,
	`item` text NOT NULL,
	`amount` integer NOT NULL,
	PRIMARY KEY(`budget_id`, `item`),
	FOREIGN KEY (`budget_id`) REFERENCES `budgets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `units` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`parent_code` text,
	`nature` text,
	`rank` text,
	`staffing_quota` integer,
	`staff_count` integer,
	`internal_divisions` text,
	`duties` text,
	`formation` text
);
--> statement-breakpoint
CREATE INDEX `units_parent` ON `units` (`parent_code`);