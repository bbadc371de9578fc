"""Hand-written behaviour queries over the standard library's json, email and http.

Each query describes what the code does, in the words of someone who does not
know its name. The answer is any of the listed symbols in the listed file
(a symbol matches if it is the qualified name or ends with `.name`). The list
lives with the evaluation sets (`kenning bias eval` reports on it too).
"""

from app.core.bias.eval_sets import stdlib_queries

QUERIES = stdlib_queries()
