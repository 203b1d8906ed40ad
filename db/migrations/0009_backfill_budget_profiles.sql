-- A budget stored before 0003 has no profile: it gets its unit's and department's as they are now,
-- which is what readers showed for it until now, so that every budget has one and readers need
-- no fallback.
INSERT INTO `budget_profiles` (`budget_id`, `unit_name`, `department_code`, `department_name`, `nature`, `rank`, `staffing_quota`, `staff_count`, `internal_divisions`, `duties`, `formation`)
SELECT b.`id`, u.`name`, coalesce(d.`code`, ''), coalesce(d.`name`, ''), u.`nature`, u.`rank`, u.`staffing_quota`, u.`staff_count`, u.`internal_divisions`, u.`duties`, u.`formation`
FROM `budgets` b
JOIN `units` u ON u.`region_code` = b.`region_code` AND u.`code` = b.`unit_code`
LEFT JOIN `units` d ON d.`region_code` = u.`region_code` AND d.`code` = u.`parent_code`
WHERE NOT EXISTS (SELECT 1 FROM `budget_profiles` p WHERE p.`budget_id` = b.`id`);
