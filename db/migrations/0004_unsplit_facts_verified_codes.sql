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
ALTER TABLE `subjects` ADD `verified` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- A database seeded before this migration marks the entries a published document prints as verified (seeds/reference/subject-codes.csv), so that an import before the next seed refuses a different name for them.
UPDATE `subjects` SET `verified` = 1 WHERE (`scheme`, `code`) IN (VALUES ('functional', '201'), ('functional', '2010301'), ('functional', '2010302'), ('functional', '205'), ('functional', '2050803'), ('functional', '208'), ('functional', '2080505'), ('functional', '2080599'), ('functional', '210'), ('functional', '2101101'), ('functional', '2101102'), ('functional', '2101103'), ('functional', '221'), ('functional', '2210201'), ('economicDepartment', '30101'), ('economicDepartment', '30102'), ('economicDepartment', '30103'), ('economicDepartment', '30107'), ('economicDepartment', '30108'), ('economicDepartment', '30110'), ('economicDepartment', '30111'), ('economicDepartment', '30112'), ('economicDepartment', '30113'), ('economicDepartment', '30201'), ('economicDepartment', '30202'), ('economicDepartment', '30207'), ('economicDepartment', '30209'), ('economicDepartment', '30211'), ('economicDepartment', '30213'), ('economicDepartment', '30216'), ('economicDepartment', '30217'), ('economicDepartment', '30226'), ('economicDepartment', '30228'), ('economicDepartment', '30229'), ('economicDepartment', '30231'), ('economicDepartment', '30299'), ('economicDepartment', '30302'), ('economicGovernment', '50101'), ('economicGovernment', '50102'), ('economicGovernment', '50103'), ('economicGovernment', '50201'), ('economicGovernment', '50203'), ('economicGovernment', '50209'), ('economicGovernment', '50299'), ('economicGovernment', '50501'), ('economicGovernment', '50502'), ('economicGovernment', '50905'));
