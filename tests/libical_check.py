"""Check iCalendar files with libical, the C library behind Evolution and many calendar apps.

Run with Debian's own Python, which has the GObject bindings (packages python3-gi and
gir1.2-ical-3.0): ``/usr/bin/python3 tests/libical_check.py FILE.ics ...``. For each file
it prints one JSON line: ``{"file": ..., "errors": [...]}``, where the errors are

- what libical's parser could not read (RFC 5545): it marks each such property with an
  ``X-LIC-ERROR`` and drops it, and
- what ``icalrestriction_check`` refuses (RFC 5546, iTIP): the properties each component
  must or may not have for the calendar's METHOD (or, with no METHOD, for a plain calendar).

The exit code is 1 when any file has an error. The test suite runs it in a subprocess
(``tests/test_calendar_libical.py``), because the project's own Python has no GObject.
"""

from __future__ import annotations

import json
import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402


def errors_of(component: ICalGLib.Component) -> list[str]:
    """Every X-LIC-ERROR of the component and of those inside it."""
    found = []
    prop = component.get_first_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
    while prop is not None:
        kind = ICalGLib.Component.kind_to_string(component.isa())
        found.append(f"{kind}: {prop.get_xlicerror()}")
        prop = component.get_next_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
    inner = component.get_first_component(ICalGLib.ComponentKind.ANY_COMPONENT)
    while inner is not None:
        found += errors_of(inner)
        inner = component.get_next_component(ICalGLib.ComponentKind.ANY_COMPONENT)
    return found


def check(path: str) -> list[str]:
    with open(path, encoding="utf-8") as file:
        text = file.read()
    component = ICalGLib.Component.new_from_string(text)
    if component is None:
        return ["libical could not parse the file at all"]
    if component.isa() != ICalGLib.ComponentKind.VCALENDAR_COMPONENT:
        return [f"not a VCALENDAR: {ICalGLib.Component.kind_to_string(component.isa())}"]
    parse_errors = errors_of(component)  # before the restriction check adds its own
    restrictions_ok = ICalGLib.restriction_check(component)
    found = errors_of(component)
    if not restrictions_ok and found == parse_errors:
        found.append("icalrestriction_check failed")
    return found


def main() -> int:
    failed = False
    for path in sys.argv[1:]:
        errors = check(path)
        failed = failed or bool(errors)
        print(json.dumps({"file": path, "errors": errors}))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
