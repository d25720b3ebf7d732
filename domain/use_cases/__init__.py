"""Use cases grouped by area; ``domain.application.ReviewTrail`` mixes them together."""
