"""Spiders: where links come from (feeds, single URLs). Thin: extraction lives in extract/."""
