"""The hidden "Mốc báo cáo" keeps one row per (task, unit): updated in place, or appended below the last."""

import datetime as dt

from sheetsync.core.plan import StateEntry, place_state

TIME = dt.datetime(2026, 11, 26, 9, 0)


def test_known_pair_is_updated_in_place_and_new_pairs_go_below_the_last_row():
    existing = [(2, "1.1.1", "VP"), (3, " 1.1.2 ", "CAP"), (4, None, None)]
    entries = [
        StateEntry("1.1.2", "CAP", "coordinating", dt.date(2026, 11, 20), "a.xlsx"),
        StateEntry("2.1.1", "VP", "lead", dt.date(2026, 11, 21), "b.xlsx"),
        StateEntry("2.1.2", "VP", "lead", dt.date(2026, 11, 21), "b.xlsx"),
        StateEntry("2.1.1", "VP", "lead", dt.date(2026, 11, 22), "c.xlsx"),
    ]
    placed = place_state(existing, 3, entries, TIME)
    assert [row for row, _ in placed] == [3, 4, 5, 4]
    assert placed[0][1]["role"] == "Phối hợp" and placed[1][1]["role"] == "Chủ trì"
    assert placed[3][1]["report_date"] == dt.date(2026, 11, 22) and placed[3][1]["time"] == TIME
