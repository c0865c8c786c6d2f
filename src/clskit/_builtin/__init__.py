"""The core's own plugins, registered exactly as installed plugins are."""
