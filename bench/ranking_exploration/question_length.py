"""Definition length as a prior, score × lines ** f, on the vector dump: python question_length.py.
Base: the ranking stage with code outside functions lowered, no length prior. Applied to: every
sentence, every snippet (len); questions, every snippet (lenhow: the first word how, where, what,
which, why or when); questions that are not "how do I / how to" (mech); questions, lines capped
(cap); questions, functions and methods only (fn: shipped at 0.1); the same but "how do I / how
to" (fnmech); fn with lines capped (fncap)."""
import dataclasses
import re

from app.core.search import ranking as R
import variants as V

QUESTION = re.compile(r"^(how|where|what|which|why|when)\b", re.I)
TASK = re.compile(r"^how (do|can|should|would) (i|we|you)\b|^how to\b", re.I)
FUNCTIONS = ("function", "method")


def sentence(q):
    return q.kind.name != "IDENTIFIER"


def question(q):
    return sentence(q) and bool(QUESTION.match(q.text.strip()))


def mechanism(q):
    return question(q) and not TASK.match(q.text.strip())


def prior(f, when, cap=None, functions=False):
    def factor(q, c):
        if not when(q) or (functions and V.kind_of(c) not in FUNCTIONS):
            return 1.0
        return max(1, min(V.lines(c), cap or V.lines(c))) ** f
    return {"factor": factor}


VARIANTS = [
    *[(f"len{f}", prior(f, sentence)) for f in (-0.03, 0.02, 0.05, 0.1)],
    *[(f"lenhow{f}", prior(f, question)) for f in (0.05, 0.07, 0.1, 0.12, 0.15, 0.2, 0.3)],
    *[(f"mech{f}", prior(f, mechanism)) for f in (0.1, 0.15, 0.2, 0.3)],
    *[(f"cap{f}/{c}", prior(f, question, cap=c)) for f, c in ((0.1, 100), (0.1, 200), (0.15, 100))],
    *[(f"fn{f}", prior(f, question, functions=True)) for f in (0.05, 0.08, 0.1, 0.12, 0.15)],
    *[(f"fnmech{f}", prior(f, mechanism, functions=True)) for f in (0.08, 0.1, 0.12)],
    *[(f"fncap{f}/{c}", prior(f, question, cap=c, functions=True))
      for f, c in ((0.1, 50), (0.1, 100), (0.1, 150), (0.1, 200), (0.1, 300), (0.1, 400), (0.12, 200))],
]

if __name__ == "__main__":
    V.read_info()
    V.grid(dataclasses.replace(R.WEIGHTS, question_length=0.0), VARIANTS)
