"""The questionnaire: form model, strict loader, conditions and the engine that runs them."""
