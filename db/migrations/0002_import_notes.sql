CREATE TABLE `import_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`budget_id` integer NOT NULL,
	`file` text NOT NULL,
	`row` integer,
	`column` text,
	`expected` text NOT NULL,
	`found` text NOT NULL,
	FOREIGN KEY (`budget_id`) REFERENCES `budgets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `import_notes_budget` ON `import_notes` (`budget_id`);