"""Landing: files dropped in the landing folder -> raw.articles and raw.rejected_inputs.

discover  walks the folder safely (no symlinks, bounded sizes, transparent .gz)
readers   one reader per format, bytes -> ArticleRecord / Rejection
text      decoding, cleaning and language detection shared by the readers
store     set-based, idempotent inserts
land      land_folder(): ties them together for one load"""
from diplomacy.landing.land import LandingSummary, land_folder

__all__ = ["land_folder", "LandingSummary"]
