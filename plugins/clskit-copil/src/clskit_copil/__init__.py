"""The COPIL deck exporter for clskit."""
