-- A unit code is unique only inside one region: units are keyed by (region, code) and budgets
-- name both. A unit stored before regions were kept takes the region its latest disclosure
-- showed (a department, that of one of its units); one with none keeps '' (unknown).
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_units` (
	`region_code` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`parent_code` text,
	`nature` text,
	`rank` text,
	`staffing_quota` integer,
	`staff_count` integer,
	`internal_divisions` text,
	`duties` text,
	`formation` text,
	PRIMARY KEY(`region_code`, `code`)
);
--> statement-breakpoint
INSERT INTO `__new_units`("region_code", "code", "name", "kind", "parent_code", "nature", "rank", "staffing_quota", "staff_count", "internal_divisions", "duties", "formation") SELECT coalesce("region_code", (SELECT p.`region_code` FROM `budgets` b JOIN `budget_profiles` p ON p.`budget_id` = b.`id` JOIN `units` c ON c.`code` = b.`unit_code` WHERE (c.`code` = `units`.`code` OR c.`parent_code` = `units`.`code`) AND p.`region_code` IS NOT NULL ORDER BY b.`id` DESC LIMIT 1), ''), "code", "name", "kind", "parent_code", "nature", "rank", "staffing_quota", "staff_count", "internal_divisions", "duties", "formation" FROM `units`;--> statement-breakpoint
DROP TABLE `units`;--> statement-breakpoint
ALTER TABLE `__new_units` RENAME TO `units`;--> statement-breakpoint
CREATE INDEX `units_parent` ON `units` (`region_code`,`parent_code`);--> statement-breakpoint
CREATE INDEX `units_code` ON `units` (`code`);--> statement-breakpoint
CREATE TABLE `__new_budgets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`region_code` text NOT NULL,
	`unit_code` text NOT NULL,
	`year` integer NOT NULL,
	`stage` text NOT NULL,
	`revision` integer NOT NULL,
	`title` text NOT NULL,
	`published_on` text,
	`source` text NOT NULL,
	`content_hash` text NOT NULL,
	`imported_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')) NOT NULL,
	FOREIGN KEY (`region_code`,`unit_code`) REFERENCES `units`(`region_code`,`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_budgets`("id", "region_code", "unit_code", "year", "stage", "revision", "title", "published_on", "source", "content_hash", "imported_at") SELECT "id", (SELECT u.`region_code` FROM `units` u WHERE u.`code` = `budgets`.`unit_code`), "unit_code", "year", "stage", "revision", "title", "published_on", "source", "content_hash", "imported_at" FROM `budgets`;--> statement-breakpoint
DROP TABLE `budgets`;--> statement-breakpoint
ALTER TABLE `__new_budgets` RENAME TO `budgets`;--> statement-breakpoint
CREATE UNIQUE INDEX `budgets_identity` ON `budgets` (`region_code`,`unit_code`,`year`,`stage`,`revision`);--> statement-breakpoint
CREATE INDEX `budgets_year` ON `budgets` (`year`);--> statement-breakpoint
ALTER TABLE `budget_profiles` DROP COLUMN `region_code`;--> statement-breakpoint
PRAGMA foreign_keys=ON;