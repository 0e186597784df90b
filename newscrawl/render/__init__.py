"""Article -> post text (YAML front matter + HTML body), pure."""
