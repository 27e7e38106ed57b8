"""Demo stations, their deputies, duty shifts and receptions (filled in by the stations module)."""


def load_demo_stations() -> None:
    return None
