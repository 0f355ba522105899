-- Migration 4 is reserved for branch h/attemptcompute (written at the same time as migration 5).
-- This stand-in changes nothing; it only keeps the numbering free of gaps on this branch.
-- DELETE THIS FILE when merging h/attemptcompute, whose 0004 takes its place.
SELECT 1;
