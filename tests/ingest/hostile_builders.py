"""Build the hostile inputs of issue 14 item 2, small, in a test's tmp_path.

Zip containers are written member by member (no spreadsheet library in between), so a
test can put a cell where no writer would (XFD1048576), or make a zip header lie.
"""

from __future__ import annotations

import shutil
import struct
import zipfile
import zlib
from pathlib import Path

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REALDATA = Path(__file__).parent.parent / "data" / "realdata"
BKU_HEADER = ["No", "Tanggal", "No Bukti", "Uraian", "Penerimaan", "Pengeluaran", "Saldo"]
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/></Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxml'
    'formats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)


def cell_ref(column: int) -> str:
    """Column letters of a 1-based column: 1 → "A", 16384 → "XFD"."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell(ref: str, value: object) -> str:
    """One cell: a number as `<v>`, anything else as an inline string."""
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def table_rows(rows: list[list[object]], first: int = 1) -> str:
    """`<row>` elements for `rows` from sheet row `first`, columns A, B, C, …"""
    out = []
    for r, values in enumerate(rows, first):
        cells = "".join(cell(f"{chr(65 + c)}{r}", v) for c, v in enumerate(values))
        out.append(f'<row r="{r}">{cells}</row>')
    return "".join(out)


def bku_rows() -> str:
    """A small BKU table (header + three payments) the importer recognises."""
    rows: list[list[object]] = [BKU_HEADER]
    rows += [
        [i, f"2025-01-0{i}", f"BKU/{i}", f"Belanja ATK {i}", 0, 1000 * i, 9000] for i in (1, 2, 3)
    ]
    return table_rows(rows)


def sheet_xml(body: str, namespaces: str = "") -> bytes:
    """A worksheet part around `body` (the inside of `<sheetData>`)."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}"{namespaces}>'
    return f"{head}<sheetData>{body}</sheetData></worksheet>".encode()


def xlsx_members(sheets: dict[str, bytes]) -> dict[str, bytes]:
    """The parts of an xlsx holding `sheets` (name → worksheet XML), in order."""
    entries = "".join(
        f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>' for i, name in enumerate(sheets, 1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    members = {
        "[Content_Types].xml": _CONTENT_TYPES.encode(),
        "_rels/.rels": _ROOT_RELS.encode(),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" '
            f'xmlns:r="{REL_NS}"><sheets>{entries}</sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships">{rels}</Relationships>'
        ).encode(),
    }
    for i, xml in enumerate(sheets.values(), 1):
        members[f"xl/worksheets/sheet{i}.xml"] = xml
    return members


