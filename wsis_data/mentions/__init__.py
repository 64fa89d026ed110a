"""Action Lines and SDGs named in free text, in the six UN languages.

`find_action_lines` and `find_sdgs` read codes, numbers and official names; every word they know
comes from the data files (see `wsis_data.taxonomy`): the ``*`` rows of ``extra_aliases.csv``
marked in ``in_text`` (SDG words, generic goal words, Action Line words), the C7 sub-line names
of ``action_lines.csv`` and ``extra_aliases.csv``, the goals' names and titles in
``sdg_translations/`` and ``mention_words.csv`` (list words, room names, other frameworks …).

Every pattern is linear in the text: each one starts at a word or a code, every quantifier is
bounded, and what follows a match (a list, a sub-line, a context) is read in a bounded window.
So a 1 MB line of brackets, spaces or digits costs a single pass (``bench/bench_text_paths.py``).

Modules: `text` (the match type, regex builders), `sdgs` (`find_sdgs`), `topics` (goals named by
topic or title variant, from ``sdg_text_forms.csv``), `action_lines` (`find_action_lines`).
"""

from wsis_data.mentions.action_lines import LIST_MIN, find_action_lines
from wsis_data.mentions.sdgs import BLOCK, CONTEXT, ORDINAL_CONTEXT, find_sdgs
from wsis_data.mentions.text import TextMatch, codes

__all__ = [
    "BLOCK",
    "CONTEXT",
    "LIST_MIN",
    "ORDINAL_CONTEXT",
    "TextMatch",
    "codes",
    "find_action_lines",
    "find_sdgs",
]
