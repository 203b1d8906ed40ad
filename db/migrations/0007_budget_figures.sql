CREATE TABLE `budget_figures` (
	`budget_id` integer PRIMARY KEY NOT NULL,
	`region_code` text NOT NULL,
	`unit_code` text NOT NULL,
	`year` integer NOT NULL,
	`stage` text NOT NULL,
	`latest` integer NOT NULL,
	`total` integer NOT NULL,
	`three_public_costs` integer NOT NULL,
	FOREIGN KEY (`budget_id`) REFERENCES `budgets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `budget_figures_unit` ON `budget_figures` (`region_code`,`unit_code`,`year`,`stage`,`latest`);--> statement-breakpoint
CREATE INDEX `budget_figures_total` ON `budget_figures` (`year`,`stage`,`latest`,`total`);--> statement-breakpoint
-- Every budget stored before this migration gets its figures, summed from its facts.
INSERT INTO `budget_figures` (`budget_id`, `region_code`, `unit_code`, `year`, `stage`, `latest`, `total`, `three_public_costs`)
SELECT b.`id`, b.`region_code`, b.`unit_code`, b.`year`, b.`stage`,
	b.`revision` = (SELECT max(x.`revision`) FROM `budgets` x WHERE x.`region_code` = b.`region_code` AND x.`unit_code` = b.`unit_code` AND x.`year` = b.`year` AND x.`stage` = b.`stage`),
	coalesce((SELECT sum(f.`amount`) FROM `functional_expenditures` f WHERE f.`budget_id` = b.`id`), 0),
	coalesce((SELECT sum(c.`amount`) FROM `three_public_costs` c WHERE c.`budget_id` = b.`id`), 0)
FROM `budgets` b;--> statement-breakpoint
-- Unit names for substring search of three characters or more (trigram), kept in step by triggers.
CREATE VIRTUAL TABLE `units_fts` USING fts5(`name`, content='units', content_rowid='rowid', tokenize='trigram');--> statement-breakpoint
INSERT INTO `units_fts` (`rowid`, `name`) SELECT `rowid`, `name` FROM `units`;--> statement-breakpoint
CREATE TRIGGER `units_fts_insert` AFTER INSERT ON `units` BEGIN
	INSERT INTO `units_fts` (`rowid`, `name`) VALUES (new.`rowid`, new.`name`);
END;--> statement-breakpoint
CREATE TRIGGER `units_fts_delete` AFTER DELETE ON `units` BEGIN
	INSERT INTO `units_fts` (`units_fts`, `rowid`, `name`) VALUES ('delete', old.`rowid`, old.`name`);
END;--> statement-breakpoint
CREATE TRIGGER `units_fts_update` AFTER UPDATE OF `name` ON `units` BEGIN
	INSERT INTO `units_fts` (`units_fts`, `rowid`, `name`) VALUES ('delete', old.`rowid`, old.`name`);
	INSERT INTO `units_fts` (`rowid`, `name`) VALUES (new.`rowid`, new.`name`);
END;
