"""For questions only, other file coherence weights and results free per file (weight, free),
on the vector dump, base = the ranking stage of now: python question_files.py."""
import dataclasses

from app.core.search import ranking as R
import variants as V


def for_questions(coherence, free):
    changed = dataclasses.replace(R.WEIGHTS, coherence=coherence, file_free=free)
    return {"weights_for": lambda q: changed if q.question else R.WEIGHTS}


if __name__ == "__main__":
    V.grid(R.WEIGHTS, [(f"coh{w}/{f}", for_questions(w, f))
                       for w, f in ((0.1, 4), (0.2, 4), (0.3, 4), (0.05, 3), (0.05, 6))])
