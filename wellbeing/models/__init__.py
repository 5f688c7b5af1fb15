"""The wellbeing report's input rounds, and the yearly follow-up of how NGO-friendly the
municipality is (self-assessment, the seven marks, the association survey)."""

from wellbeing.models.followup import *  # noqa: F403
from wellbeing.models.rounds import *  # noqa: F403
