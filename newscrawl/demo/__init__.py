"""The bundled demo site and the small HTTP server that serves it (demo and tests)."""
