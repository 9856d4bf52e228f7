"""Words to search by: lower case, no stop words, stemmed per language.

SQLite's FTS5 `porter` tokenizer stems English only, so the stemming happens
here, before indexing and before querying, with the Snowball stemmers (English,
German, French, Spanish, and any other language Snowball knows); FTS5 then
indexes the stems with its plain `unicode61` tokenizer. A language Snowball
does not know is searched unstemmed. Stop words are the common function words
of each language plus the words of support mail that say nothing about the
subject ("hello", "thanks", "problem").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

import snowballstemmer

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_SNOWBALL = {
    "en": "english",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "nl": "dutch",
    "pt": "portuguese",
    "sv": "swedish",
    "da": "danish",
    "no": "norwegian",
    "fi": "finnish",
}

_STOP = {
    "en": """a about above after again all also am an and any anyone anything are as at be
        because been before being below between both but by can cannot can't could couldn't
        did didn't do does doesn't doing don't down during each few for from further get gets
        getting got had has have having he her here hers him his how however i i'm i've if in
        into is isn't it it's its just let me more most my myself need needs no nor not now of
        off on once only or other our ours out over own please same she should so some still
        such than that the their them then there these they this those through to too under
        until up us very was wasn't way we were what when where which while who whom why will
        with won't would you your yours yourself hi hello hey dear team support thanks thank
        regards problem issue question help able want wanted trying try tried know anybody
        someone something already since use using used work works working yet today again
        really wondering possible like may might must via""",
    "de": """aber alle allem allen aller alles als also am an ans auch auf aus bei beim bin bis
        bitte da damit dann das dass dem den denn der des die dies diese diesem diesen dieser
        dieses doch dort du durch ein eine einem einen einer eines er es etwas euch euer für
        gibt hab habe haben hallo hat hatte ich ihr ihre ihnen im in ist ja jetzt kann kein
        keine können könnte leider man mein meine meinem meinen meiner mich mir mit muss nach
        nicht noch nun nur ob oder ohne sehr sein seine sich sie sind so soll team über um und
        uns unser unsere vom von vor war was weil wenn wer wie wieder wir wird wo wurde zu zum
        zur welche welcher welches welchen danke dank grüße frage problem hilfe guten tag geehrte geehrtes damen herren""",
    "fr": """a à afin ai aie au aux avec avez avoir bonjour bonsoir ça ce ceci cela celle ces
        cet cette chez comme comment dans de des deux dois donc du elle elles en encore est et
        été être eu faire fait il ils j je jour l la le les leur leurs lui m ma mais me mes moi
        mon n ne nos notre nous on ont ou où par pas peut peux plus pour pourquoi puis puisque
        qu quand que quel quelle qui s sa sans se ses si son sont sur t ta te tes toi ton tous
        tout très tu un une vos votre vous y merci aide problème question équipe madame
        monsieur svp""",
    "es": """a al algo como con cual cuando de del desde donde el ella ellos en entre era es
        esa ese eso esta está este esto estoy fue ha hay la las le les lo los me mi mis muy
        no nos o para pero por porque que qué se sea ser si sí sin sobre son su sus también
        te tengo tiene tu un una uno unos y ya yo hola gracias ayuda problema pregunta equipo
        buenos días puedo puede""",
}


@cache
def stop_words(language: str) -> frozenset[str]:
    return frozenset(fold(w) for w in _STOP.get(language, "").split())


@cache
def _stemmer(language: str) -> snowballstemmer.stemmer | None:
    name = _SNOWBALL.get(language)
    return snowballstemmer.stemmer(name) if name else None


def fold(word: str) -> str:
    """Lower case without diacritics and with a plain apostrophe (so "Grüße" meets "Gruesse"
    no better than before, but "réinitialiser" meets "reinitialiser")."""
    word = word.lower().replace("’", "'").replace("ß", "ss")
    if word.isascii():
        return word
    return _COMBINING.sub("", unicodedata.normalize("NFKD", word))


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def terms(text: str, language: str) -> list[str]:
    """The stems of the words of `text` that say something, in order, repeats kept."""
    stop = stop_words(language)
    kept = [w for w in words(text) if w not in stop and len(w) > 1 and not w.isdigit()]
    return stems(kept, language)


def stems(kept: Iterable[str], language: str) -> list[str]:
    """Each word's stem, stemmed once per process (a tree repeats its words a lot)."""
    stemmer = _stemmer(language)
    if stemmer is None:
        return list(kept)
    known = _STEMS.setdefault(language, {})
    words = list(kept)
    new = [w for w in dict.fromkeys(words) if w not in known]
    known.update(zip(new, (fold(s) for s in stemmer.stemWords(new)), strict=True))
    return [known[w] for w in words]


_STEMS: dict[str, dict[str, str]] = {}  # language → word → stem


def guess_language(text: str, candidates: Iterable[str], default: str) -> str:
    """The candidate language whose stop words the text uses most (ties: `default`)."""
    found = words(text)
    best, best_count = default, sum(w in stop_words(default) for w in found)
    for language in candidates:
        count = sum(w in stop_words(language) for w in found)
        if count > best_count:
            best, best_count = language, count
    return best
