"""Item pipelines, one transformation per module; their order is in settings.ITEM_PIPELINES."""
