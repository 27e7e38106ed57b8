"""Reading the CSV files offices upload."""


def decode_csv(data: bytes) -> str | None:
    """The text of an uploaded CSV: UTF-8 (with or without the BOM Excel writes), else GB18030, the encoding of CSV
    files saved by Chinese Excel and WPS; None when it is neither."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None
