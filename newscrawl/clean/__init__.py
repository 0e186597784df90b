"""Pure steps after extraction: normalize, sanitize (policy in policy.py), validate, and the page
-> article -> post chain (article.py)."""
