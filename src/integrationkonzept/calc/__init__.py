"""Pure calculations over the model: budget views, review schedules, progress, checks."""
