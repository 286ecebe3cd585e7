"""The clinic's name, logo and the practitioner's contact on reports, PDFs and share pages.

Settings live in the database (``portal_settings``: clinic name and logo; ``users``: the
practitioner's display name and contact) so they travel with backups. The block is plain HTML
with inline styles (the report pages allow inline styles and ``data:`` images, never script) and
every value is escaped.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from microbiomix.web.models import PortalSetting, User

LOGO_MAX_BYTES = 256 * 1024
_LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


class SettingRejected(Exception):
    """A setting value is not acceptable (the message says why)."""


@dataclass(frozen=True)
class Clinic:
    name: str = ""
    logo: str = ""  # a data: URI, or empty


def clinic(db: Session) -> Clinic:
    found = db.execute(
        select(PortalSetting.key, PortalSetting.value).where(
            PortalSetting.key.in_(("clinic_name", "clinic_logo"))
        )
    ).tuples()
    rows = {key: value for key, value in found}
    return Clinic(name=rows.get("clinic_name", ""), logo=rows.get("clinic_logo", ""))


def _put(db: Session, key: str, value: str) -> None:
    row = db.get(PortalSetting, key)
    if row is None:
        db.add(PortalSetting(key=key, value=value))
    else:
        row.value = value


def save_clinic(db: Session, name: str, logo: bytes | None, remove_logo: bool = False) -> None:
    """Store the clinic name and (when given) a PNG or JPEG logo of at most 256 KiB."""
    _put(db, "clinic_name", name.strip()[:200])
    if remove_logo:
        _put(db, "clinic_logo", "")
    elif logo:
        if len(logo) > LOGO_MAX_BYTES:
            raise SettingRejected(f"the logo is larger than {LOGO_MAX_BYTES // 1024} KiB")
        kind = next((t for magic, t in _LOGO_TYPES.items() if logo.startswith(magic)), None)
        if kind is None:
            raise SettingRejected("the logo must be a PNG or JPEG image")
        _put(db, "clinic_logo", f"data:{kind};base64,{base64.b64encode(logo).decode('ascii')}")
    db.flush()


def save_practitioner(db: Session, user: User, display_name: str, contact: str) -> None:
    user.display_name = display_name.strip()[:200] or None
    user.contact = contact.strip()[:320] or None
    db.flush()


def block(
    place: Clinic,
    practitioner: User | None,
    lines: list[str],
    links: list[tuple[str, str]] = (),  # type: ignore[assignment]
    notice: str | None = None,
) -> str:
    """The header block: logo, clinic name, practitioner and contact, lines of context (review,
    dates), links (label, same-site URL) and an optional notice."""
    e = html.escape
    parts = [
        (
            '<section class="mmm-clinic" style="font-family:DejaVu Sans,sans-serif;border-bottom:2px '
            "solid #1f4e46;padding:.6rem 1rem;margin:0 0 1rem;display:flex;gap:1rem;"
            'align-items:center;flex-wrap:wrap;background:#f3f7f5">'
        )
    ]
    if place.logo.startswith("data:image/"):
        parts.append(f'<img src="{e(place.logo)}" alt="" style="max-height:56px;max-width:160px">')
    who = []
    if place.name:
        who.append(f'<strong style="font-size:1.15rem">{e(place.name)}</strong>')
    if practitioner is not None:
        name = practitioner.display_name or practitioner.email
        contact = f" · {e(practitioner.contact)}" if practitioner.contact else ""
        who.append(f"<span>Practitioner: {e(name)}{contact}</span>")
    parts.append('<div style="display:flex;flex-direction:column;gap:.15rem">' + "".join(who))
    parts.extend(f'<span style="color:#44545a;font-size:.9rem">{e(line)}</span>' for line in lines)
    if links:
        anchors = " · ".join(f'<a href="{e(url)}">{e(label)}</a>' for label, url in links)
        parts.append(f"<span>{anchors}</span>")
    parts.append("</div>")
    if notice:
        parts.append(
            '<p role="status" style="flex-basis:100%;margin:.3rem 0 0;background:#fff4e5;'
            f'border-left:4px solid #b26a00;padding:.4rem .6rem">{e(notice)}</p>'
        )
    parts.append("</section>")
    return "".join(parts)


_BODY = re.compile(rb"<body[^>]*>", re.IGNORECASE)


def insert_block(document: bytes, header: str) -> bytes:
    """``document`` with ``header`` right after its ``<body>`` tag (at the start when none)."""
    if not header:
        return document
    found = _BODY.search(document)
    at = found.end() if found else 0
    return document[:at] + header.encode("utf-8") + document[at:]
