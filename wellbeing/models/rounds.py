"""Input rounds for the wellbeing report: themes, the associations' answers, quotations."""
