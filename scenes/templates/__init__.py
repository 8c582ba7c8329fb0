"""Scene templates: one Scene module per template; its declaration (schema, plan) is
scenes/plans/<same name>.py."""
