-- issue 14: when each open ticket's deadline clock started, for tickets written before the column existed
-- (src/sla/deadlines.ts: a working-hours rule restarts at forwarding, a clock-hours rule counts from receipt).
UPDATE "tickets" AS t
SET "deadline_started_at" = CASE WHEN r."kind" = 'working_hours' THEN coalesce(t."forwarded_at", t."received_at") ELSE t."received_at" END
FROM "sla_rules" AS r
WHERE r."id" = t."sla_rule_id" AND t."due_at" IS NOT NULL AND t."deadline_started_at" IS NULL;
