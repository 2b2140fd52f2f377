"""A minimal PDF writer for Chinese text: a Type0 font with Identity-H encoding whose CIDs
are Unicode code points, and a ToUnicode map, so text extractors (pdftotext, pypdf) read it.
No font is embedded (viewers substitute one); enough for the sandbox's report attachments."""

from __future__ import annotations


def _tounicode() -> bytes:
    ranges = [(0x20, 0x7E), (0x2000, 0x206F), (0x3000, 0x303F), (0x4E00, 0x9FFF), (0xFF00, 0xFFEF)]
    lines = [f"<{a:04X}> <{b:04X}> <{a:04X}>" for a, b in ranges]
    body = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) "
        "/Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def "
        "1 begincodespacerange <0000> <FFFF> endcodespacerange "
        f"{len(lines)} beginbfrange\n" + "\n".join(lines) + "\nendbfrange endcmap CMapName currentdict /CMap "
        "defineresource pop end end"
    )
    return body.encode()


def text_pdf(lines: list[str], per_page: int = 40, page_numbers: bool = True) -> bytes:
    """``lines`` on pages of ``per_page``; with ``page_numbers`` each page ends "— n —", as
    WPS-made reports print them (a real-page trap: the number sits inside a table broken by
    the page break)."""
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    if page_numbers:
        pages = [[*page, f"— {n} —"] for n, page in enumerate(pages, 1)]
    objects: list[bytes] = []

    def add(obj: bytes) -> int:
        objects.append(obj)
        return len(objects)

    catalog = add(b"")
    pages_obj = add(b"")
    cmap = _tounicode()
    tounicode = add(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
    descriptor = add(
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [0 -141 1000 859] /ItalicAngle 0 "
        b"/Ascent 859 /Descent -141 /CapHeight 683 /StemV 93 >>"
    )
    cid = add(
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 1000 /CIDToGIDMap /Identity >>"
        % descriptor
    )
    font = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [%d 0 R] "
        b"/ToUnicode %d 0 R >>" % (cid, tounicode)
    )
    kids = []
    for page_lines in pages:
        ops = [b"BT /F1 10 Tf 12 TL 40 800 Td"]
        for line in page_lines:
            hexed = "".join(f"{ord(ch):04X}" for ch in line if ord(ch) <= 0xFFFF)
            ops.append(b"<" + hexed.encode() + b"> Tj T*")
        ops.append(b"ET")
        stream = b"\n".join(ops)
        contents = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> "
                b"/Contents %d 0 R >>" % (pages_obj, font, contents)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        xref,
    )
    return bytes(out)
