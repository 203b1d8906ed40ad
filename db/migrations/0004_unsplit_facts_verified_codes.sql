PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_economic_expenditures` (
	`budget_id` integer NOT NULL,
	`department_code` text NOT NULL,
	`government_code` text NOT NULL,
	`category_group` text,
	`fund` text NOT NULL,
	`amount` integer NOT NULL,
	`seq` integer NOT NULL,
	PRIMARY KEY(`budget_id`, `seq`),
	FOREIGN KEY (`budget_id`) REFERENCES `budgets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_economic_expenditures`("budget_id", "department_code", "government_code", "category_group", "fund", "amount", "seq") SELECT "budget_id", "department_code", "government_code", "category_group", "fund", "amount", "seq" FROM `economic_expenditures`;--> statement-breakpoint
DROP TABLE `economic_expenditures`;--> statement-breakpoint
ALTER TABLE `__new_economic_expenditures` RENAME TO `economic_expenditures`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE TABLE `__new_projects` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`budget_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`performance_name` text,
	`category` text NOT NULL,
	`functional_subject_code` text,
	FOREIGN KEY (`budget_id`) REFERENCES `budgets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_projects`("id", "budget_id", "seq", "code", "name", "performance_name", "category", "functional_subject_code") SELECT "id", "budget_id", "seq", "code", "name", "performance_name", "category", "functional_subject_code" FROM `projects`;--> statement-breakpoint
DROP TABLE `projects`;--> statement-breakpoint
ALTER TABLE `__new_projects` RENAME TO `projects`;--> statement-breakpoint
CREATE INDEX `projects_budget` ON `projects` (`budget_id`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `projects_code` ON `projects` (`budget_id`,`code`);--> statement-breakpoint
ALTER TABLE `subjects` ADD `verified` integer DEFAULT false NOT NULL;