def write_zip(path: Path, members: dict[str, bytes], level: int = 6) -> Path:
    """Write `members` deflated (a `mimetype` member stored, as ODF wants it first)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in members.items():
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return path


def far_cell_xlsx(
    path: Path, far: str = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
) -> Path:
    """A BKU table plus one filled cell at XFD1048576 (calamine: 512 GiB, abort)."""
    return write_zip(path, xlsx_members({"BKU": sheet_xml(bku_rows() + far)}))


def lying_xlsx(path: Path, inflated_mb: int = 50, declared: int = 1200) -> Path:
    """An xlsx whose sheet declares `declared` bytes but inflates to `inflated_mb` MB.

    The CRC is that of the first `declared` bytes, so a reader that trusts the header
    (Python's zipfile) sees a small, valid member.
    """
    block = b"".join(  # 64 KB of rows, more than deflate's 32 KB window: ratio about 5
        b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i * 7919 % 1000003)
        for i in range(5, 1600)
    )
    rows = block * (inflated_mb * 1024**2 // len(block))
    sheet = sheet_xml(bku_rows()).replace(b"</sheetData>", rows + b"</sheetData>")
    write_zip(path, xlsx_members({"BKU": sheet}), level=1)
    return _lie(path, "xl/worksheets/sheet1.xml", sheet[:declared])


def _lie(path: Path, name: str, shown: bytes) -> Path:
    """Make the local and central headers of member `name` declare `shown` as its content."""
    data = bytearray(path.read_bytes())
    crc, size = zlib.crc32(shown), len(shown)
    local = zipfile.ZipFile(path).getinfo(name).header_offset
    struct.pack_into("<I", data, local + 14, crc)
    struct.pack_into("<I", data, local + 22, size)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        length = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46 : central + 46 + length]) == name.encode():
            struct.pack_into("<I", data, central + 16, crc)
            struct.pack_into("<I", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    return path


def ods_file(path: Path, rows: str, name: str = "LRA") -> Path:
    """An ODS with one table of `rows` (`<table:table-row>` elements)."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{name}">{rows}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    members = {
        "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
        "content.xml": content.encode(),
    }
    return write_zip(path, members)


def ods_cell(value: int, repeat: int = 1) -> str:
    """A float cell, repeated `repeat` times across."""
    rep = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return (
        f'<table:table-cell office:value-type="float" office:value="{value}"{rep}>'
        f"<text:p>{value}</text:p></table:table-cell>"
    )


def far_column_xls(path: Path, column: int = 65535) -> Path:
    """A real xls (a KIB import template) whose last LABELSST cell moved to `column`."""
    data = bytearray((REALDATA / "kib" / "import_template_kiba.xls").read_bytes())
    at = data.rfind(b"\xfd\x00\x0a\x00")  # LABELSST, 10 bytes: row, column, xf, sst index
    struct.pack_into("<H", data, at + 6, column)
    path.write_bytes(bytes(data))
    return path


def redos_xlsx(path: Path, cells: int = 20) -> Path:
    """`cells` cells of 32,000 digits and one letter (the header pattern was quadratic on it)."""
    rows = table_rows([["1" * 32000 + "x"] for _ in range(cells)])
    return write_zip(path, xlsx_members({"Data": sheet_xml(rows)}))


def colspan_bomb_html(path: Path, rows: int = 3) -> Path:
    """An HTML-as-xls: one table of `colspan=1000` cells, then a small good table."""
    bomb = "".join("<tr>" + '<td colspan="1000">x</td>' * 3 + "</tr>" for _ in range(rows))
    good = "".join(
        "<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>"
        for row in [BKU_HEADER, [1, "2025-01-02", "BKU/1", "ATK", 0, 500, 9500]]
    )
    path.write_text(f"<html><body><table>{bomb}</table><table>{good}</table></body></html>")
    return path


def stray_cr_copy(source: Path, target: Path, line: int, word: bytes) -> Path:
    """A copy of a CRLF CSV with a CR put inside `word` on (1-based) `line`."""
    lines = source.read_bytes().split(b"\r\n")
    assert word in lines[line - 1], (line, word)
    lines[line - 1] = lines[line - 1].replace(word, word[:3] + b"\r" + word[3:], 1)
    target.write_bytes(b"\r\n".join(lines))
    return target


def copy(source: Path, folder: Path) -> Path:
    """`source` copied into `folder`."""
    return Path(shutil.copy(source, folder / source.name))


def escape_xlsx(path: Path) -> Path:
    """A BKU whose text cells carry `_x001B_` escapes (OSC 8 link, clear-screen, BEL, CR)."""
    esc = "_x001B_"
    link = f"{esc}]8;;http://evil.example/_x0007_klik{esc}]8;;_x0007_"
    rows: list[list[object]] = [BKU_HEADER]
    rows += [[1, "2025-01-02", "BKU/1", f"ATK {link}", 0, 500, 9500]]
    rows += [[2, "2025-01-03", "BKU/2", f"Sewa {esc}[2J{esc}[31m_x000D_x", 0, 700, 8800]]
    return write_zip(path, xlsx_members({f"BKU{esc}[8m": sheet_xml(table_rows(rows))}))


def alias_bomb_yaml(levels: int = 9) -> str:
    """A billion-laughs YAML document (9 levels of 9 aliases: 387 million strings)."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def corpus(folder: Path, lying: Path) -> dict[str, str]:
    """Fill `folder` with every hostile input of issue 14; name → the input problem expected.

    Files an input folder may hold but that are not inputs (a planted config and waivers
    file, both alias bombs) are ignored, not read: they are not in the returned map.
    """
    far_cell_xlsx(folder / "bku_far.xlsx")
    copy(lying, folder)
    colspan_bomb_html(folder / "bku_html.xls")
    redos_xlsx(folder / "redos.xlsx")
    (folder / "redos.csv").write_text(("1" * 16000 + "x;") * 4 + "\n", encoding="utf-8")
    far_column_xls(folder / "kib_far.xls")
    ods_file(
        folder / "lra_wide.ods", "<table:table-row>" + ods_cell(1, 2000) + "</table:table-row>"
    )
    escape_xlsx(folder / "bku\x1b[31m_\x07evil.xlsx")
    for planted in ("rl-audit.yaml", "waivers.yaml"):
        (folder / planted).write_text(alias_bomb_yaml(), encoding="utf-8")
    return {
        "bku_far.xlsx": "sheet_too_large",
        lying.name: "zip_bomb",
        "bku_html.xls": "sheet_too_large",
        "kib_far.xls": "sheet_too_large",
        "lra_wide.ods": "sheet_too_large",
        "redos.xlsx": "sheet_no_table",
        "redos.csv": "sheet_no_table",
    }
