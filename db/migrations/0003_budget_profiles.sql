CREATE TABLE `budget_profiles` (
	`budget_id` integer PRIMARY KEY NOT NULL,
	`unit_name` text NOT NULL,
	`department_code` text NOT NULL,
	`department_name` text NOT NULL,
	`nature` text,
	`rank` text,
	`staffing_quota` integer,
	`staff_count` integer,
	`internal_divisions` text,
	`duties` text,
	`formation` text,
	FOREIGN KEY (`budget_id`) REFERENCES `budgets`(`id`) ON UPDATE no action ON DELETE cascade
);
