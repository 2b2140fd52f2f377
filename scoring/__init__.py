"""Scoring: the rubric (data in ``config/rubrics/``) applied to findings, assessors' entries and
quarterly inspection results. Entry points: ``scoring.engine.score_class`` (pure) and
``scoring.service.compute_scores`` (storage). ``docs/scoring.md`` documents the rubric keys,
the rule kinds and the settings (readings of the scheme) with their defaults.
"""
