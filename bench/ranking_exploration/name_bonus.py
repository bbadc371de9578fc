"""Query words in the definition's name as a bonus (w × the share of a sentence's words among the
name's words, like the path words'), on the vector dump, base = the ranking stage of now:
python name_bonus.py."""
from app.core.search import ranking as R
from app.core.terms import split_identifier
import variants as V


def bonus(w):
    def add(q, c):
        words = {R._stem(x) for x in q.words}
        if q.kind.name == "IDENTIFIER" or not words:
            return 0.0
        names = c.names or ((c.symbol,) if c.symbol else ())
        name_words = {R._stem(x) for n in names for x in split_identifier(n.split(".")[-1])}
        return w * len(words & name_words) / len(words)
    return {"bonus": add}


if __name__ == "__main__":
    V.grid(R.WEIGHTS, [(f"name{w}", bonus(w)) for w in (0.1, 0.2, 0.3, 0.5)])
