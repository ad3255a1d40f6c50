"""Decisions learned from the development set's gold: the models' loader (read by the stages), their training
(`make train`) and the evaluation that says how well they and the rules do on pages never fitted (`make eval`)."""
