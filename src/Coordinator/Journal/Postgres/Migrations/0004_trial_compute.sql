-- Migration 4, the PostgreSQL twin of Sqlite/Migrations/0004_trial_compute.sql: exact compute per
-- trial across attempts (QueryProjection, docs/report.md). A trial's compute is
-- prior_compute_steps + attempt_step - resume_step:
--   resume_step          the step the current attempt resumed from (its TrialQueued.ResumeStep);
--   attempt_step         the highest step the current attempt reached (never below resume_step);
--   prior_compute_steps  the steps spent by the attempts it superseded, closed at each requeue.
--
-- Existing rows are backfilled to exactly the value reports gave before (best effort: the attempts
-- they already went through are not reconstructed): prior 0, resume 0, and attempt_step = the
-- highest step of the row or of any stored metric of the trial. Events appended from now on count
-- exactly.
ALTER TABLE trials
    ADD COLUMN resume_step bigint NOT NULL DEFAULT 0,
    ADD COLUMN attempt_step bigint NOT NULL DEFAULT 0,
    ADD COLUMN prior_compute_steps bigint NOT NULL DEFAULT 0;

UPDATE trials t SET attempt_step = GREATEST(t.step, COALESCE((SELECT MAX(m.step) FROM metrics m WHERE m.trial_id = t.trial_id), 0));
