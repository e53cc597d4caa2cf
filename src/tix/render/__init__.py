"""Turning tickets into what people read: rich renderables and plain-text lines.

Nothing here prints; the command layer chooses the mode and the stream.
"""
