# Date and time in Swedish as written in Finland: "14.11.2026 kl. 22.07"
# (see portal/formats/__init__.py).
DATE_FORMAT = "j.n.Y"
TIME_FORMAT = "G.i"
DATETIME_FORMAT = r"j.n.Y \k\l. G.i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j.n.Y"
SHORT_DATETIME_FORMAT = "j.n.Y G.i"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M", "%H.%M.%S"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%d.%m.%Y %H.%M",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y kl. %H.%M",
    "%d.%m.%y %H.%M",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
