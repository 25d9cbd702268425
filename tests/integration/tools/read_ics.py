#!/usr/bin/python3
"""Reads a calendar file with Debian's python3-icalendar, a parser independent of ours, and
prints what it understood as JSON: each time zone's TZID, and each event with its start and end
in UTC (resolved through the file's own VTIMEZONE) and in the TZID's wall-clock time."""
import json
import sys
from datetime import timezone

from icalendar import Calendar


def main():
    calendar = Calendar.from_ical(open(sys.argv[1], "rb").read())
    zones = {}
    for component in calendar.walk("VTIMEZONE"):
        zones[str(component["TZID"])] = component.to_tz()
    events = []
    for event in calendar.walk("VEVENT"):
        item = {"uid": str(event["UID"]), "summary": str(event["SUMMARY"])}
        for name in ("DTSTART", "DTEND"):
            prop = event[name]
            tzid = prop.params.get("TZID")
            naive = prop.dt.replace(tzinfo=None)
            # The file's own VTIMEZONE decides the instant, not a database the reader has.
            instant = zones[tzid].localize(naive).astimezone(timezone.utc)
            item[name.lower()] = {
                "tzid": tzid,
                "local": naive.strftime("%Y-%m-%dT%H:%M"),
                "utc": instant.strftime("%Y-%m-%dT%H:%M"),
            }
        events.append(item)
    print(json.dumps({"timezones": sorted(zones), "events": events}))


if __name__ == "__main__":
    main()
