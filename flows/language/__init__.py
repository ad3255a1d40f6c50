"""Language helpers the stages share: text spans and sentences, dates, interview structure, entities and
people, quotes, genres, credit lines, restated passages, near-duplicates."""
