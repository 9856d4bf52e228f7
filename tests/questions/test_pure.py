"""The pure parts of `questions`: cleaning mail, stems per language, links, drafts, impact."""

from __future__ import annotations

from hcsync.local.loader import load_site
from hcsync.plan.lock import ArticleLock, Lock, PageLock
from hcsync.plan.model import Kind, Operation, OpKey, Plan
from hcsync.plan.payloads import Metadata
from hcsync.questions.drafts import title_of
from hcsync.questions.impact import Breaks, LinkedReply, breaking_changes, count_replies
from hcsync.questions.links import LinkState, LinkTargets, article_link
from hcsync.questions.terms import guess_language, terms
from hcsync.questions.text import clean_question, one_line
from tests.questions.sets import REPO


def test_quoted_mail_signatures_and_html_are_left_out() -> None:
    html = (
        "<p>Hello,</p><p>how do I <b>reset</b> my password?</p>"
        "<p>Best regards,<br>Ana Silva<br>Example Ltd</p>"
        "<p>On Tue, 3 Nov 2026 at 10:02, Acme &lt;a@acme.example&gt; wrote:</p>"
        "<p>&gt; old text about invoices</p><blockquote>more old text</blockquote>"
    )
    assert clean_question(html) == "Hello,\n\nhow do I reset my password?"
    assert clean_question("", "Wie geht das?\n\nViele Grüße\nJonas") == "Wie geht das?"
    assert clean_question("<p>Question?</p><blockquote>quoted</blockquote>") == "Question?"
    assert clean_question("<p>Hi</p><p>-- </p><p>Sig</p>") == "Hi"
    assert clean_question("<p>Hi</p><p>Sent from my iPhone</p>") == "Hi"


def test_printed_strings_lose_control_characters() -> None:
    assert one_line("a\x1b[31mred\x1b[0m\nline\u202e") == "a [31mred [0m line"
    assert one_line("x" * 10, 5) == "xxxx…"


def test_stems_per_language_with_folding_and_stop_words() -> None:
    assert terms("How do I reset my passwords?", "en") == ["reset", "password"]
    assert terms("Wie kann ich mein Passwort zurücksetzen?", "de") == ["passwort", "zurucksetz"]
    assert terms("Comment réinitialiser mon mot de passe ?", "fr") == ["reinitialis", "mot", "pass"]
    assert terms("¿Cómo restablezco mi contraseña?", "es") == ["restablezc", "contrasen"]
    assert terms("Jak zresetować hasło", "pl") == ["jak", "zresetowac", "hasło"]  # unstemmed
    assert guess_language("Bonjour, comment je peux faire ?", ["de", "fr"], "en") == "fr"
    assert guess_language("How do I do this?", ["de", "fr"], "en") == "en"


def _targets() -> LinkTargets:
    site = load_site(REPO / "content-example")
    entry = ArticleLock(
        id="a1",
        slug_id=7,
        slug="reset-your-password",
        url="https://demo.help.center/article/7-reset-your-password",
        translations={"de": PageLock(slug="passwort-zuruecksetzen")},
    )
    return LinkTargets(site, Lock(articles={"account/reset-your-password.md": entry}))


def test_links_resolve_by_id_and_slug_then_slug_then_id() -> None:
    targets = _targets()
    host = "https://demo.help.center"

    def state(url: str) -> tuple[LinkState, str | None, str | None]:
        link = article_link(url, targets.hosts)
        assert link is not None
        found = targets.resolve(link)
        return found.state, found.article, found.language

    reset = "account/reset-your-password.md"
    assert state(f"{host}/article/7-reset-your-password#x") == (LinkState.LIVE, reset, None)
    assert state(f"{host}/de/article/7-passwort-zuruecksetzen") == (LinkState.LIVE, reset, "de")
    assert state(f"{host}/article/99-reset-your-password") == (LinkState.LIVE, reset, None)
    assert state(f"{host}/article/7-old-slug") == (LinkState.OLD_URL, reset, None)
    assert state(f"{host}/article/8-update-payment-method")[0] is LinkState.UNPUBLISHED
    assert state(f"{host}/article/99-nothing") == (LinkState.UNKNOWN, None, None)
    assert article_link("https://elsewhere.example/article/7-reset", targets.hosts) is None
    assert article_link("javascript:alert(1)") is None


def test_titles_of_drafts_come_from_the_asking_sentence() -> None:
    assert title_of("Hi team, is there a dark mode? My eyes hurt.") == "Is there a dark mode?"
    assert title_of("{{ x }} <b>Export</b> to [PDF]") == "X b Export /b to PDF"
    assert len(title_of("why " * 50 + "?")) == 80


def test_breaking_changes_count_each_reply_once_per_page() -> None:
    lock = Lock(articles={"a.md": ArticleLock(id="1", slug_id=5), "b.md": ArticleLock(id="2")})
    plan = Plan(
        (
            Operation(OpKey(Kind.UNPUBLISH, "a.md"), "a.md"),
            Operation(OpKey(Kind.UNPUBLISH, "b.md"), "b.md"),  # never public: no slug id
            Operation(
                OpKey(Kind.UPDATE_TRANSLATION_METADATA, "a.md", "de"),
                "a.de.md",
                payload=Metadata(slug="neu"),
            ),
        )
    )
    changes = breaking_changes(plan, lock)
    assert [(c.path, c.language, c.why) for c in changes] == [
        ("a.md", None, Breaks.UNPUBLISHED),
        ("a.md", "de", Breaks.NEW_URL),
    ]
    link = '<a href="https://h.example{}/article/5-x">x</a>'
    replies = [
        LinkedReply("c1", link.format("") * 2),
        LinkedReply("c2", link.format("/de")),
        LinkedReply("c3", link.format("/fr").replace("5-", "6-")),
    ]
    counted = {(i.change.language, i.replies) for i in count_replies(changes, replies, "en")}
    assert counted == {(None, 2), ("de", 1)}
