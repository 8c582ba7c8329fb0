"""Reading a lecturer's notes (Markdown with $...$ mathematics) into a draft lecture file.

No manim here: the notes are read, their equations checked with sympy, and a lecture
written that the templates then plan and draw.
"""
