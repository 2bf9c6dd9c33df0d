"""Views of the quality app: standards, reviews, partner reports, and the analyses (schools, effect, need)."""
