"""The portal's date and time formats, the same order in every language.

Dates read day, month, year and times use the 24-hour clock in Finnish, Swedish and English
alike, as they do in Finland: "14.11.2026 klo 22.07", "14.11.2026 kl. 22.07" and
"14 November 2026, 22:07". Short forms are numeric in every language ("14.11.2026 22.07", and
"14.11.2026 22:07" in English). Input formats accept the ISO form first, because the
browsers' date and time pickers send it, and then the numeric forms people type.
"""
