-- Migration 4: exact compute per trial across attempts (QueryProjection, docs/report.md). A trial's
-- compute is prior_compute_steps + attempt_step - resume_step:
--   resume_step          the step the current attempt resumed from (its TrialQueued.ResumeStep);
--   attempt_step         the highest step the current attempt reached (never below resume_step);
--   prior_compute_steps  the steps spent by the attempts it superseded, closed at each requeue.
-- Before it a report counted "the highest step any attempt reported", which misses the steps a lost
-- attempt ran past the checkpoint its successor resumed from.
--
-- Existing rows are backfilled to exactly that old value (best effort: the attempts they already
-- went through are not reconstructed): prior 0, resume 0, and attempt_step = the highest step of
-- the row or of any stored metric of the trial. Events appended from now on count exactly.
ALTER TABLE trials ADD COLUMN resume_step INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trials ADD COLUMN attempt_step INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trials ADD COLUMN prior_compute_steps INTEGER NOT NULL DEFAULT 0;

UPDATE trials SET attempt_step = MAX(step, COALESCE((SELECT MAX(m.step) FROM metrics m WHERE m.trial_id = trials.trial_id), 0));
