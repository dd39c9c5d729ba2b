"""Renderers over one findings document; they never decide anything."""
