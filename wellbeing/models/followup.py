"""The yearly follow-up: the self-assessment, the seven marks and the association survey."""
