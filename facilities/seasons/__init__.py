"""Seasonal allocation rounds (kausivaraus): the weekly turns of halls and fields for a season.

`allocation` holds the checks, the proposal, the week grid and the fairness table; `services`
the steps of a round, from opening it to publishing its results and giving up turns.
"""
