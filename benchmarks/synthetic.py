"""A synthetic help center in hcsync's layout: categories, articles, translations, images, links."""

from __future__ import annotations

import random
import struct
import zlib
from pathlib import Path

PARAGRAPH = (
    "Open **Settings** and choose the option you need. The change applies to every device "
    "signed in to your account, usually within a minute. If it does not, sign out and in again."
)
# A translation's own words (not a copy of the root's): what a renderer or a cache sees.
TRANSLATED = {
    "de": (
        "Öffnen Sie **Einstellungen** und wählen Sie die Option, die Sie brauchen. Die Änderung "
        "gilt meist binnen einer Minute für jedes angemeldete Gerät. Sonst melden Sie sich neu an."
    ),
    "fr": (
        "Ouvrez **Réglages** et choisissez l'option voulue. Le changement s'applique à chaque "
        "appareil connecté, en général en une minute. Sinon, déconnectez-vous puis reconnectez-vous."
    ),
}


def tiny_png(seed: int) -> bytes:
    raw = b"\x00" + bytes([seed % 256, (seed * 7) % 256, 90]) * 4

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 4, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def article_text(
    n: int, links: list[str], image: str | None, title_prefix: str = "Article", language: str = ""
) -> str:
    paragraph = TRANSLATED.get(language, PARAGRAPH)
    parts = [
        f"---\ntitle: {title_prefix} {n}\nslug: article-{n}\n---\n",
        f"# {title_prefix} {n}\n",
        paragraph,
    ]
    for section in range(3):
        parts.append(
            f"\n## Section {section}\n\n{paragraph} ({n}.{section})\n\n- step one\n- step two\n"
        )
    if image:
        parts.append(f"\n![Screenshot for article {n}]({image})\n")
    parts.extend(f"\nSee also [{target}]({target}#section-1).\n" for target in links)
    return "\n".join(parts)


def build(
    root: Path,
    articles: int,
    languages: tuple[str, ...] = ("de", "fr"),
    seed: int = 1,
    image_every: int = 4,
) -> Path:
    """Write the tree (`articles` root articles, a third translated) and return its root."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "hcsync.yml").write_text(f"default_language: en\nlanguages: [{', '.join(languages)}]\n")
    per_folder = 50
    for n in range(articles):
        folder = root / f"category-{n // (per_folder * 10)}" / f"sub-{(n // per_folder) % 10}"
        if not folder.exists():
            (folder / "img").mkdir(parents=True)
        image = None
        if n % image_every == 0:
            (folder / "img" / f"shot-{n}.png").write_bytes(tiny_png(n))
            image = f"img/shot-{n}.png"
        siblings = [
            m
            for m in range(n - n % per_folder, n - n % per_folder + per_folder)
            if m != n and m < articles
        ]
        links = [f"a{m}.md" for m in rng.sample(siblings, min(2, len(siblings)))]
        (folder / f"a{n}.md").write_text(article_text(n, links, image))
        if n % 3 == 0:
            for lang in languages:
                text = article_text(n, links, image, f"Artikel-{lang}", language=lang)
                (folder / f"a{n}.{lang}.md").write_text(
                    text.replace(f"slug: article-{n}", f"slug: article-{n}-{lang}")
                )
    return root
