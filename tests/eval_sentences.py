"""Sentence splitters compared on a gold set built from the seed files.

Run `make eval-sentences` (installs the candidates) or `python tests/eval_sentences.py`.
Each case is a passage of a seed and the sentences a reader would cut it into: quotes that
hold several sentences are split at each one; "U.S.", "Rep.", initials and a mid-sentence
"…" never end a sentence.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path

GOLD: list[tuple[str, list[str]]] = [
    (  # 002:38, an abbreviation inside a sentence
        "“The Doha agreement basically ignoring the Afghanistan government completely weakened the system, and lost all the confidence of many officials,” he argued, referring to negotiations between the U.S. and Taliban prior to withdrawal that excluded the elected government in Kabul.",
        ["“The Doha agreement basically ignoring the Afghanistan government completely weakened the system, and lost all the confidence of many officials,” he argued, referring to negotiations between the U.S. and Taliban prior to withdrawal that excluded the elected government in Kabul."],
    ),
    (  # 002:60
        "In early October, Rep. Lauren Boebert (R-CO) introduced legislation that would add the Taliban regime to the list of state sponsors of terrorism, joining Cuba, North Korea, Iran, and Syria.",
        ["In early October, Rep. Lauren Boebert (R-CO) introduced legislation that would add the Taliban regime to the list of state sponsors of terrorism, joining Cuba, North Korea, Iran, and Syria."],
    ),
    (  # 002:24, several sentences in one quotation
        "“They’re regrouping. They’re recruiting. They’re training themselves. And, also, now they feel like whatever they do, no one will come,” he said.",
        ["“They’re regrouping.", "They’re recruiting.", "They’re training themselves.", "And, also, now they feel like whatever they do, no one will come,” he said."],
    ),
    (  # 002:18, a mid-sentence ellipsis
        "“All the promises were broken,” he said. “The people are tired of this, and they know they want more than just, like, being able to breathe, being just servants … they don’t want to be slaves.”",
        ["“All the promises were broken,” he said.", "“The people are tired of this, and they know they want more than just, like, being able to breathe, being just servants … they don’t want to be slaves.”"],
    ),
    (  # 002:32, a sentence ending on a name
        "“I’m not asking for any military support,” he told Dahl. “What I’m asking for is genuine attention to a situation of honest political support — political support for the people of Afghanistan finding political solutions for the situation of Afghanistan.”",
        ["“I’m not asking for any military support,” he told Dahl.", "“What I’m asking for is genuine attention to a situation of honest political support — political support for the people of Afghanistan finding political solutions for the situation of Afghanistan.”"],
    ),
    (  # 000:27-28, a sentence ending on "West."
        "The other thing happening is that the world is preoccupied with other things: the war in Ukraine, a decline of the West amid the rising power in the East and the subsequent confrontation between the East and the West. Afghanistan is a very sensitive spot that the whole world is trying to avoid.",
        ["The other thing happening is that the world is preoccupied with other things: the war in Ukraine, a decline of the West amid the rising power in the East and the subsequent confrontation between the East and the West.", "Afghanistan is a very sensitive spot that the whole world is trying to avoid."],
    ),
    (  # 000:57, parentheses and numbers
        "If the people of Afghanistan say we want the Islamic Emirate of Taliban, absolutely I will 100% accept it. I will be a teacher at a university in Kabul or Mazar (Sherif) or Balkh or Herat or somewhere, I will seize all my political activities and I will be a citizen in my country and accept the Islamic Emirate of the Taliban.",
        ["If the people of Afghanistan say we want the Islamic Emirate of Taliban, absolutely I will 100% accept it.", "I will be a teacher at a university in Kabul or Mazar (Sherif) or Balkh or Herat or somewhere, I will seize all my political activities and I will be a citizen in my country and accept the Islamic Emirate of the Taliban."],
    ),
    (  # 000:74, an ellipsis inside a list
        "As we are speaking, we have more than 21 terrorist groups in Afghanistan, safely freely happily living recruiting and training. From al-Qaeda, to Ansar Allah … to TTP to ETIM to the Islamic Movement of Uzbekistan to Daesh to many many others.",
        ["As we are speaking, we have more than 21 terrorist groups in Afghanistan, safely freely happily living recruiting and training.", "From al-Qaeda, to Ansar Allah … to TTP to ETIM to the Islamic Movement of Uzbekistan to Daesh to many many others."],
    ),
    (  # 000:49, brackets
        "Regional countries have security concerns. The Taliban are hosting regional terrorist groups like Ansar Allah, ETIM [East Turkestan Islamic Movement], Islamic Movement of Uzbekistan, TTP [Tehrik-e Taliban Pakistan] and many others.",
        ["Regional countries have security concerns.", "The Taliban are hosting regional terrorist groups like Ansar Allah, ETIM [East Turkestan Islamic Movement], Islamic Movement of Uzbekistan, TTP [Tehrik-e Taliban Pakistan] and many others."],
    ),
    (  # 004:23, possessives and a date inside a sentence
        "Massoud also stated that the US accepted this coup as it believed the Taliban could fight other terrorist groups. Chair of the Joint Chief of Staff’s Mark Milley’s September 1 assertion that the Taliban could fight ISIS-Khorasan (Daesh-K) lends support to Massoud’s narrative. Massoud chastised this belief as “very naive,” as the Taliban had worked with terrorist groups for years and its takeover would make Afghanistan a hub for terrorism.",
        ["Massoud also stated that the US accepted this coup as it believed the Taliban could fight other terrorist groups.", "Chair of the Joint Chief of Staff’s Mark Milley’s September 1 assertion that the Taliban could fight ISIS-Khorasan (Daesh-K) lends support to Massoud’s narrative.", "Massoud chastised this belief as “very naive,” as the Taliban had worked with terrorist groups for years and its takeover would make Afghanistan a hub for terrorism."],
    ),
    (  # 002:54, quotation spanning sentences, and an ellipsis
        "“$40 million every week that they’re sending through humanitarian aid,” he complained. “We very much appreciate it. You know, we are very grateful for it. However, some support like this, 40 million every week with no monitor to it, no entity to really watch it … it is empowering the Taliban.”",
        ["“$40 million every week that they’re sending through humanitarian aid,” he complained.", "“We very much appreciate it.", "You know, we are very grateful for it.", "However, some support like this, 40 million every week with no monitor to it, no entity to really watch it … it is empowering the Taliban.”"],
    ),
    (  # 004:5, dashes
        "Last week, I spoke with Ahmad Wali Massoud, the younger brother of the late resistance icon Ahmad Shah Massoud – affectionately known as the Lion of Panjshir – and former Afghan ambassador to the United Kingdom. During our interview, Massoud shared his thoughts on his brother’s enduring legacy.",
        ["Last week, I spoke with Ahmad Wali Massoud, the younger brother of the late resistance icon Ahmad Shah Massoud – affectionately known as the Lion of Panjshir – and former Afghan ambassador to the United Kingdom.", "During our interview, Massoud shared his thoughts on his brother’s enduring legacy."],
    ),
    (  # 000:37, rhetorical questions
        "Imposing your government through the barrel of a gun will not bring you legitimacy. I am not here to start a war, I am here to talk. What is the vision for the future of Afghanistan? What do you want for the future of Afghanistan? Let us establish a foundation to build upon.",
        ["Imposing your government through the barrel of a gun will not bring you legitimacy.", "I am not here to start a war, I am here to talk.", "What is the vision for the future of Afghanistan?", "What do you want for the future of Afghanistan?", "Let us establish a foundation to build upon."],
    ),
    (  # 003:15
        "O’Donnell interviewed Massoud by email. Here are two hos his answers to her questions:",
        ["O’Donnell interviewed Massoud by email.", "Here are two hos his answers to her questions:"],
    ),
]


def _from_spans(spans_of: Callable[[str], list[tuple[int, int]]]) -> Callable[[str], list[str]]:
    return lambda text: [text[a:b].strip() for a, b in spans_of(text) if text[a:b].strip()]


def splitters() -> dict[str, Callable[[str], list[str]]]:
    """The candidates that are installed: blingfire (used by the pipeline), nupunkt, pysbd."""
    found: dict[str, Callable[[str], list[str]]] = {}
    from flows.language.text import split_sentences

    found["blingfire"] = _from_spans(split_sentences)
    if importlib.util.find_spec("nupunkt"):
        import nupunkt

        found["nupunkt"] = _from_spans(nupunkt.sent_spans)
    if importlib.util.find_spec("pysbd"):
        import pysbd

        segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
        found["pysbd"] = _from_spans(lambda text: [(s.start, s.end) for s in segmenter.segment(text)])
    return found


def boundaries(sentences: list[str], text: str) -> set[int]:
    """Where sentences end, as offsets into text."""
    ends, position = set(), 0
    for sentence in sentences:
        position = text.index(sentence, position) + len(sentence)
        ends.add(position)
    return ends


def score(split: Callable[[str], list[str]]) -> dict[str, float]:
    exact, true_positive, predicted, expected = 0, 0, 0, 0
    for text, gold in GOLD:
        got = split(text)
        exact += got == gold
        want, have = boundaries(gold, text), boundaries(got, text)
        true_positive += len(want & have)
        predicted += len(have)
        expected += len(want)
    return {
        "cases exact": exact / len(GOLD),
        "boundary precision": true_positive / predicted,
        "boundary recall": true_positive / expected,
    }


def main() -> None:
    print(f"{len(GOLD)} passages from the seeds, {sum(len(g) for _, g in GOLD)} gold sentences")
    print(f"{'splitter':<12}{'cases exact':>13}{'precision':>11}{'recall':>8}")
    for name, split in splitters().items():
        result = score(split)
        print(f"{name:<12}{result['cases exact']:>13.2f}{result['boundary precision']:>11.2f}{result['boundary recall']:>8.2f}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
