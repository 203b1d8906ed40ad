CREATE TABLE `declared_subjects` (
	`budget_id` integer NOT NULL,
	`scheme` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`level` integer NOT NULL,
	`parent_code` text,
	PRIMARY KEY(`budget_id`, `scheme`, `code`),
	FOREIGN KEY (`budget_id`) REFERENCES `budgets`(`id`) ON UPDATE no action ON DELETE cascade
);
