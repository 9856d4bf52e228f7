"""What `hcsync questions` costs: CPU of the whole process, and requests.

    python benchmarks/questions_speed.py [--sizes 100 1000] [--articles 1000]

A synthetic tree of ARTICLES articles (each on a topic of three words of a
made-up vocabulary, with a 150-word body) and, per size, that many conversations
arriving in an emulator (rate limit off) through its control API: half ask about
an article's topic, half about words no article uses, one in ten with seven
messages (so its first question is not in the list's five and its thread is
read), each with an agent reply. Then `hcsync questions DIR --format json` runs
as users run it, in its own process: its CPU (user + system, of that process
only), its wall time, its requests, and what they take at the documented 100
requests a minute.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tables import print_table

from hcsync.emulator.config import DEMO, EmulatorConfig, RateLimit
from hcsync.emulator.control_client import EmulatorControl
from hcsync.emulator.server import BackgroundServer

CONSONANTS, VOWELS = "bdfgklmnprstvz", "aeiou"
SUPPORT = {"name": "Support", "address": "support@demo.help.center"}


def vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        syllables = rng.randint(2, 4)
        words.add("".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(syllables)))
    return sorted(words)


def write_tree(root: Path, articles: int, topics: list[list[str]], words: list[str]) -> None:
    rng = random.Random(2)
    root.mkdir(parents=True)
    (root / "hcsync.yml").write_text("center_id: demo\ndefault_language: en\n")
    for c in range(20):
        (root / f"c{c}").mkdir()
        (root / f"c{c}" / "_category.yml").write_text(f"name: C{c}\n")
    for i in range(articles):
        topic = topics[i]
        body = " ".join(rng.choice(words) for _ in range(150))
        text = f"---\ntitle: How to {' '.join(topic)}\n---\n\n{' '.join(topic)} {body}\n"
        (root / f"c{i % 20}" / f"a{i}.md").write_text(text)


def seed(control: EmulatorControl, size: int, topics: list[list[str]], unused: list[str]) -> None:
    rng = random.Random(3)
    for n in range(size):
        asked = rng.choice(topics) if n % 2 else rng.sample(unused, 3)
        html = f"<p>Hello, how do I {' '.join(asked)} with my account?</p><p>Thanks,<br>C{n}</p>"
        customer = {"name": f"Customer {n}", "address": f"c{n}@example.com"}
        made = control.inbound(center_id="demo", from_=customer, html=html, subject=f"Q{n}")
        conversation = made["conversation"]["id"]
        for _ in range(6 if n % 10 == 0 else 1):
            control.inbound(
                center_id="demo",
                from_=SUPPORT,
                role="agent",
                html="<p>See the article.</p>",
                conversation_id=conversation,
            )


def measure(root: Path, url: str) -> tuple[float, float]:
    env = os.environ | {"HC_API_URL": url, "HC_CENTER_ID": "demo", "HC_API_KEY": "demo-key"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    command = [sys.executable, "-m", "hcsync.cli", "questions", str(root), "--format", "json"]
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    rng = random.Random(1)
    words = vocabulary(rng, 3000)
    used, unused = words[:2000], words[2000:]
    topics = [rng.sample(used, 3) for _ in range(args.articles)]
    config = EmulatorConfig(DEMO.centers, DEMO.keys, RateLimit(enabled=False))
    rows = []
    with tempfile.TemporaryDirectory() as tmp, BackgroundServer(config) as url:
        root = Path(tmp) / "content"
        write_tree(root, args.articles, topics, used)
        control = EmulatorControl(url)
        for size in args.sizes:
            control.reset(
                {
                    "centers": [{"id": "demo", "domain": "demo.help.center"}],
                    "keys": [{"key": "demo-key", "center": "demo"}],
                    "rate_limit": "off",
                }
            )
            seed(control, size, topics, unused)
            mark = len(control.journal())
            cpu, wall = measure(root, url)
            requests = len(control.journal()) - mark
            paced = max(0.0, (requests - 200) / 100 * 60)  # beyond the burst of 200
            rows.append(
                [
                    f"{size:,}",
                    f"{args.articles:,}",
                    f"{cpu:.2f}",
                    f"{wall:.2f}",
                    str(requests),
                    f"{paced:.0f}",
                ]
            )
        control.close()
    header = ["conversations", "articles", "CPU s", "wall s", "requests", "paced s at 100/min"]
    print_table(header, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
